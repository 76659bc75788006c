import { EventDispatch } from '../../src/notifications/event-dispatch';
import { aDeliveredOrder } from '../factories/orders';
import { BrowserTest, Visitor } from './support/browser-test';

/**
 * The loop closes on the pages: the teacher reads the retrospective of her own order (with the
 * professional note and each recommendation's why) and has its mail; the communications officer
 * reads her feedback with its comment, is notified of it, and logs the time the order took;
 * someone outside both units sees neither.
 */
describe('closing the loop in a browser', () => {
  let b: BrowserTest;
  const password = 'correct horse battery';
  beforeAll(async () => {
    b = await BrowserTest.start();
  });
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(async () => {
    v.done();
    await v.close();
  });

  /** What the notify job does after the commit, run here directly for every stored event. */
  async function notifyAll(): Promise<void> {
    const events: { id: string }[] = await b.t.db.query('SELECT id FROM outbox_events ORDER BY occurred_at, id');
    for (const e of events) await b.t.app.get(EventDispatch).dispatchStored(e.id);
  }

  it('the teacher reads the retrospective, the officer the feedback, an outsider neither', async () => {
    const school = await b.w.aUnit('core', { name: 'Harbour School' });
    const comms = await b.w.aUnit('support', { name: 'Communications' });
    const teacher = await b.w.aUser([[school, 'requester']], { password });
    const officer = await b.w.aUser([[comms, 'deliverer']], { password });
    const outsider = await b.w.aUser([[await b.w.aUnit('core'), 'requester']], { password });
    const service = await b.w.aService(comms, [], { name: 'Printed flyer or poster' });
    const s = { requester: teacher, deliverer: officer, school, support: comms, serviceId: service.id };
    const delivered = await aDeliveredOrder(b.w, s);
    await b.t.db.query(`UPDATE orders SET professional_note = $2 WHERE id = $1`, [
      delivered.id,
      'Delivered as ordered; a digital invitation would have reached parents sooner.',
    ]);
    await b.w
      .as(officer)
      .post(`/api/v1/orders/${delivered.id}/retrospective`, {
        version: delivered.version,
        outcome: '400 flyers handed out; 60 families came to the open day.',
        purposeAssessment: 'Partly achieved: fewer parents came than the school hoped.',
        recommendations: [
          { text: 'Invite parents through the school app next time.', rationale: 'Parents read the app daily.', category: 'channel' },
        ],
      })
      .expect(201);
    await notifyAll();

    v = await b.visitor();
    await v.signIn(teacher.email, password);
    await v.goto(`/orders/${delivered.id}`);
    const retro = await v.page.locator('#retrospective').innerText();
    for (const text of [
      'Retrospective from the support unit',
      '400 flyers handed out; 60 families came to the open day.',
      'Partly achieved: fewer parents came than the school hoped.',
      'Delivered as ordered; a digital invitation would have reached parents sooner.',
      'Invite parents through the school app next time.',
      'Why: Parents read the app daily.',
    ])
      expect(retro).toContain(text);
    await v.screenshot('order-retrospective');
    const [mail] = await b.t.db.query(`SELECT subject FROM outbound_mails WHERE user_id = $1 AND subject LIKE '%retrospective%'`, [
      teacher.id,
    ]);
    expect(mail.subject).toBe(`[${delivered.reference}] The retrospective of your order is ready to read: Open day flyer`);

    // The teacher accepts and answers "how did it go?" on the page.
    await v.click(v.page.getByRole('button', { name: 'Accept the delivery' }));
    await v.page.getByLabel('4', { exact: true }).check();
    await v.page.getByLabel('Partly').check();
    await v.page.getByLabel('Comment').fill('Lovely flyers; next time we will try the app as well.');
    await v.click(v.page.getByRole('button', { name: 'Send feedback' }));
    await v.close();
    await notifyAll();

    v = await b.visitor();
    await v.signIn(officer.email, password);
    await v.goto('/notifications');
    expect(await v.page.locator('main').innerText()).toContain('Feedback was given');
    await v.goto(`/orders/${delivered.id}`);
    const feedback = await v.page.locator('#feedback').innerText();
    expect(feedback).toContain('4 of 5');
    expect(feedback).toContain('Partly');
    expect(feedback).toContain('Lovely flyers; next time we will try the app as well.');
    await v.page.locator('#effort-minutes').fill('45');
    await v.page.locator('#effort-note').fill('Writing the retrospective');
    await v.click(v.page.locator('#effort-submit'));
    expect(await v.page.locator('#effort').innerText()).toContain('45 minutes logged so far.');
    await v.screenshot('order-feedback');
    await v.close();

    v = await b.visitor();
    await v.signIn(outsider.email, password);
    const response = await v.page.goto(`/orders/${delivered.id}`);
    expect(response?.status()).toBe(404);
    await v.audit();
    expect(await v.page.locator('main').innerText()).not.toContain('Lovely flyers');
  });
});
