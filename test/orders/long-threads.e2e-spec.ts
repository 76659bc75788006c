import { anInProgressOrder, aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

interface Row {
  id: string;
  createdAt: string;
}

describe('long threads: the order carries the newest messages and change requests, the rest page', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
  });
  afterAll(() => t.close());

  /** Pages through a list route to its end. */
  async function all(path: string, limit: number): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Row[]; nextCursor: string | null } = (
        await w
          .as(s.requester)
          .get(`${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200)
      ).body;
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  it('shows the newest 50 of 60 messages oldest first, flags the rest, and pages all of them newest first', async () => {
    const order = await aSubmittedOrder(w, s);
    // Written directly: 60 messages through the API would pass the write limit, which is the point of it.
    await t.db.query(
      `INSERT INTO consultation_messages (order_id, author_id, side, kind, body, created_at)
       SELECT $1, $2, 'requester', 'question', 'Question ' || i, now() - make_interval(secs => 100 - i) FROM generate_series(1, 60) i`,
      [order.id, s.requester.id],
    );
    const view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.messages).toHaveLength(50);
    expect(view.messages[0].body).toBe('Question 11');
    expect(view.messages[49].body).toBe('Question 60');
    expect(view.messagesHasMore).toBe(true);
    expect(view.messagesNextCursor).toEqual(expect.any(String));

    const older = (await w.as(s.requester).get(`/api/v1/orders/${order.id}/messages?cursor=${view.messagesNextCursor}`).expect(200)).body;
    expect(older.items.map((m: { body: string }) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Question ${10 - i}`));
    expect(older.nextCursor).toBeNull();

    const everything = await all(`/api/v1/orders/${order.id}/messages`, 7);
    expect(everything).toHaveLength(60);
    expect(new Set(everything.map((m) => m.id)).size).toBe(60);
    expect(everything.map((m) => m.createdAt)).toEqual([...everything.map((m) => m.createdAt)].sort().reverse());
  });

  it('pages change requests the same way, and a short thread has nothing more', async () => {
    const order = await anInProgressOrder(w, s);
    expect((await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body).toMatchObject({
      changeRequests: [],
      changeRequestsHasMore: false,
      changeRequestsNextCursor: null,
      messagesHasMore: false,
      messagesNextCursor: null,
    });
    await t.db.query(
      `INSERT INTO change_requests (order_id, based_on_spec, proposed_by, proposed_by_side, reason, changes, status, created_at)
       SELECT $1, 1, $2, 'requester', 'Change ' || i, '{"title": "T"}', 'rejected', now() - make_interval(secs => 100 - i) FROM generate_series(1, 55) i`,
      [order.id, s.requester.id],
    );
    const view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.changeRequests).toHaveLength(50);
    expect(view.changeRequests[0].reason).toBe('Change 6');
    expect(view.changeRequestsHasMore).toBe(true);
    const everything = await all(`/api/v1/orders/${order.id}/change-requests`, 20);
    expect(everything).toHaveLength(55);
  });

  it('hides the thread of an order the caller cannot see, and refuses a cursor it did not give out', async () => {
    const order = await aSubmittedOrder(w, s);
    const stranger = await w.aRequester(await w.aUnit('core'));
    await w.as(stranger).get(`/api/v1/orders/${order.id}/messages`).expect(404);
    await w.as(stranger).get(`/api/v1/orders/${order.id}/change-requests`).expect(404);
    const bad = await w.as(s.requester).get(`/api/v1/orders/${order.id}/messages?cursor=nonsense`).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/cursor');
  });
});
