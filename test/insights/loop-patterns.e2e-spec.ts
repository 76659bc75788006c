import { aDeliveredOrder, aDraftOrder, aScenario, OrderScenario, pointers } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

describe('/reports/next: what keeps being declined or not achieved per service, and the manager’s decision as a note on the service', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let other: OrderScenario;
  let manager: TestUser;
  const orders: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    other = await aScenario(w);
    manager = await w.aUser([[s.support, 'manager']], { password: PAGE_PASSWORD });
    // Two delivered orders, each with a retrospective recommending one thing, and feedback "not achieved".
    // Both delivered first: a retrospective's recommendation waits on every later draft of the school.
    for (let i = 0; i < 2; i++) orders.push((await aDeliveredOrder(w, s)).id);
    for (const [i, text] of ['Order four weeks ahead', 'Send the texts in one file'].entries()) {
      const order = { id: orders[i] };
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/retrospective`, {
          outcome: 'The flyer came late for the open day.',
          purposeAssessment: 'Fewer parents came than hoped.',
          recommendations: [{ text, rationale: 'Printing takes two weeks', category: 'timing' }],
        })
        .expect(201);
      await w.as(s.requester).post(`/api/v1/orders/${order.id}/feedback`, { satisfaction: 2, purposeAchieved: 'no' }).expect(201);
    }
    // The next draft shows both recommendations; the school declines both.
    const draft = await aDraftOrder(w, s);
    expect(draft.recommendations).toHaveLength(2);
    for (const r of draft.recommendations) {
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${draft.id}/recommendations/${r.id}/decision`, {
          decision: 'declined',
          reason: 'Our timetable does not allow it',
        })
        .expect(200);
    }
  });
  afterAll(() => t.close());

  it('lists the service with both declined recommendations and both unachieved purposes, with the orders behind them', async () => {
    const res = await w.as(manager).get(`/api/v1/reports/next?supportUnitId=${s.support.id}`).expect(200);
    expect(res.body.services).toHaveLength(1);
    const [service] = res.body.services;
    expect(service.serviceId).toBe(s.serviceId);
    expect(service.declined.map((d: { text: string }) => d.text).sort()).toEqual(['Order four weeks ahead', 'Send the texts in one file']);
    expect(service.declined[0]).toMatchObject({ reason: 'Our timetable does not allow it' });
    expect(service.notAchieved.map((n: { orderId: string }) => n.orderId).sort()).toEqual([...orders].sort());
    expect(service.notAchieved[0].outcome).toBe('The flyer came late for the open day.');
    expect(service.notes).toEqual([]);
  });

  it('answers only the unit’s managers and admins', async () => {
    await w.as(manager).get(`/api/v1/reports/next?supportUnitId=${other.support.id}`).expect(403);
    await w.as(s.deliverer).get(`/api/v1/reports/next?supportUnitId=${s.support.id}`).expect(403);
    const bad = await w.as(manager).get('/api/v1/reports/next?supportUnitId=nope').expect(400);
    expect(pointers(bad.body)).toEqual(['/supportUnitId']);
  });

  it('records the manager’s decision as a note on the service (API), audited, and refuses others', async () => {
    const created = await w
      .as(manager)
      .post(`/api/v1/services/${s.serviceId}/notes`, { decision: 'change_questions', text: 'Ask for the event date first.' })
      .expect(201);
    expect(created.body).toMatchObject({ serviceId: s.serviceId, decision: 'change_questions', authorId: manager.id });
    const listed = await w.as(s.requester).get(`/api/v1/services/${s.serviceId}/notes`).expect(200);
    expect(listed.body.items.map((n: { text: string }) => n.text)).toEqual(['Ask for the event date first.']);
    const [audit] = await t.db.query(`SELECT action, entity_id FROM audit_events WHERE action = 'service.note_added'`);
    expect(audit).toEqual({ action: 'service.note_added', entity_id: s.serviceId });
    await w.as(s.deliverer).post(`/api/v1/services/${s.serviceId}/notes`, { decision: 'other', text: 'x' }).expect(403);
    const bad = await w.as(manager).post(`/api/v1/services/${s.serviceId}/notes`, { decision: 'ignore', text: '' }).expect(400);
    expect(pointers(bad.body).sort()).toEqual(['/decision', '/text']);
    const next = await w.as(manager).get(`/api/v1/reports/next?supportUnitId=${s.support.id}`).expect(200);
    expect(next.body.services[0].notes).toHaveLength(1);
  });

  it('shows the patterns on the page with links to the retrospectives, and records a decision from there', async () => {
    const browser = await new PageBrowser(t).signIn(manager);
    const page = await browser.get(`/reports/next?supportUnitId=${s.support.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Recommendations declined (2)');
    expect(page.text).toContain('Purposes not achieved (2)');
    for (const id of orders) expect(page.text).toContain(`href="/orders/${id}#retrospective"`);
    expect(page.text).toContain('Ask for the event date first.');

    const bad = await browser.post('/reports/next/notes', { unitId: s.support.id, serviceId: s.serviceId, decision: '', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`href="#note-${s.serviceId}-decision"`);
    const saved = await browser.post('/reports/next/notes', {
      unitId: s.support.id,
      serviceId: s.serviceId,
      decision: 'keep_as_is',
      text: 'The timetable is the schools’ to set.',
    });
    expect(saved.status).toBe(303);
    const after = await browser.get(saved.headers.location.split('#')[0]);
    expect(after.text).toContain('The decision is recorded on the service.');
    expect(after.text).toContain('Keep it as it is');
    expect(after.text).toContain('The timetable is the schools’ to set.');
    // Shown on the service too.
    const servicePage = await browser.get(`/catalog/services/${s.serviceId}/edit`);
    expect(servicePage.text).toContain('id="service-notes"');
    expect(servicePage.text).toContain('The timetable is the schools’ to set.');
    expect(servicePage.text).toContain('Change its questions');
  });
});
