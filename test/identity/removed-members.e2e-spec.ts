import {
  aDeliveredOrder,
  aDraftOrder,
  anAcceptedOrder,
  anInProgressOrder,
  aScenario,
  aSubmittedOrder,
  OrderScenario,
} from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { EventDispatch } from '../../src/notifications/event-dispatch';
import { ScheduledWork } from '../../src/notifications/scheduled-work';
import { NotificationWorkers } from '../../src/notifications/notification-workers';
import { startTestApp, TestApp } from '../support/test-app';

interface Order {
  id: string;
  version: number;
  recommendations: Array<{ id: string }>;
  changeRequests: Array<{ id: string }>;
}

/** One acting route of the requesting side, on an order in a status where it is allowed. */
interface ActingRoute {
  name: string;
  order: Order;
  method: 'post' | 'patch';
  path: (o: Order) => string;
  body: (o: Order) => object;
}

describe('members removed from a unit no longer act for it', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let colleague: TestUser;
  let routes: ActingRoute[];

  const current = async (id: string): Promise<Order> => (await w.as(colleague).get(`/api/v1/orders/${id}`).expect(200)).body;

  async function inConsultation(): Promise<Order> {
    const order = await aSubmittedOrder(w, s);
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'Which languages?' }).expect(201);
    return current(order.id);
  }

  async function withDeliverersChangeRequest(): Promise<Order> {
    const order = await anInProgressOrder(w, s);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'Print later', title: 'Open day flyer, v2' })
      .expect(201);
    return current(order.id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    colleague = await w.aRequester(s.school);

    // Every order is placed by the requester while still a member.
    const [draftToEdit, draftToSubmit, submittedToMessage, submittedToCancel] = await Promise.all([
      aDraftOrder(w, s),
      aDraftOrder(w, s),
      aSubmittedOrder(w, s),
      aSubmittedOrder(w, s),
    ]);
    const [toRevise, toKeep] = [await inConsultation(), await inConsultation()];
    const inProgress = await anInProgressOrder(w, s);
    const [toApprove, toReject] = [await withDeliverersChangeRequest(), await withDeliverersChangeRequest()];
    const [toAcceptDelivery, toReopen, toGiveFeedback, withRetrospective] = [
      await aDeliveredOrder(w, s),
      await aDeliveredOrder(w, s),
      await aDeliveredOrder(w, s),
      await aDeliveredOrder(w, s),
    ];
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${withRetrospective.id}/retrospective`, {
        outcome: 'Delivered on time.',
        purposeAssessment: 'Reached.',
        recommendations: [{ text: 'Order two weeks earlier', rationale: 'Printing takes time', category: 'timing' }],
      })
      .expect(201);
    const draftWithRecommendation = await aDraftOrder(w, s);
    expect(draftWithRecommendation.recommendations).toHaveLength(1);

    routes = [
      {
        name: 'edit a draft',
        order: draftToEdit,
        method: 'patch',
        path: (o) => `/api/v1/orders/${o.id}`,
        body: (o) => ({ version: o.version, title: 'New title' }),
      },
      {
        name: 'submit',
        order: draftToSubmit,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/submit`,
        body: (o) => ({ version: o.version }),
      },
      {
        name: 'decide a recommendation',
        order: draftWithRecommendation,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/recommendations/${o.recommendations[0].id}/decision`,
        body: (o) => ({ version: o.version, decision: 'adopted' }),
      },
      {
        name: 'write a message',
        order: submittedToMessage,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/messages`,
        body: () => ({ kind: 'question', body: 'Any news?' }),
      },
      {
        name: 'cancel',
        order: submittedToCancel,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/cancel`,
        body: (o) => ({ version: o.version, reason: 'No longer needed' }),
      },
      {
        name: 'revise',
        order: toRevise,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/revise`,
        body: (o) => ({ version: o.version, followedAdvice: true }),
      },
      {
        name: 'keep',
        order: toKeep,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/keep`,
        body: (o) => ({ version: o.version, reason: 'As ordered' }),
      },
      {
        name: 'propose a change',
        order: inProgress,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/change-requests`,
        body: (o) => ({ version: o.version, reason: 'A clearer title', title: 'Open day flyer, final' }),
      },
      {
        name: 'approve a change',
        order: toApprove,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/change-requests/${o.changeRequests[0].id}/approve`,
        body: (o) => ({ version: o.version }),
      },
      {
        name: 'reject a change',
        order: toReject,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/change-requests/${o.changeRequests[0].id}/reject`,
        body: (o) => ({ version: o.version, note: 'No' }),
      },
      {
        name: 'accept the delivery',
        order: toAcceptDelivery,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/accept-delivery`,
        body: (o) => ({ version: o.version }),
      },
      {
        name: 'reopen',
        order: toReopen,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/reopen`,
        body: (o) => ({ version: o.version, reason: 'Typo on page 2' }),
      },
      {
        name: 'give feedback',
        order: toGiveFeedback,
        method: 'post',
        path: (o) => `/api/v1/orders/${o.id}/feedback`,
        body: (o) => ({ version: o.version, satisfaction: 4, purposeAchieved: 'yes' }),
      },
    ];

    // The admin empties the requester's memberships.
    const admin = await w.anAdmin();
    await w.as(admin).patch(`/api/v1/users/${s.requester.id}`, { memberships: [] }).expect(200);
  }, 120_000);
  afterAll(() => t.close());

  it('refuses every acting route of the requesting side with 403 naming the unit, while a current member still may', async () => {
    for (const route of routes) {
      const before = await current(route.order.id);
      const refused = await w.as(s.requester)[route.method](route.path(before), route.body(before));
      expect({ route: route.name, status: refused.status }).toEqual({ route: route.name, status: 403 });
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.detail).toContain(`no longer a requester of ${s.school.name}`);
      // Nothing changed, and the same request from someone who still requests for the unit succeeds.
      expect((await current(route.order.id)).version).toBe(before.version);
      const allowed = await w.as(colleague)[route.method](route.path(before), route.body(before));
      expect([route.name, [200, 201].includes(allowed.status) ? 'ok' : allowed.body]).toEqual([route.name, 'ok']);
    }
  });

  it('still lets them read the orders they placed, drafts included, with nothing left to do', async () => {
    for (const route of routes) {
      const read = await w.as(s.requester).get(`/api/v1/orders/${route.order.id}`).expect(200);
      expect(read.body.allowedActions).toEqual([]);
    }
    await w.as(s.requester).get(`/api/v1/orders/${routes[0].order.id}/timeline`).expect(200);
  });

  it('keeps refusing a new order for the unit', async () => {
    const res = await w
      .as(s.requester)
      .post('/api/v1/orders', {
        serviceId: s.serviceId,
        requesterUnitId: s.school.id,
        title: 'Another',
        purpose: 'Still trying',
        answers: {},
      })
      .expect(403);
    expect(res.body.detail).toContain('requester');
  });

  it('on the delivering side, a removed deliverer no longer sees the unit’s orders, and a deliverer turned manager sees but does not act', async () => {
    const admin = await w.anAdmin();
    const other = await aScenario(w);
    const leaver = await w.aDeliverer(other.support);
    const promoted = await w.aDeliverer(other.support);
    const [toStart, toAccept] = [await anAcceptedOrder(w, other), await aSubmittedOrder(w, other)];
    await w.as(leaver).get(`/api/v1/orders/${toStart.id}`).expect(200);
    await w.as(admin).patch(`/api/v1/users/${leaver.id}`, { memberships: [] }).expect(200);
    await w
      .as(admin)
      .patch(`/api/v1/users/${promoted.id}`, { memberships: [{ unitId: other.support.id, role: 'manager' }] })
      .expect(200);

    await w.as(leaver).post(`/api/v1/orders/${toStart.id}/start`, { version: toStart.version }).expect(404);
    await w.as(leaver).post(`/api/v1/orders/${toAccept.id}/accept`, { version: toAccept.version }).expect(404);
    await w.as(leaver).get(`/api/v1/orders/${toStart.id}`).expect(404);

    await w.as(promoted).get(`/api/v1/orders/${toStart.id}`).expect(200);
    await w.as(promoted).post(`/api/v1/orders/${toStart.id}/start`, { version: toStart.version }).expect(403);
    await w.as(promoted).post(`/api/v1/orders/${toAccept.id}/accept`, { version: toAccept.version }).expect(403);
    await w.as(other.deliverer).post(`/api/v1/orders/${toStart.id}/start`, { version: toStart.version }).expect(200);
  });

  it('a deliverer moved to another unit hears nothing more of the old unit’s orders, and is taken off them (audited)', async () => {
    const admin = await w.anAdmin();
    const other = await aScenario(w);
    const mover = await w.aDeliverer(other.support);
    const elsewhere = await w.aUnit('support');
    const overdue = await anAcceptedOrder(w, other);
    const assigned = await w
      .as(other.deliverer)
      .post(`/api/v1/orders/${overdue.id}/assign`, { version: overdue.version, assigneeId: mover.id })
      .expect(200);
    expect(assigned.body.assigneeId).toBe(mover.id);
    // The deadline passes while she still works there: the overdue event names her as assignee.
    await t.db.query(`UPDATE orders SET due_date = current_date - 2 WHERE id = $1`, [overdue.id]);
    await t.app.get(ScheduledWork).detectOverdue();
    const [event] = await t.db.query(`SELECT id, payload FROM outbox_events WHERE type = 'order.overdue' AND order_id = $1`, [overdue.id]);
    expect(event.payload.assigneeId).toBe(mover.id);

    // She moves to another unit before the notification goes out.
    await w
      .as(admin)
      .patch(`/api/v1/users/${mover.id}`, { memberships: [{ unitId: elsewhere.id, role: 'deliverer' }] })
      .expect(200);
    await w.as(mover).get(`/api/v1/orders/${overdue.id}`).expect(404);
    await t.app.get(EventDispatch).dispatchStored(event.id);

    const notified = async (userId: string) =>
      (
        await t.db.query(
          `SELECT (SELECT count(*)::int FROM notifications WHERE event_id = $1 AND user_id = $2) AS inbox,
                  (SELECT count(*)::int FROM outbound_mails WHERE event_id = $1 AND user_id = $2) AS mails`,
          [event.id, userId],
        )
      )[0];
    expect(await notified(mover.id)).toEqual({ inbox: 0, mails: 0 });
    expect((await notified(other.deliverer.id)).inbox).toBe(1); // the unit's current deliverers still hear of it

    // The order is no longer hers: unassigned, with the change in the audit trail by the admin.
    const now = await w.as(other.deliverer).get(`/api/v1/orders/${overdue.id}`).expect(200);
    expect(now.body.assigneeId).toBeNull();
    expect(now.body.version).toBeGreaterThan(assigned.body.version);
    const audit = await t.db.query(
      `SELECT actor_id, before, after FROM audit_events WHERE entity = 'order' AND entity_id = $1 AND action = 'order.assign' ORDER BY at`,
      [overdue.id],
    );
    expect(audit.at(-1)).toMatchObject({
      actor_id: admin.id,
      before: { assigneeId: mover.id },
      after: { assigneeId: null, note: 'membership ended' },
    });
  });
  it('a deliverer moved to another unit gets no daily digest of what the old unit’s orders brought before she left', async () => {
    const admin = await w.anAdmin();
    const other = await aScenario(w);
    const mover = await w.aDeliverer(other.support);
    const elsewhere = await w.aUnit('support');
    for (const user of [mover, other.deliverer]) {
      await w.as(user).put('/api/v1/me/notification-preferences', { email: true, digest: 'daily', events: {} }).expect(200);
    }
    // While she works there, the unit hears of a new order: it waits in her inbox for the digest.
    const order = await aSubmittedOrder(w, other);
    const [event] = await t.db.query(`SELECT id FROM outbox_events WHERE type = 'order.submitted' AND order_id = $1`, [order.id]);
    await t.app.get(EventDispatch).dispatchStored(event.id);
    const inbox = async (userId: string) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND user_id = $2`, [event.id, userId]))[0].n;
    expect(await inbox(mover.id)).toBe(1);

    await w
      .as(admin)
      .patch(`/api/v1/users/${mover.id}`, { memberships: [{ unitId: elsewhere.id, role: 'deliverer' }] })
      .expect(200);
    await w.as(mover).get(`/api/v1/orders/${order.id}`).expect(404);
    await t.app.get(NotificationWorkers).sendDigests();

    const digestsNaming = async (userId: string) =>
      (
        await t.db.query(`SELECT count(*)::int AS n FROM outbound_mails WHERE user_id = $1 AND event_id IS NULL AND text_body LIKE $2`, [
          userId,
          `%${order.id}%`,
        ])
      )[0].n;
    expect(await digestsNaming(mover.id)).toBe(0);
    expect(await digestsNaming(other.deliverer.id)).toBe(1); // who still works there gets it
  });
});
