import { aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

interface Result {
  id: string;
  status: number;
  order?: { status: string; assigneeId: string | null; version: number };
  problem?: { status: number; type: string; instance: string };
}

describe('POST /api/v1/orders/bulk: assign, accept and start many orders, each decided on its own', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let colleague: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    colleague = await w.aDeliverer(s.support);
  });
  afterAll(() => t.close());

  const bulk = (body: object, user: TestUser = s.deliverer) => w.as(user).post('/api/v1/orders/bulk', body);

  it('accepts every order it can and answers a stale version with a 409 for that order alone', async () => {
    const [a, b, c] = [await aSubmittedOrder(w, s), await aSubmittedOrder(w, s), await aSubmittedOrder(w, s)];
    const res = await bulk({
      action: 'accept',
      assigneeId: colleague.id,
      items: [
        { id: a.id, version: a.version },
        { id: b.id, version: b.version + 7 },
        { id: c.id, version: c.version },
      ],
    }).expect(200);
    const results: Result[] = res.body.results;
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [a.id, 200],
      [b.id, 409],
      [c.id, 200],
    ]);
    expect(results[0].order).toMatchObject({ status: 'confirmed', assigneeId: colleague.id });
    expect(results[1].problem).toMatchObject({ status: 409, instance: `/api/v1/orders/${b.id}/accept` });
    expect((await w.as(s.deliverer).get(`/api/v1/orders/${b.id}`).expect(200)).body.status).toBe('submitted');

    // Then started together, and assigned to me together.
    const started = await bulk({
      action: 'start',
      items: [results[0], results[2]].map((r) => ({ id: r.id, version: r.order!.version })),
    }).expect(200);
    expect(started.body.results.map((r: Result) => r.order?.status)).toEqual(['in_progress', 'in_progress']);
    const assigned = await bulk({
      action: 'assign',
      assigneeId: s.deliverer.id,
      items: started.body.results.map((r: Result) => ({ id: r.id, version: r.order!.version })),
    }).expect(200);
    expect(assigned.body.results.map((r: Result) => r.order?.assigneeId)).toEqual([s.deliverer.id, s.deliverer.id]);
  });

  it('answers an order of another unit with 404 and a refused step with 409, still doing the rest', async () => {
    const elsewhere = await aScenario(w);
    const foreign = await aSubmittedOrder(w, elsewhere);
    const mine = await aSubmittedOrder(w, s);
    const res = await bulk({
      action: 'start',
      items: [
        { id: foreign.id, version: foreign.version },
        { id: mine.id, version: mine.version },
      ],
    }).expect(200);
    // A submitted order is accepted before it is started: a lifecycle refusal, not a stale version.
    expect(res.body.results.map((r: Result) => r.status)).toEqual([404, 409]);
    expect(res.body.results[1].problem.type).toMatch(/action-not-allowed$/);
    const ok = await bulk({
      action: 'accept',
      items: [
        { id: foreign.id, version: foreign.version },
        { id: mine.id, version: mine.version },
      ],
    });
    expect(ok.body.results.map((r: Result) => r.status)).toEqual([404, 200]);
  });

  it('refuses a requester, a missing assignee for assign, repeated orders and an unknown action', async () => {
    const order = await aSubmittedOrder(w, s);
    await bulk({ action: 'accept', items: [{ id: order.id, version: order.version }] }, s.requester).expect(403);
    const noAssignee = await bulk({ action: 'assign', items: [{ id: order.id, version: order.version }] }).expect(400);
    expect(noAssignee.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/assigneeId']);
    const twice = await bulk({
      action: 'accept',
      items: [
        { id: order.id, version: order.version },
        { id: order.id, version: order.version },
      ],
    }).expect(400);
    expect(twice.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/items']);
    await bulk({ action: 'deliver', items: [{ id: order.id, version: order.version }] }).expect(400);
    await bulk({ action: 'accept', items: [] }).expect(400);
    expect((await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body.status).toBe('submitted');
  });
});
