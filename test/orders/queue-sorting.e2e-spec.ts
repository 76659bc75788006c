import { aScenario, aSubmittedOrder, anAcceptedOrder, anInProgressOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

interface Summary {
  id: string;
  status: string;
  dueDate: string | null;
}

describe('GET /api/v1/orders: several statuses at once, sorted by age, change or due date, paged in that order', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  const due: Record<string, string | null> = {};
  let submitted: { id: string };
  let consulting: { id: string };
  let confirmed: Array<{ id: string }>;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    submitted = await aSubmittedOrder(w, s, { title: 'Waiting' });
    const toConsult = await aSubmittedOrder(w, s, { title: 'Consulting' });
    consulting = (
      await w.as(s.deliverer).post(`/api/v1/orders/${toConsult.id}/messages`, { kind: 'question', body: 'Which size?' }).expect(201)
    ).body.order;
    confirmed = [];
    for (const [i, day] of ['2031-03-01', '2031-01-01', '2031-02-01'].entries()) {
      const order = i === 0 ? await anInProgressOrder(w, s, { title: `Due ${day}` }) : await anAcceptedOrder(w, s, { title: `Due ${day}` });
      await t.db.query('UPDATE orders SET due_date = $2 WHERE id = $1', [order.id, day]);
      due[order.id] = day;
      confirmed.push(order);
    }
  });
  afterAll(() => t.close());

  async function list(query: string): Promise<{ items: Summary[]; nextCursor: string | null }> {
    return (await w.as(s.deliverer).get(`/api/v1/orders?supportUnitId=${s.support.id}&${query}`).expect(200)).body;
  }

  it('takes several statuses, comma-separated, and names a status it does not know', async () => {
    const { items } = await list('status=submitted,in_consultation');
    expect(items.map((i) => i.id).sort()).toEqual([submitted.id, consulting.id].sort());
    expect((await list('status=in_progress')).items.map((i) => i.id)).toEqual([confirmed[0].id]);
    const bad = await w.as(s.deliverer).get('/api/v1/orders?status=submitted,lost').expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/status']);
  });

  it('sorts by due date soonest first with orders without one last, and pages in that order', async () => {
    const all = await list('sort=due&limit=50');
    expect(all.items.map((i) => i.dueDate)).toEqual(['2031-01-01', '2031-02-01', '2031-03-01', null, null]);
    const backwards = await list('sort=due&order=desc&limit=50');
    expect(backwards.items.map((i) => i.dueDate)).toEqual(['2031-03-01', '2031-02-01', '2031-01-01', null, null]);

    // Page by page, one at a time: the same orders in the same order, none twice.
    const seen: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await list(`sort=due&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.id)).toEqual(all.items.map((i) => i.id));
  });

  it('sorts by the last change and oldest first, and refuses a cursor of another sort', async () => {
    await t.db.query(`UPDATE orders SET updated_at = now() + interval '1 hour' WHERE id = $1`, [submitted.id]);
    expect((await list('sort=updated')).items[0].id).toBe(submitted.id);
    const oldestFirst = await list('sort=created&order=asc');
    expect(oldestFirst.items[0].id).toBe(submitted.id);
    const newestFirst = await list('limit=1');
    const refused = await w
      .as(s.deliverer)
      .get(`/api/v1/orders?supportUnitId=${s.support.id}&sort=due&cursor=${newestFirst.nextCursor}`)
      .expect(400);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/cursor']);
    await w.as(s.deliverer).get('/api/v1/orders?sort=priority').expect(400);
  });
});
