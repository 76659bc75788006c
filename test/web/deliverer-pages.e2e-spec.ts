import request from 'supertest';
import { aScenario, aSubmittedOrder, anInProgressOrder, aDeliveredOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = PAGE_PASSWORD;

/** The version hidden in a page's forms. */
function versionOn(html: string): string {
  return /name="version" value="(\d+)"/.exec(html)![1];
}

describe('deliverer pages', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let deliverer: TestUser;
  let colleague: TestUser;
  let browser: PageBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w, [
      { key: 'copies', type: 'number', label: 'How many copies', required: true, min: 1 },
      {
        key: 'format',
        type: 'choice',
        label: 'Format',
        options: [
          { value: 'a4', label: 'A4' },
          { value: 'a5', label: 'A5' },
        ],
      },
    ]);
    deliverer = await w.aUser([[s.support, 'deliverer']], { password: PASSWORD });
    colleague = await w.aUser([[s.support, 'deliverer']], { password: PASSWORD });
    s = { ...s, deliverer };
    browser = new PageBrowser(t);
    await browser.signIn(deliverer);
  });
  afterAll(() => t.close());

  it('shows the unit’s queue with the API’s filters, an empty state and a cursor to the next page', async () => {
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(await aSubmittedOrder(w, s, { title: `Queue flyer ${i}`, answers: { copies: 10 } }));
    const all = await browser.get('/queue');
    expect(all.status).toBe(200);
    for (const o of orders) expect(all.text).toContain(o.reference);
    expect(all.text).toContain('Queue flyer 2');

    const searched = await browser.get(`/queue?q=${encodeURIComponent('flyer 1')}`);
    expect(searched.text).toContain(orders[1].reference);
    expect(searched.text).not.toContain(orders[0].reference);

    const empty = await browser.get('/queue?waitingOnRequester=true');
    expect(empty.text).toContain('No orders match these filters.');
    expect(empty.text).toContain('Clear the filters');
    const mine = await browser.get('/queue?assigneeId=me&status=submitted');
    expect(mine.text).toContain('No orders match these filters.');

    for (let i = 0; i < 25; i++) await aSubmittedOrder(w, s, { title: `Paged flyer ${i}`, answers: { copies: 1 } });
    const first = await browser.get('/queue');
    const next = /href="(\/queue\?cursor=[^"]+)" rel="next"/.exec(first.text)?.[1];
    expect(next).toBeDefined();
    const second = await browser.get(next!.replace(/&amp;/g, '&'));
    expect(second.text).toContain(orders[0].reference);
    expect(second.text).toContain('First page');

    const fi = await browser.get('/queue', 'fi');
    expect(fi.text).toContain('<html lang="fi"');
    expect(fi.text).toContain('Tilaava yksikkö');
  });

  it('shows open orders by default, several statuses at once, and sorts by a column heading', async () => {
    const open = await aSubmittedOrder(w, s, { title: 'Still open', answers: { copies: 2 } });
    const cancelled = await aSubmittedOrder(w, s, { title: 'Called off', answers: { copies: 2 } });
    await w.as(s.requester).post(`/api/v1/orders/${cancelled.id}/cancel`, { version: cancelled.version, reason: 'Not needed' }).expect(200);

    const byDefault = await browser.get('/queue');
    expect(byDefault.text).toContain(open.reference);
    expect(byDefault.text).not.toContain(cancelled.reference);
    expect(byDefault.text).toContain('Showing: Open orders');
    expect(byDefault.text).toContain('app-width-container--wide');
    // The columns a day's work needs, each labelled for the stacked rows on a phone.
    for (const column of ['Service', 'Requesting unit', 'Assignee', 'Age', 'Changed', 'Due']) expect(byDefault.text).toContain(column);
    expect(byDefault.text).toContain('data-label="Service"');

    const both = await browser.get('/queue?status=submitted&status=cancelled');
    expect(both.text).toContain(open.reference);
    expect(both.text).toContain(cancelled.reference);
    expect(both.text).toMatch(/value="cancelled" checked/);
    expect((await browser.get('/queue?status=any')).text).toContain(cancelled.reference);
    expect((await browser.get('/queue?status=cancelled')).text).not.toContain(open.reference);

    // The due column's heading sorts soonest first; the order stays in every link it gives.
    const sortLink =
      /<th scope="col" class="govuk-table__header" aria-sort="none">\s*<a class="govuk-link app-sort-link" href="([^"]+)">Due/.exec(
        byDefault.text,
      )?.[1];
    expect(sortLink?.replace(/&amp;/g, '&')).toBe('/queue?sort=due&order=asc');
    const sorted = await browser.get('/queue?sort=due&order=asc');
    expect(sorted.text).toMatch(
      /aria-sort="ascending">\s*<a class="govuk-link app-sort-link" href="\/queue\?sort=due&amp;order=desc" aria-current="true">Due/,
    );
    expect(sorted.text).toContain('href="/queue?assigneeId=me&amp;sort=due&amp;order=asc"');
  });

  it('saves the view on screen, for oneself or the unit, and removes it', async () => {
    const page = await browser.get('/queue?status=submitted&sort=due');
    const query = /name="query" value="([^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    expect(query).toBe('status=submitted&sort=due');
    const empty = await browser.post('/queue/views', { query, name: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('href="#view-name"');

    const saved = await browser.post('/queue/views', { query, name: 'Due soon', share: 'unit', unitId: s.support.id });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/queue?status=submitted&sort=due&done=saved');
    const listed = await browser.get('/queue');
    expect(listed.text).toContain('>Due soon</a>');
    expect(listed.text).toContain(`shared with ${s.support.name}`);
    const other = await new PageBrowser(t).signIn(colleague);
    expect((await other.get('/queue')).text).toContain('href="/queue?sort=due&amp;status=submitted">Due soon</a>');
    // Opened, it is marked as the view on screen.
    expect((await other.get('/queue?sort=due&status=submitted')).text).toMatch(/aria-current="page">Due soon<\/a>/);

    const remove = /action="(\/queue\/views\/[^"]+\/delete)"/.exec(listed.text)![1];
    expect((await other.post(remove, {})).status).toBe(403);
    expect((await browser.post(remove, {})).headers.location).toBe('/queue?done=removed');
    expect((await browser.get('/queue')).text).not.toContain('Due soon');
  });

  it('accepts the ticked orders at once and names the one someone changed meanwhile', async () => {
    const a = await aSubmittedOrder(w, s, { title: 'Bulk one', answers: { copies: 3 } });
    const b = await aSubmittedOrder(w, s, { title: 'Bulk two', answers: { copies: 3 } });
    const page = await browser.get('/queue?status=submitted');
    const box = (id: string) => new RegExp(`value="(${id}:\\d+:[^"]+)"`).exec(page.text)![1];
    const boxes = [box(a.id), box(b.id)];
    // Someone changes the second order after the page was shown.
    await w.as(colleague).post(`/api/v1/orders/${b.id}/assign`, { version: b.version, assigneeId: colleague.id }).expect(200);
    const done = await browser.post('/queue/bulk', { action: 'accept', order: boxes });
    expect(done.status).toBe(200);
    expect(done.text).toContain('1 of 2 orders done.');
    expect(done.text).toContain(`${b.reference}</a>: someone changed it meanwhile`);
    expect((await w.as(deliverer).get(`/api/v1/orders/${a.id}`).expect(200)).body.status).toBe('confirmed');
    expect((await w.as(deliverer).get(`/api/v1/orders/${b.id}`).expect(200)).body.status).toBe('submitted');

    const none = await browser.post('/queue/bulk', { action: 'accept' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Tick at least one order');
  });

  it('refuses the queue to someone who delivers for no unit', async () => {
    const requester = new PageBrowser(t);
    await requester.signIn(await w.aUser([[s.school, 'requester']], { password: PASSWORD }));
    expect((await requester.get('/queue')).status).toBe(403);
  });

  it('works an order through ask, advise with suggested answers, accept with an assignee, start, hold, resume, the checklist and delivery', async () => {
    const order = await aSubmittedOrder(w, s, { title: 'Worked flyer', answers: { copies: 50, format: 'a4' } });
    const page = await browser.get(`/orders/${order.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Accept the order');
    expect(page.text).toContain('Ask the requester a question');
    expect(page.text).not.toContain('Deliver the order');

    // Ask: empty is an error on the form, then sent.
    await browser.get(`/orders/${order.id}/ask`);
    const emptyAsk = await browser.post(`/orders/${order.id}/ask`, { version: String(order.version), body: '' });
    expect(emptyAsk.status).toBe(400);
    expect(emptyAsk.text).toContain('govuk-error-summary');
    expect(emptyAsk.text).toContain('Fill in “Your question”');
    expect(emptyAsk.text).toContain('href="#body"');
    const asked = await browser.post(`/orders/${order.id}/ask`, { version: String(order.version), body: 'Who is the audience?' });
    expect(asked.status).toBe(303);
    expect(asked.headers.location).toBe(`/orders/${order.id}?done=asked`);
    let view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.status).toBe('in_consultation');

    // Advise with suggested answers, typed per question.
    const adviceForm = await browser.get(`/orders/${order.id}/advise`);
    expect(adviceForm.text).toContain('Answered now: A4');
    const advised = await browser.post(`/orders/${order.id}/advise`, {
      version: versionOn(adviceForm.text),
      body: 'A5 is enough for a flyer.',
      'answers[copies]': '40',
      'answers[format]': 'a5',
    });
    expect(advised.status).toBe(303);
    view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.messages.map((m: { kind: string }) => m.kind)).toEqual(['question', 'advice']);
    expect(view.messages[1].suggestedAnswers).toEqual({ copies: 40, format: 'a5' });

    // The requester keeps the order; the deliverer accepts it for a colleague.
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${order.id}/keep`, { version: view.version, reason: 'A4 fits the notice boards.' })
      .expect(200);
    const toAccept = await browser.get(`/orders/${order.id}`);
    expect(toAccept.text).toContain('The order was kept as it was: A4 fits the notice boards.');
    // Someone who does not deliver for the unit cannot be the assignee: said beside the field.
    const refused = await browser.post(`/orders/${order.id}/accept`, { version: versionOn(toAccept.text), assigneeId: s.requester.id });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#accept-assigneeId"');
    expect(refused.text).toContain('Choose “Who does the work” again: the one given is not available');
    const accepted = await browser.post(`/orders/${order.id}/accept`, { version: versionOn(toAccept.text), assigneeId: colleague.id });
    expect(accepted.status).toBe(303);
    view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.status).toBe('confirmed');
    expect(view.assigneeId).toBe(colleague.id);

    const confirmed = await browser.get(`/orders/${order.id}?done=accepted`);
    expect(confirmed.text).toContain('The order was accepted.');
    expect(confirmed.text).toContain('Start the work');
    expect((await browser.post(`/orders/${order.id}/start`, { version: versionOn(confirmed.text) })).status).toBe(303);

    // Hold needs a note; then resume.
    let current = await browser.get(`/orders/${order.id}`);
    const noNote = await browser.post(`/orders/${order.id}/hold`, { version: versionOn(current.text), note: '' });
    expect(noNote.status).toBe(400);
    expect(noNote.text).toContain('Fill in “Why is the work paused?”');
    expect(
      (await browser.post(`/orders/${order.id}/hold`, { version: versionOn(current.text), note: 'Waiting for the logo.' })).status,
    ).toBe(303);
    current = await browser.get(`/orders/${order.id}`);
    expect(current.text).toContain('Resume the work');
    expect((await browser.post(`/orders/${order.id}/resume`, { version: versionOn(current.text) })).status).toBe(303);

    // Delivering with items not done shows them in the error summary, linked to their buttons.
    const deliverForm = await browser.get(`/orders/${order.id}/deliver`);
    view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    const notDone = await browser.post(`/orders/${order.id}/deliver`, { version: versionOn(deliverForm.text), deliveryNote: 'Printed.' });
    expect(notDone.status).toBe(409);
    expect(notDone.text).toContain('govuk-error-summary');
    expect(notDone.text).toContain(`href="#checklist-${view.checklist[0].id}"`);
    expect(notDone.text).toContain('Mark “How many copies: 50” as done on the checklist before delivering');
    expect(notDone.text).toContain('Printed.');

    for (const item of view.checklist) {
      const ticked = await browser.post(`/orders/${order.id}/checklist/${item.id}`, {
        version: String(view.version),
        done: 'true',
        next: `/orders/${order.id}/deliver`,
      });
      expect(ticked.status).toBe(303);
      expect(ticked.headers.location).toBe(`/orders/${order.id}/deliver#checklist`);
    }
    const ready = await browser.get(`/orders/${order.id}/deliver`);
    const delivered = await browser.post(`/orders/${order.id}/deliver`, {
      version: versionOn(ready.text),
      deliveryNote: 'Printed and sent to the school office.',
      professionalNote: 'A5 would have done.',
    });
    expect(delivered.status).toBe(303);
    view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view).toMatchObject({
      status: 'delivered',
      deliveryNote: 'Printed and sent to the school office.',
      professionalNote: 'A5 would have done.',
    });
  });

  it('gives the 409 page for a stale version and never overwrites', async () => {
    const order = await anInProgressOrder(w, s, { answers: { copies: 5 } });
    const stale = await browser.post(`/orders/${order.id}/hold`, { version: String(order.version - 1), note: 'Old page' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone changed this order');
    expect(stale.text).toContain(`href="/orders/${order.id}"`);
    const view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.status).toBe('in_progress');
  });

  it('transfers to another service with a note, and proposes a change', async () => {
    const other = await w.aService(s.support, [], { name: 'Poster printing' });
    const order = await aSubmittedOrder(w, s, { answers: { copies: 5 } });
    const form = await browser.get(`/orders/${order.id}/transfer`);
    expect(form.text).toContain('Poster printing');
    const missing = await browser.post(`/orders/${order.id}/transfer`, { version: versionOn(form.text), serviceId: '', note: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#serviceId"');
    expect(missing.text).toContain('href="#note"');
    const moved = await browser.post(`/orders/${order.id}/transfer`, {
      version: versionOn(form.text),
      serviceId: other.id,
      note: 'Posters are printed there.',
    });
    expect(moved.status).toBe(303);
    expect((await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body.serviceId).toBe(other.id);

    const started = await anInProgressOrder(w, s, { answers: { copies: 5 } });
    const change = await browser.get(`/orders/${started.id}/propose-change`);
    const proposed = await browser.post(`/orders/${started.id}/propose-change`, {
      version: versionOn(change.text),
      reason: 'The venue changed.',
      title: 'Open day flyer, new venue',
      purpose: '',
    });
    expect(proposed.status).toBe(303);
    const view = (await w.as(s.requester).get(`/api/v1/orders/${started.id}`).expect(200)).body;
    expect(view.changeRequests[0]).toMatchObject({ reason: 'The venue changed.' });

    // A change the requester proposes is the delivering side's to approve or reject.
    const changing = await anInProgressOrder(w, s, { answers: { copies: 5 } });
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${changing.id}/change-requests`, { reason: 'Twice as many parents.', answers: { copies: 10 } })
      .expect(201);
    const page = await browser.get(`/orders/${changing.id}`);
    expect(page.text).toContain('The requester proposes a change');
    const crId = /changes\/([0-9a-f-]{36})\/approve/.exec(page.text)![1];
    const approved = await browser.post(`/orders/${changing.id}/changes/${crId}/approve`, { version: versionOn(page.text) });
    expect(approved.status).toBe(303);
    const decided = (await w.as(s.requester).get(`/api/v1/orders/${changing.id}`).expect(200)).body;
    expect(decided.changeRequests[0].status).toBe('approved');
    expect(decided.specVersions).toHaveLength(2);
  });

  it('writes the retrospective: another recommendation row without JavaScript, errors per row, then saved and shown', async () => {
    const order = await aDeliveredOrder(w, s, { answers: { copies: 5 } });
    const form = await browser.get(`/orders/${order.id}/retrospective`);
    expect(form.text).toContain('Recommendation 1');
    expect(form.text).not.toContain('Recommendation 2');
    const more = await browser.post(`/orders/${order.id}/retrospective`, {
      version: versionOn(form.text),
      rows: '1',
      add: '1',
      outcome: 'Kept',
    });
    expect(more.status).toBe(200);
    expect(more.text).toContain('Recommendation 2');
    expect(more.text).toContain('>Kept</textarea>');

    const invalid = await browser.post(`/orders/${order.id}/retrospective`, {
      version: versionOn(form.text),
      rows: '2',
      outcome: 'The flyers went out in time.',
      purposeAssessment: 'More parents came.',
      'rec-0-text': '',
      'rec-1-text': 'Order two weeks earlier.',
      'rec-1-rationale': '',
      'rec-1-category': 'timing',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('href="#rec-1-rationale"');
    expect(invalid.text).toContain('Fill in “Why: the purpose behind it (recommendation 2)”');

    const saved = await browser.post(`/orders/${order.id}/retrospective`, {
      version: versionOn(form.text),
      rows: '2',
      outcome: 'The flyers went out in time.',
      purposeAssessment: 'More parents came.',
      'rec-1-text': 'Order two weeks earlier.',
      'rec-1-rationale': 'Printing takes a week in spring.',
      'rec-1-category': 'timing',
      'rec-1-targetServiceId': s.serviceId,
    });
    expect(saved.status).toBe(303);
    const page = await browser.get(`/orders/${order.id}?done=retrospective`);
    expect(page.text).toContain('The retrospective was saved.');
    expect(page.text).toContain('Order two weeks earlier.');
    expect(page.text).not.toContain('Write the retrospective');
    const recs = (await w.as(s.requester).get(`/api/v1/recommendations?unitId=${s.school.id}`).expect(200)).body.items;
    expect(recs).toEqual([expect.objectContaining({ text: 'Order two weeks earlier.', category: 'timing', targetServiceId: s.serviceId })]);
    expect((await browser.get(`/orders/${order.id}/retrospective`)).status).toBe(409);
  });

  it('lets every form that refers to files tick the order’s files, without JavaScript, on both sides', async () => {
    // Another school: the one above has a recommendation waiting for a decision on its next order.
    const school = await w.aUnit('core');
    const teacher = await w.aUser([[school, 'requester']], { password: PASSWORD });
    const mine = { ...s, school, requester: teacher };
    const order = await aSubmittedOrder(w, mine, { answers: { copies: 5 } });
    const upload = async (user: TestUser, orderId: string, name: string): Promise<{ id: string }> =>
      (
        await request(t.http)
          .post(`/api/v1/orders/${orderId}/attachments`)
          .set('Authorization', `Bearer ${user.token}`)
          .attach('file', Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`), name)
          .expect(201)
      ).body.items[0];
    const brief = await upload(teacher, order.id, 'brief.pdf');
    const sketch = await upload(deliverer, order.id, 'sketch.pdf');
    const names = (files: Array<{ name: string }>) => files.map((f) => f.name);

    // Ask: the files are a checkbox list; one that is not the order's is an error at the list.
    const askForm = await browser.get(`/orders/${order.id}/ask`);
    expect(askForm.text).toContain(`value="${brief.id}"`);
    expect(askForm.text).toContain('sketch.pdf');
    const stranger = await browser.post(`/orders/${order.id}/ask`, {
      version: versionOn(askForm.text),
      body: 'Is this the brief?',
      attachmentIds: [brief.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.text).toContain('href="#attachmentIds"');
    expect(stranger.text).toMatch(new RegExp(`value="${brief.id}"[^>]*checked`));
    expect(
      (
        await browser.post(`/orders/${order.id}/ask`, {
          version: versionOn(askForm.text),
          body: 'Is this the brief?',
          attachmentIds: brief.id,
        })
      ).status,
    ).toBe(303);
    let view = (await w.as(teacher).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(names(view.messages[0].attachments)).toEqual(['brief.pdf']);

    // The requester answers with a file from the order page's answer form.
    const requesterBrowser = await new PageBrowser(t).signIn(teacher);
    const teacherPage = await requesterBrowser.get(`/orders/${order.id}`);
    expect(teacherPage.text).toContain(`id="answer-files"`);
    const answered = await requesterBrowser.post(`/orders/${order.id}/conversation`, {
      version: versionOn(teacherPage.text),
      kind: 'answer',
      body: 'Yes, and here is the sketch back.',
      attachmentIds: [sketch.id],
    });
    expect(answered.status).toBe(303);

    // Advise with two files.
    const adviceForm = await browser.get(`/orders/${order.id}/advise`);
    expect(
      (
        await browser.post(`/orders/${order.id}/advise`, {
          version: versionOn(adviceForm.text),
          body: 'Use the sketch as the layout.',
          attachmentIds: [brief.id, sketch.id],
        })
      ).status,
    ).toBe(303);
    view = (await w.as(teacher).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.messages.map((m: { attachments: Array<{ name: string }> }) => names(m.attachments))).toEqual([
      ['brief.pdf'],
      ['sketch.pdf'],
      ['brief.pdf', 'sketch.pdf'],
    ]);

    // Change requests, from either side.
    const started = await anInProgressOrder(w, mine, { answers: { copies: 5 } });
    const layout = await upload(deliverer, started.id, 'layout.pdf');
    const changeForm = await browser.get(`/orders/${started.id}/propose-change`);
    expect(changeForm.text).toContain(`value="${layout.id}"`);
    expect(
      (
        await browser.post(`/orders/${started.id}/propose-change`, {
          version: versionOn(changeForm.text),
          reason: 'A new layout.',
          title: 'Open day flyer, new layout',
          purpose: '',
          attachmentIds: layout.id,
        })
      ).status,
    ).toBe(303);
    view = (await w.as(teacher).get(`/api/v1/orders/${started.id}`).expect(200)).body;
    expect(names(view.changeRequests[0].attachments)).toEqual(['layout.pdf']);
    const theirs = await anInProgressOrder(w, mine, { answers: { copies: 5 } });
    const photo = await upload(teacher, theirs.id, 'photo.pdf');
    const requesterPage = await requesterBrowser.get(`/orders/${theirs.id}`);
    expect(requesterPage.text).toContain('id="change-files"');
    // A file that is not the order's: the error at the list, what was ticked still ticked.
    const refused = await requesterBrowser.post(`/orders/${theirs.id}/change-requests`, {
      version: versionOn(requesterPage.text),
      reason: 'Our photo on it.',
      purpose: `${theirs.purpose} With our photo.`,
      attachmentIds: [photo.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('href="#change-files"');
    expect(refused.text).toMatch(new RegExp(`value="${photo.id}"[^>]*checked`));
    const proposed = await requesterBrowser.post(`/orders/${theirs.id}/change-requests`, {
      version: versionOn(requesterPage.text),
      reason: 'Our photo on it.',
      purpose: `${theirs.purpose} With our photo.`,
      attachmentIds: photo.id,
    });
    expect(proposed.status).toBe(303);
    view = (await w.as(teacher).get(`/api/v1/orders/${theirs.id}`).expect(200)).body;
    expect(names(view.changeRequests[0].attachments)).toEqual(['photo.pdf']);

    // The retrospective.
    const delivered = await aDeliveredOrder(w, mine, { answers: { copies: 5 } });
    const final = await upload(deliverer, delivered.id, 'final.pdf');
    const retroForm = await browser.get(`/orders/${delivered.id}/retrospective`);
    expect(retroForm.text).toContain(`value="${final.id}"`);
    const written = await browser.post(`/orders/${delivered.id}/retrospective`, {
      version: versionOn(retroForm.text),
      rows: '1',
      outcome: 'Printed on time.',
      purposeAssessment: 'Parents came.',
      attachmentIds: final.id,
    });
    expect(written.status).toBe(303);
    view = (await w.as(teacher).get(`/api/v1/orders/${delivered.id}`).expect(200)).body;
    expect(names(view.retrospective.attachments)).toEqual(['final.pdf']);
  });

  it('renders every deliverer page in Finnish and Swedish', async () => {
    // Another school: the one above has a recommendation waiting for a decision on its next order.
    const school = await w.aUnit('core');
    s = { ...s, school, requester: await w.aRequester(school) };
    const submitted = await aSubmittedOrder(w, s, { answers: { copies: 5, format: 'a4' } });
    const started = await anInProgressOrder(w, s, { answers: { copies: 5 } });
    const delivered = await aDeliveredOrder(w, s, { answers: { copies: 5 } });
    const pages = [
      '/queue',
      `/orders/${submitted.id}`,
      `/orders/${submitted.id}/ask`,
      `/orders/${submitted.id}/advise`,
      `/orders/${submitted.id}/transfer`,
      `/orders/${started.id}`,
      `/orders/${started.id}/hold`,
      `/orders/${started.id}/propose-change`,
      `/orders/${started.id}/deliver`,
      `/orders/${delivered.id}/retrospective`,
    ];
    for (const language of ['fi', 'sv']) {
      for (const path of pages) {
        const res = await browser.get(path, language);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect(res.text).toContain(`<html lang="${language}"`);
        expect(res.text).not.toMatch(/\b(deliverer|queue|order|status|category)\.[a-z]/);
      }
    }
  });
});
