import request from 'supertest';
import { businessHoursBetween, parseOfficeHours } from '../../src/orders/domain/business-hours';
import { roundFirstResponse } from '../../src/insights/domain/metrics';
import { rebuildRollups } from '../../src/insights/rollup-rebuild';
import { aDraftOrder, aScenario, aSubmittedOrder, OrderScenario, pointers } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS = [
  { key: 'audience', type: 'text' as const, label: 'Who is it for?', required: true },
  { key: 'print', type: 'yesno' as const, label: 'Printed?', required: true },
];
const COMPLETE = { audience: 'Parents', print: false };

describe('intake completion, abandoned drafts, first response and "what stopped you?" in the report; deleting a draft', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let manager: TestUser;
  let deleted: { id: string };
  let backdatedSubmit: Date;
  let acceptedAt: Date;

  beforeAll(async () => {
    // Office hours round the clock in UTC, so the expected first response depends on weekends only.
    t = await startTestApp({ OFFICE_HOURS: '00:00-24:00', OFFICE_TIME_ZONE: 'UTC' });
    w = new World(t);
    s = await aScenario(w, QUESTIONS);
    manager = await w.aUser([[s.support, 'manager']]);

    // Six drafts started this month:
    //   A submitted and accepted (first response measured below), B submitted and asked a question,
    //   F submitted then cancelled ("takes_too_long"),
    //   C deleted ("questions_too_hard", left at `print`), D still a draft (left at `audience`),
    //   E cancelled as a draft ("no_longer_needed", left at `audience`).
    // intakeCompletionRate = 3 / 6 = 0.5; draftsAbandoned = 3
    // stoppedBy: questions_too_hard 1 (C), no_longer_needed 1 (E), takes_too_long 1 (F)
    const a = await aSubmittedOrder(w, s, { answers: COMPLETE });
    backdatedSubmit = new Date(Date.now() - 26 * 3_600_000);
    await t.db.query('UPDATE orders SET submitted_at = $2 WHERE id = $1', [a.id, backdatedSubmit]);
    const accepted = await w.as(s.deliverer).post(`/api/v1/orders/${a.id}/accept`, { version: a.version }).expect(200);
    acceptedAt = new Date((await t.db.query(`SELECT at FROM status_events WHERE order_id = $1 AND action = 'accept'`, [a.id]))[0].at);
    expect(accepted.body.status).toBe('confirmed');

    const b = await aSubmittedOrder(w, s, { answers: COMPLETE });
    await w.as(s.deliverer).post(`/api/v1/orders/${b.id}/messages`, { kind: 'question', body: 'Which school year?' }).expect(201);

    const f = await aSubmittedOrder(w, s, { answers: COMPLETE });
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${f.id}/cancel`, { version: f.version, reason: 'We found a printer ourselves.', stoppedBy: 'takes_too_long' })
      .expect(200);

    deleted = await aDraftOrder(w, s, { answers: { audience: 'Parents' } });
    await request(t.http)
      .post(`/api/v1/orders/${deleted.id}/attachments`)
      .set('Authorization', `Bearer ${s.requester.token}`)
      .attach('file', Buffer.from('a draft of the text'), 'text.txt')
      .expect(201);
    await aDraftOrder(w, s, { answers: {} });
    const e = await aDraftOrder(w, s, { answers: {} });
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${e.id}/cancel`, { version: e.version, reason: 'Not needed after all', stoppedBy: 'no_longer_needed' })
      .expect(200);
  });

  afterAll(() => t.close());

  it('refuses to delete what is not a draft of one’s own, a stale version and an unknown reason', async () => {
    const submitted = await aSubmittedOrder(w, s, { answers: COMPLETE });
    await w.as(s.requester).delete(`/api/v1/orders/${submitted.id}`).expect(409);
    await w.as(s.deliverer).delete(`/api/v1/orders/${deleted.id}`).expect(404);
    // A colleague in the same requesting unit sees the draft but does not delete it.
    const colleague = await w.aRequester(s.school);
    await w.as(colleague).get(`/api/v1/orders/${deleted.id}`).expect(200);
    await w.as(colleague).delete(`/api/v1/orders/${deleted.id}`).expect(403);
    await w.as(s.requester).delete(`/api/v1/orders/${deleted.id}?version=99`).expect(409);
    const bad = await w.as(s.requester).delete(`/api/v1/orders/${deleted.id}?stoppedBy=bored`).expect(400);
    expect(pointers(bad.body)).toEqual(['/stoppedBy']);
    // The submitted one above counts as a draft started and submitted: keep the numbers below by cancelling nothing.
    await t.db.query('DELETE FROM intake_facts WHERE order_id = $1', [submitted.id]);
    await t.db.query('DELETE FROM orders WHERE id = $1', [submitted.id]);
  });

  it('deletes the requester’s draft with its attachments (204), answering 404 after', async () => {
    await w.as(s.requester).delete(`/api/v1/orders/${deleted.id}?stoppedBy=questions_too_hard&note=Too%20many%20questions`).expect(204);
    await w.as(s.requester).get(`/api/v1/orders/${deleted.id}`).expect(404);
    expect(await t.db.query('SELECT 1 FROM attachments WHERE order_id = $1', [deleted.id])).toHaveLength(0);
    // The counting record: ids, month and answers, no person.
    const [kept] = await t.db.query('SELECT submitted, stopped_by, left_at_question FROM intake_facts WHERE order_id = $1', [deleted.id]);
    expect(kept).toEqual({ submitted: false, stopped_by: 'questions_too_hard', left_at_question: 'print' });
  });

  it('reports the hand-computed intake measures, stop reasons and first response, and where drafts were left', async () => {
    // Rebuild the rollups after the test above removed an order behind their back.
    await rebuildRollups(t.db);
    const report = await w.as(manager).get(`/api/v1/reports/feedback-loop?groupBy=supportUnit&supportUnitId=${s.support.id}`).expect(200);
    expect(report.body.rows).toHaveLength(1);
    // First response: A's (backdated submit → acceptance, in business hours, rounded as kept),
    // B's (seconds: 0 in quarter hours, or nothing on a weekend, also 0). Median of two = their mean.
    const hoursA = businessHoursBetween(backdatedSubmit, acceptedAt, { holidays: new Set() }, parseOfficeHours('00:00-24:00', 'UTC'));
    const expectedMedian = Math.round((roundFirstResponse(hoursA) / 2) * 100) / 100;
    expect(report.body.rows[0]).toMatchObject({
      orders: 3,
      intakeCompletionRate: 0.5,
      draftsAbandoned: 3,
      firstResponseMedianHours: expectedMedian,
      stoppedBy: { no_longer_needed: 1, found_another_way: 0, questions_too_hard: 1, takes_too_long: 1, other: 0 },
    });
    expect(report.body.abandonedAt).toEqual([
      { serviceId: s.serviceId, service: expect.any(String), questionKey: 'audience', drafts: 2 },
      { serviceId: s.serviceId, service: expect.any(String), questionKey: 'print', drafts: 1 },
    ]);
  });

  it('keeps the rollups equal to a rebuild from the facts as drafts come and go', async () => {
    const before = await w.as(manager).get(`/api/v1/reports/feedback-loop?groupBy=month&supportUnitId=${s.support.id}`).expect(200);
    const draft = await aDraftOrder(w, s, { answers: {} });
    const after = await w.as(manager).get(`/api/v1/reports/feedback-loop?groupBy=month&supportUnitId=${s.support.id}`).expect(200);
    const month = (r: { body: { rows: Array<{ orders: number; draftsAbandoned: number; stoppedBy: Record<string, number> }> } }) =>
      r.body.rows.find((row) => row.orders > 0)!;
    expect(month(after).draftsAbandoned).toBe(month(before).draftsAbandoned + 1);
    await w.as(s.requester).delete(`/api/v1/orders/${draft.id}`).send({ stoppedBy: 'other' }).expect(204);
    const incremental = (await w.as(manager).get(`/api/v1/reports/feedback-loop?groupBy=month&supportUnitId=${s.support.id}`).expect(200))
      .body;
    await rebuildRollups(t.db);
    const rebuilt = (await w.as(manager).get(`/api/v1/reports/feedback-loop?groupBy=month&supportUnitId=${s.support.id}`).expect(200)).body;
    expect(incremental).toEqual(rebuilt);
    expect(month({ body: rebuilt }).stoppedBy.other).toBe(1);
  });
});
