import { aDeliveredOrder, aScenario, aSubmittedOrder, anAcceptedOrder, OrderScenario, pointers } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** The time an order took: logged by the delivering side from acceptance on, summed in the order view. */
describe('effort on an order', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
  });

  afterAll(() => t.close());

  it('logs several entries from confirmed on, closed orders too, and sums them in the order view', async () => {
    const accepted = await anAcceptedOrder(w, s);
    expect(accepted.effortMinutes).toBe(0);
    expect(accepted.allowedActions).toContain('log_effort');
    const first = await w.as(s.deliverer).post(`/api/v1/orders/${accepted.id}/effort`, { minutes: 90, note: 'Layout' }).expect(201);
    expect(first.body).toMatchObject({ orderId: accepted.id, authorId: s.deliverer.id, minutes: 90, note: 'Layout' });
    await w.as(s.deliverer).post(`/api/v1/orders/${accepted.id}/effort`, { minutes: 30 }).expect(201);
    const seen = (await w.as(s.requester).get(`/api/v1/orders/${accepted.id}`).expect(200)).body;
    expect(seen.effortMinutes).toBe(120);
    // Logging time is no change to the order: its version stays.
    expect(seen.version).toBe(accepted.version);

    const delivered = await aDeliveredOrder(w, s);
    await t.db.query(`UPDATE orders SET status = 'closed', closed_at = now() WHERE id = $1`, [delivered.id]);
    await w.as(s.deliverer).post(`/api/v1/orders/${delivered.id}/effort`, { minutes: 45, note: 'The retrospective' }).expect(201);
    expect((await w.as(s.deliverer).get(`/api/v1/orders/${delivered.id}`).expect(200)).body.effortMinutes).toBe(45);
  });

  it('refuses the requesting side (403), before confirmation (409), outsiders (404) and minutes outside 1..1440 (400)', async () => {
    const submitted = await aSubmittedOrder(w, s);
    const early = await w.as(s.deliverer).post(`/api/v1/orders/${submitted.id}/effort`, { minutes: 10 }).expect(409);
    expect(early.body.currentStatus).toBe('submitted');
    const accepted = await anAcceptedOrder(w, s);
    await w.as(s.requester).post(`/api/v1/orders/${accepted.id}/effort`, { minutes: 10 }).expect(403);
    const outsider = await w.aDeliverer(await w.aUnit('support'));
    await w.as(outsider).post(`/api/v1/orders/${accepted.id}/effort`, { minutes: 10 }).expect(404);
    for (const minutes of [0, 1441, 2.5, '60']) {
      const bad = await w.as(s.deliverer).post(`/api/v1/orders/${accepted.id}/effort`, { minutes }).expect(400);
      expect(new Set(pointers(bad.body))).toEqual(new Set(['/minutes']));
    }
    const long = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${accepted.id}/effort`, { minutes: 5, note: 'x'.repeat(501) })
      .expect(400);
    expect(pointers(long.body)).toEqual(['/note']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM order_efforts WHERE order_id = $1`, [accepted.id]);
    expect(n).toBe(0);
    expect((await w.as(s.deliverer).get(`/api/v1/orders/${accepted.id}`).expect(200)).body.effortMinutes).toBe(0);
  });
});
