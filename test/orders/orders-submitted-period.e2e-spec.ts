import { aScenario, aSubmittedOrder, OrderScenario, pointers } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/v1/orders?submittedFrom&submittedTo: the orders submitted in a period', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    // Submitted just before, on the first and last moments of, and just after March 2025 (UTC).
    for (const [name, at] of [
      ['february', '2025-02-28T23:59:59.999Z'],
      ['firstOfMarch', '2025-03-01T00:00:00Z'],
      ['lastOfMarch', '2025-03-31T23:59:59.999Z'],
      ['april', '2025-04-01T00:00:00Z'],
    ]) {
      const order = await aSubmittedOrder(w, s, { title: name });
      await t.db.query('UPDATE orders SET submitted_at = $2 WHERE id = $1', [order.id, at]);
      ids[name] = order.id;
    }
  });
  afterAll(() => t.close());

  const listed = async (query: string) =>
    ((await w.as(s.deliverer).get(`/api/v1/orders?${query}`).expect(200)).body.items as { id: string }[]).map((o) => o.id);

  it('keeps whole days in UTC, both ends included', async () => {
    expect(new Set(await listed('submittedFrom=2025-03-01&submittedTo=2025-03-31'))).toEqual(new Set([ids.firstOfMarch, ids.lastOfMarch]));
    expect(new Set(await listed('submittedFrom=2025-03-31'))).toEqual(new Set([ids.lastOfMarch, ids.april]));
    expect(new Set(await listed('submittedTo=2025-02-28'))).toEqual(new Set([ids.february]));
  });

  it('refuses a day that is not a calendar date, and a period ending before it starts, naming the field', async () => {
    const bad = await w.as(s.deliverer).get('/api/v1/orders?submittedFrom=2025-02-30').expect(400);
    expect(pointers(bad.body)).toEqual(['/submittedFrom']);
    const reversed = await w.as(s.deliverer).get('/api/v1/orders?submittedFrom=2025-03-02&submittedTo=2025-03-01').expect(400);
    expect(pointers(reversed.body)).toEqual(['/submittedTo']);
  });
});
