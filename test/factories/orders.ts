import type { TestUnit, TestUser, World } from './world';

export interface OrderScenario {
  requester: TestUser;
  deliverer: TestUser;
  school: TestUnit;
  support: TestUnit;
  serviceId: string;
}

export const PURPOSE = 'Parents of new pupils know when and where the open day is, so more of them come.';

/** A school, a support unit, a requester, a deliverer and a service with no questions. */
export async function aScenario(w: World, questions: Parameters<World['aService']>[1] = []): Promise<OrderScenario> {
  const school = await w.aUnit('core');
  const support = await w.aUnit('support');
  const [requester, deliverer, service] = await Promise.all([w.aRequester(school), w.aDeliverer(support), w.aService(support, questions)]);
  return { requester, deliverer, school, support, serviceId: service.id };
}

export async function aDraftOrder(w: World, s: OrderScenario, overrides: Record<string, unknown> = {}) {
  const res = await w
    .as(s.requester)
    .post('/api/v1/orders', {
      serviceId: s.serviceId,
      requesterUnitId: s.school.id,
      title: 'Open day flyer',
      purpose: PURPOSE,
      answers: {},
      ...overrides,
    })
    .expect(201);
  return res.body;
}

export async function aSubmittedOrder(w: World, s: OrderScenario, overrides: Record<string, unknown> = {}) {
  const draft = await aDraftOrder(w, s, overrides);
  const res = await w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}

export async function anAcceptedOrder(w: World, s: OrderScenario, overrides: Record<string, unknown> = {}) {
  const submitted = await aSubmittedOrder(w, s, overrides);
  const res = await w.as(s.deliverer).post(`/api/v1/orders/${submitted.id}/accept`, { version: submitted.version }).expect(200);
  return res.body;
}

export async function anInProgressOrder(w: World, s: OrderScenario, overrides: Record<string, unknown> = {}) {
  const accepted = await anAcceptedOrder(w, s, overrides);
  const res = await w.as(s.deliverer).post(`/api/v1/orders/${accepted.id}/start`, { version: accepted.version }).expect(200);
  return res.body;
}

/** Ticks every checklist item and delivers. */
export async function aDeliveredOrder(w: World, s: OrderScenario, overrides: Record<string, unknown> = {}) {
  const started = await anInProgressOrder(w, s, overrides);
  for (const item of started.checklist) {
    await w.as(s.deliverer).patch(`/api/v1/orders/${started.id}/checklist/${item.id}`, { done: true }).expect(200);
  }
  const current = (await w.as(s.deliverer).get(`/api/v1/orders/${started.id}`).expect(200)).body;
  const res = await w
    .as(s.deliverer)
    .post(`/api/v1/orders/${started.id}/deliver`, { version: current.version, deliveryNote: 'Delivered as ordered.' })
    .expect(200);
  return res.body;
}

/**
 * Puts an in-progress order on hold as if that had happened `daysAgo` days ago. status_events
 * is append-only, so a past hold cannot be made by backdating the real hold event: this
 * appends the hold event with an earlier `at` (inserting is what the application itself does)
 * and moves the order row to on_hold.
 */
export async function holdSince(w: World, s: OrderScenario, orderId: string, daysAgo: number): Promise<void> {
  await w.t.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO status_events (order_id, seq, from_status, to_status, action, actor_id, note, at)
       SELECT $1, max(seq) + 1, 'in_progress', 'on_hold', 'hold', $2, 'Waiting for the venue', now() - make_interval(days => $3)
       FROM status_events WHERE order_id = $1`,
      [orderId, s.deliverer.id, daysAgo],
    );
    await m.query(`UPDATE orders SET status = 'on_hold', version = version + 1 WHERE id = $1`, [orderId]);
  });
}

/** The JSON pointers of a problem's field errors, sorted. */
export function pointers(body: { errors?: Array<{ pointer: string }> }): string[] {
  return (body.errors ?? []).map((e) => e.pointer).sort();
}
