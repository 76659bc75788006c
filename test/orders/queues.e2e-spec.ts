import { toIsoDate } from '../../src/orders/domain/business-days';
import { aDraftOrder, aScenario, aSubmittedOrder, anAcceptedOrder, anInProgressOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

interface Summary {
  id: string;
  status: string;
  assigneeId: string | null;
  overdue: boolean;
  createdAt: string;
}

describe('queues: what a support unit sees in GET /api/v1/orders', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let colleague: TestUser;
  const o: Record<'unassigned' | 'mine' | 'theirs' | 'consulting' | 'late' | 'draft', { id: string; version: number }> = {} as never;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    colleague = await w.aDeliverer(s.support);
    // One after another so created_at orders them.
    o.unassigned = await aSubmittedOrder(w, s, { title: 'Unassigned' });
    o.mine = await anAcceptedOrder(w, s, { title: 'Mine' });
    const submitted = await aSubmittedOrder(w, s, { title: 'Theirs' });
    o.theirs = (
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${submitted.id}/accept`, { version: submitted.version, assigneeId: colleague.id })
        .expect(200)
    ).body;
    const toConsult = await aSubmittedOrder(w, s, { title: 'Consulting' });
    o.consulting = (
      await w.as(s.deliverer).post(`/api/v1/orders/${toConsult.id}/messages`, { kind: 'question', body: 'Which size?' }).expect(201)
    ).body.order;
    o.late = await anInProgressOrder(w, s, { title: 'Late' });
    await t.db.query(`UPDATE orders SET due_date = current_date - 3 WHERE id = $1`, [o.late.id]);
    o.draft = await aDraftOrder(w, s, { title: 'Draft' });
  });
  afterAll(() => t.close());

  async function list(user: TestUser, query: string): Promise<Summary[]> {
    const res = await w.as(user).get(`/api/v1/orders?${query}`).expect(200);
    return res.body.items;
  }
  const ids = (items: Summary[]) => items.map((i) => i.id).sort();

  it('filters by assignee: none, me, or a user id', async () => {
    expect(ids(await list(s.deliverer, 'assigneeId=none'))).toEqual([o.unassigned.id, o.consulting.id].sort());
    expect(ids(await list(s.deliverer, 'assigneeId=me'))).toEqual([o.mine.id, o.late.id].sort());
    expect(ids(await list(colleague, 'assigneeId=me'))).toEqual([o.theirs.id]);
    expect(ids(await list(s.deliverer, `assigneeId=${colleague.id}`))).toEqual([o.theirs.id]);
    const bad = await w.as(s.deliverer).get('/api/v1/orders?assigneeId=someone').expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/assigneeId']);
  });

  it('lists overdue work, marked overdue in the item', async () => {
    const overdue = await list(s.deliverer, 'overdue=true');
    expect(ids(overdue)).toEqual([o.late.id]);
    expect(overdue[0].overdue).toBe(true);
    const all = await list(s.deliverer, '');
    expect(all.filter((i) => i.overdue).map((i) => i.id)).toEqual([o.late.id]);
    // overdue=false is no filter at all.
    expect(await list(s.deliverer, 'overdue=false')).toHaveLength(all.length);
  });

  it('means the same by overdue in the filter and in the item, whatever the database time zone', async () => {
    // Due dates are business days in UTC (see accept). A database session in a zone whose
    // date differs from the UTC date must not move what counts as overdue.
    const zone = new Date().getUTCHours() >= 12 ? 'Etc/GMT-14' : 'Etc/GMT+12';
    const previous = process.env.PGOPTIONS;
    process.env.PGOPTIONS = `-c timezone=${zone}`;
    const t2 = await startTestApp();
    try {
      const [{ tz }] = await t2.db.query(`SELECT current_setting('TimeZone') AS tz`);
      expect(tz).toBe(zone);
      const w2 = new World(t2);
      const s2 = await aScenario(w2);
      const today = toIsoDate(new Date());
      const yesterday = toIsoDate(new Date(Date.now() - 86_400_000));
      const dueToday = await anInProgressOrder(w2, s2, { title: 'Due today' });
      const dueYesterday = await anInProgressOrder(w2, s2, { title: 'Due yesterday' });
      await t2.db.query(`UPDATE orders SET due_date = $2 WHERE id = $1`, [dueToday.id, today]);
      await t2.db.query(`UPDATE orders SET due_date = $2 WHERE id = $1`, [dueYesterday.id, yesterday]);
      const items: Summary[] = (await w2.as(s2.deliverer).get('/api/v1/orders').expect(200)).body.items;
      expect(items.filter((i) => i.overdue).map((i) => i.id)).toEqual([dueYesterday.id]);
      const filtered: Summary[] = (await w2.as(s2.deliverer).get('/api/v1/orders?overdue=true').expect(200)).body.items;
      expect(filtered.map((i) => i.id)).toEqual([dueYesterday.id]);
    } finally {
      if (previous === undefined) delete process.env.PGOPTIONS;
      else process.env.PGOPTIONS = previous;
      await t2.close();
    }
  });

  it('lists orders waiting on the requester', async () => {
    expect(ids(await list(s.deliverer, 'status=in_consultation'))).toEqual([o.consulting.id]);
    expect(ids(await list(s.deliverer, 'waitingOnRequester=true'))).toEqual([o.consulting.id]);
    expect(ids(await list(s.deliverer, 'status=confirmed'))).toEqual([o.mine.id, o.theirs.id].sort());
    await w.as(s.deliverer).get('/api/v1/orders?status=rejected').expect(400);
  });

  it('does not list the requester’s drafts to deliverers', async () => {
    expect(await list(s.deliverer, 'status=draft')).toEqual([]);
    expect(ids(await list(s.deliverer, ''))).not.toContain(o.draft.id);
    expect(ids(await list(s.requester, 'status=draft'))).toEqual([o.draft.id]);
  });

  it('pages with a cursor: every order once, newest first', async () => {
    // Two orders with the very same created_at: the id breaks the tie.
    await t.db.query(`UPDATE orders SET created_at = (SELECT created_at FROM orders WHERE id = $1) WHERE id = $2`, [
      o.mine.id,
      o.theirs.id,
    ]);
    const all = await list(s.requester, 'limit=200');
    expect(all).toHaveLength(6);
    const seen: Summary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await w.as(s.requester).get(`/api/v1/orders?${query}`).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(cursor).toBeNull();
    expect(pages).toBe(3);
    expect(seen.map((i) => i.id)).toEqual(all.map((i) => i.id));
    expect(new Set(seen.map((i) => i.id)).size).toBe(6);
    const times = seen.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // A filter and a cursor together.
    const first = (await w.as(s.deliverer).get('/api/v1/orders?limit=1&status=confirmed').expect(200)).body;
    const second = (
      await w
        .as(s.deliverer)
        .get(`/api/v1/orders?limit=1&status=confirmed&cursor=${encodeURIComponent(first.nextCursor)}`)
        .expect(200)
    ).body;
    expect([...first.items, ...second.items].map((i: Summary) => i.id).sort()).toEqual([o.mine.id, o.theirs.id].sort());
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a limit above 200 and a cursor it did not give out', async () => {
    const res = await w.as(s.deliverer).get('/api/v1/orders?limit=201').expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/limit']);
    await w.as(s.deliverer).get('/api/v1/orders?limit=0').expect(400);
    const cursor = await w.as(s.deliverer).get('/api/v1/orders?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(cursor.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/cursor']);
  });

  it('shows another unit’s deliverer none of these orders', async () => {
    const other = await w.aUnit('support');
    const stranger = await w.aDeliverer(other);
    expect(await list(stranger, '')).toEqual([]);
    expect(await list(stranger, 'assigneeId=none')).toEqual([]);
    expect(await list(stranger, 'overdue=true')).toEqual([]);
    expect(await list(stranger, `supportUnitId=${s.support.id}`)).toEqual([]);
    expect(await list(stranger, `assigneeId=${s.deliverer.id}`)).toEqual([]);
    await w.as(stranger).get(`/api/v1/orders/${o.late.id}`).expect(404);
  });

  it('assigns only to a deliverer of the delivering unit', async () => {
    const order = await aSubmittedOrder(w, s, { title: 'To assign' });
    const outsider = await w.aDeliverer(await w.aUnit('support'));
    for (const assigneeId of [s.requester.id, outsider.id]) {
      const res = await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/assign`, { version: order.version, assigneeId }).expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/assigneeId']);
    }
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/assign`, { version: order.version, assigneeId: s.deliverer.id }).expect(403);
    const assigned = (
      await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/assign`, { version: order.version, assigneeId: colleague.id }).expect(200)
    ).body;
    expect(assigned).toMatchObject({ assigneeId: colleague.id, status: 'submitted', version: order.version + 1 });
    expect(ids(await list(colleague, 'assigneeId=me'))).toContain(order.id);
    const unassigned = (
      await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/assign`, { version: assigned.version, assigneeId: null }).expect(200)
    ).body;
    expect(unassigned.assigneeId).toBeNull();
    expect(ids(await list(s.deliverer, 'assigneeId=none'))).toContain(order.id);
  });
});
