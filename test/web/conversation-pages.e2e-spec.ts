import { aSubmittedOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The conversation forms of the order page over HTTP, as a browser without JavaScript posts
 * them: the box shows where the order view's flags say so, the answer form returns the order in
 * one step, and an internal note forged by the requesting side is refused and shown nowhere.
 */
describe('the conversation on the order page', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    const school = await w.aUnit('core');
    const support = await w.aUnit('support');
    const requester = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    const deliverer = await w.aUser([[support, 'deliverer']], { password: PAGE_PASSWORD });
    s = { requester, deliverer, school, support, serviceId: (await w.aService(support)).id };
  });
  afterAll(() => t.close());

  it('answers a question from the page in one step, and keeps a forged internal note out', async () => {
    const order = await aSubmittedOrder(w, s);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'Which date is the open day?' })
      .expect(201);
    const anna = await new PageBrowser(t).signIn(s.requester);
    const page = await anna.get(`/orders/${order.id}`);
    expect(page.text).toContain('Answer the question');
    expect(page.text).toContain('id="comment-body"');
    expect(page.text).not.toContain('value="internal"');
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];

    // An internal note forged by the requesting side: refused, and written nowhere.
    const forged = await anna.post(`/orders/${order.id}/conversation`, { kind: 'internal', body: 'Sneaky note' });
    expect(forged.status).toBe(403);
    // An empty answer: the page again, the error naming the answer's field.
    const empty = await anna.post(`/orders/${order.id}/conversation`, { kind: 'answer', body: '', version });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#answer-body"');

    const answered = await anna.post(`/orders/${order.id}/conversation`, { kind: 'answer', body: 'The 4th of May.', version });
    expect(answered.status).toBe(303);
    expect(answered.headers.location).toBe(`/orders/${order.id}?done=answered`);
    const after = await anna.get(answered.headers.location);
    expect(after.text).toContain('Your answer has been sent. The order is back with the support unit.');
    expect(after.text).toContain('The 4th of May.');
    expect(after.text).not.toContain('Answer the question');
    const view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.status).toBe('submitted');
    expect(view.messages.map((m: { kind: string; channel: string }) => `${m.kind}/${m.channel}`)).toEqual(['question/api', 'answer/web']);

    // The officer writes an internal note from the page; the teacher's page never shows it.
    const carla = await new PageBrowser(t).signIn(s.deliverer);
    const officerPage = await carla.get(`/orders/${order.id}`);
    expect(officerPage.text).toContain('value="internal"');
    const noted = await carla.post(`/orders/${order.id}/conversation`, { kind: 'internal', body: 'Check the venue first.' });
    expect(noted.headers.location).toBe(`/orders/${order.id}?done=noted`);
    expect((await carla.get(`/orders/${order.id}`)).text).toContain('Check the venue first.');
    const teacherPage = await anna.get(`/orders/${order.id}`);
    expect(teacherPage.text).not.toContain('Check the venue first.');
    expect(teacherPage.text).not.toContain('Sneaky note');
  });
});
