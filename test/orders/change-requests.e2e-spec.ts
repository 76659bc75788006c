import type { Question } from '../../src/catalog/domain/question';
import { addBusinessDays, toIsoDate } from '../../src/orders/domain/business-days';
import { aScenario, aSubmittedOrder, anAcceptedOrder, anInProgressOrder, OrderScenario, pointers, holdSince } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
  { key: 'audience', type: 'text', label: 'Audience', required: true },
  { key: 'copies', type: 'number', label: 'Copies', required: true, min: 1, max: 1000 },
];
const ANSWERS = { audience: 'Parents of year 1', copies: 200 };
const LEAD_TIME = 5;

describe('change requests: the only way what was ordered changes after acceptance', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w, QUESTIONS);
  });
  afterAll(() => t.close());

  it('deliverer proposes, requester approves: a new spec version, updated order and due date', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const base = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(base.specVersions).toHaveLength(1);

    const proposed = (
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/change-requests`, {
          reason: 'The printer has a minimum run of 250.',
          title: 'Open day flyer (250)',
          answers: { audience: 'Parents of year 1', copies: 250 },
        })
        .expect(201)
    ).body;
    expect(proposed).toMatchObject({ status: 'open', proposedBy: s.deliverer.id, proposedBySide: 'deliverer' });
    // Proposing does not change the order itself.
    const meanwhile = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(meanwhile).toMatchObject({ status: 'in_progress', title: base.title, answers: ANSWERS });
    expect(meanwhile.changeRequests).toEqual([expect.objectContaining({ id: proposed.id, status: 'open' })]);

    // The proposer cannot approve their own change.
    const own = await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(403);
    expect(own.body.title).toBe('Not allowed');

    // Make the due date stale, so that recomputing it is visible.
    await t.db.query(`UPDATE orders SET due_date = current_date - 30 WHERE id = $1`, [order.id]);

    const approved = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`, { note: 'Fine, the extra ones go to the library.' })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({
      status: 'in_progress',
      title: 'Open day flyer (250)',
      answers: { audience: 'Parents of year 1', copies: 250 },
      dueDate: addBusinessDays(toIsoDate(new Date()), LEAD_TIME, { holidays: new Set() }),
    });
    expect(approved.version).toBe(base.version + 1);
    expect(approved.specVersions).toHaveLength(2);
    const [v1, v2] = approved.specVersions;
    expect(v1).toEqual(base.specVersions[0]);
    expect(v2).toMatchObject({
      number: 2,
      title: 'Open day flyer (250)',
      answers: { audience: 'Parents of year 1', copies: 250 },
      changeRequestId: proposed.id,
    });
    expect(v2.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(v2.contentHash).not.toBe(v1.contentHash);
    expect(approved.changeRequests).toEqual([
      expect.objectContaining({
        id: proposed.id,
        status: 'approved',
        decidedBy: s.requester.id,
        decisionNote: 'Fine, the extra ones go to the library.',
      }),
    ]);
    // The checklist follows the new spec.
    expect(approved.checklist.map((i: { label: string }) => i.label)).toContain('Copies: 250');

    // Deciding again is refused, whichever way.
    const again = await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/reject`).expect(409);
    expect(again.body.type).toMatch(/change-request-closed$/);
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(409);

    // A rejected proposal leaves the spec as it is.
    const second = (
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Could we drop to 100?', answers: { ...ANSWERS, copies: 100 } })
        .expect(201)
    ).body;
    const rejected = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${order.id}/change-requests/${second.id}/reject`, { note: 'No, we need them all.' })
        .expect(200)
    ).body;
    expect(rejected.specVersions).toHaveLength(2);
    expect(rejected).toMatchObject({ title: 'Open day flyer (250)', answers: { audience: 'Parents of year 1', copies: 250 } });
    expect(rejected.changeRequests.find((c: { id: string }) => c.id === second.id)).toMatchObject({ status: 'rejected' });
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${second.id}/approve`).expect(409);
    const final = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(final.specVersions).toHaveLength(2);

    const audit = await t.db.query(
      `SELECT action FROM audit_events WHERE entity = 'change_request' AND after->>'orderId' = $1 ORDER BY id`,
      [order.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['change_request.approved', 'change_request.rejected']);
  });

  it('works on a confirmed order the other way round: requester proposes, deliverer decides', async () => {
    const order = await anAcceptedOrder(w, s, { answers: ANSWERS });
    const proposed = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'A clearer title', title: 'Open day flyer, final' })
        .expect(201)
    ).body;
    expect(proposed.proposedBySide).toBe('requester');
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(403);
    const approved = (await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(200)).body;
    expect(approved).toMatchObject({ status: 'confirmed', title: 'Open day flyer, final', answers: ANSWERS });
    expect(approved.specVersions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
  });

  it('refuses a change request before acceptance (409) and invalid proposed answers (400)', async () => {
    const submitted = await aSubmittedOrder(w, s, { answers: ANSWERS });
    const early = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${submitted.id}/change-requests`, { reason: 'More copies', answers: { ...ANSWERS, copies: 300 } })
      .expect(409);
    expect(early.body).toMatchObject({ currentStatus: 'submitted' });
    expect(early.body.allowedActions).not.toContain('change_request');

    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const invalid = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Bad', answers: { copies: 5000, surprise: true } })
      .expect(400);
    expect(pointers(invalid.body)).toEqual(['/answers/audience', '/answers/copies', '/answers/surprise']);
    const nothing = await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Nothing' }).expect(400);
    expect(nothing.body.errors).toHaveLength(1);
    const noReason = await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests`, { title: 'x' }).expect(400);
    expect(pointers(noReason.body)).toContain('/reason');
    // Nothing was stored for the refused proposals.
    const after = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(after.changeRequests).toEqual([]);

    // An outsider cannot even see the order.
    const outsider = await w.aDeliverer(await w.aUnit('support'));
    await w.as(outsider).post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'x', title: 'y' }).expect(404);
  });

  it('refuses deciding once the order has been delivered', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const proposed = (
      await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Rename', title: 'Renamed' }).expect(201)
    ).body;
    for (const item of order.checklist) {
      await w.as(s.deliverer).patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
    }
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/deliver`, { deliveryNote: 'Done' }).expect(200);
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(409);
    const after = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(after.specVersions).toHaveLength(1);
    expect(after.changeRequests[0].status).toBe('open');
  });

  it('refuses to approve a change proposed against a spec version that a later approval replaced', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const propose = async (answers: Record<string, unknown>) =>
      (await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Adjust', answers }).expect(201)).body;
    const copies = await propose({ audience: 'Parents of year 1', copies: 300 });
    const audience = await propose({ audience: 'Parents of years 1 and 2', copies: 200 });
    expect([copies.basedOnSpec, audience.basedOnSpec]).toEqual([1, 1]);

    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${copies.id}/approve`).expect(200);
    // Approving the second would put copies back to 200: it must be proposed again on spec 2.
    const stale = await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${audience.id}/approve`).expect(409);
    expect(stale.body).toMatchObject({ basedOnSpec: 1, currentSpec: 2 });
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${order.id}/change-requests/${audience.id}/reject`, { note: 'Propose it again' })
      .expect(200);
    const again = await propose({ audience: 'Parents of years 1 and 2', copies: 300 });
    expect(again.basedOnSpec).toBe(2);
    const approved = (await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${again.id}/approve`).expect(200)).body;
    expect(approved.specVersions.map((v: { answers: unknown }) => v.answers)).toEqual([
      ANSWERS,
      { audience: 'Parents of year 1', copies: 300 },
      { audience: 'Parents of years 1 and 2', copies: 300 },
    ]);
  });

  it('does not let someone on both sides approve their own proposal', async () => {
    const both = await w.aUser([
      [s.school, 'requester'],
      [s.support, 'deliverer'],
    ]);
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const proposed = (
      await w
        .as(both)
        .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'More copies', answers: { ...ANSWERS, copies: 400 } })
        .expect(201)
    ).body;
    for (const verb of ['approve', 'reject']) {
      await w.as(both).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/${verb}`).expect(403);
    }
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(200);
  });

  it('counts a hold from the approval of a change made during it, not twice', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    await holdSince(w, s, order.id, 7);
    const proposed = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Bigger hall', answers: { ...ANSWERS, copies: 300 } })
        .expect(201)
    ).body;
    const approved = (await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`).expect(200)).body;
    expect(approved.dueDate).toBe(addBusinessDays(toIsoDate(new Date()), LEAD_TIME, { holidays: new Set() }));
    const resumed = (await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/resume`, { version: approved.version }).expect(200)).body;
    // Approved today, resumed today: the fresh due date does not move.
    expect(resumed).toMatchObject({ status: 'in_progress', dueDate: approved.dueDate });
  });

  it('takes the version read (body or If-Match) on every change to an order, and 409 on a stale one', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const item = order.checklist[0];
    const tick = (version: number) => w.as(s.deliverer).patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true, version });
    await tick(order.version - 1).expect(409);
    await tick(order.version).expect(200);
    const proposed = (
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/change-requests`, {
          version: order.version,
          reason: 'More',
          answers: { ...ANSWERS, copies: 300 },
        })
        .expect(201)
    ).body;
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`, { version: order.version - 1 })
      .expect(409);
    const approved = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${order.id}/change-requests/${proposed.id}/approve`)
        .set('If-Match', `"${order.version}"`)
        .expect(200)
    ).body;
    expect(approved.version).toBe(order.version + 1);
  });
});
