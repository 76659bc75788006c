import { aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

describe('saved queue views: /api/v1/me/views', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let colleague: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    colleague = await w.aDeliverer(s.support);
    outsider = await w.aDeliverer(await w.aUnit('support'));
  });
  afterAll(() => t.close());

  it('keeps a personal view for its owner alone and a shared one for the unit’s deliverers alone', async () => {
    const mine = await w
      .as(s.deliverer)
      .post('/api/v1/me/views', { name: 'My overdue', filters: { assigneeId: 'me', overdue: 'true', sort: 'due' } })
      .expect(201);
    expect(mine.body).toMatchObject({ name: 'My overdue', unitId: null, ownerId: s.deliverer.id, filters: { assigneeId: 'me' } });
    const shared = await w
      .as(s.deliverer)
      .post('/api/v1/me/views', { name: 'New arrivals', filters: { status: 'submitted,in_consultation' }, unitId: s.support.id })
      .expect(201);

    const names = async (user: TestUser) =>
      (await w.as(user).get('/api/v1/me/views').expect(200)).body.items.map((v: { name: string }) => v.name);
    expect(await names(s.deliverer)).toEqual(['My overdue', 'New arrivals']);
    expect(await names(colleague)).toEqual(['New arrivals']);
    expect(await names(outsider)).toEqual([]);
    expect(await names(s.requester)).toEqual([]);

    // The filters open the list as saved.
    const order = await aSubmittedOrder(w, s);
    const query = new URLSearchParams(shared.body.filters).toString();
    const listed = await w.as(colleague).get(`/api/v1/orders?${query}`).expect(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(order.id);

    // Only the owner removes a view; others do not even see a personal one.
    await w.as(colleague).delete(`/api/v1/me/views/${mine.body.id}`).expect(404);
    await w.as(colleague).delete(`/api/v1/me/views/${shared.body.id}`).expect(403);
    await w.as(outsider).delete(`/api/v1/me/views/${shared.body.id}`).expect(404);
    await w.as(s.deliverer).delete(`/api/v1/me/views/${shared.body.id}`).expect(204);
    expect(await names(colleague)).toEqual([]);
  });

  it('refuses filters the order list does not take, values it would refuse, and a unit the person does not deliver for', async () => {
    const post = (body: object) => w.as(s.deliverer).post('/api/v1/me/views', body).expect(400);
    const pointers = (res: { body: { errors: Array<{ pointer: string }> } }) => res.body.errors.map((e) => e.pointer);
    expect(pointers(await post({ name: 'x', filters: { colour: 'red' } }))).toEqual(['/filters/colour']);
    expect(pointers(await post({ name: 'x', filters: { status: 'submitted,lost' } }))).toEqual(['/filters/status']);
    expect(pointers(await post({ name: 'x', filters: { sort: 'priority' } }))).toEqual(['/filters/sort']);
    expect(pointers(await post({ name: 'x', filters: { q: 42 } }))).toEqual(['/filters/q']);
    expect(pointers(await post({ name: '', filters: {} }))).toEqual(['/name']);
    expect(pointers(await post({ name: 'Theirs', filters: {}, unitId: outsider.actor.memberships[0].unitId }))).toEqual(['/unitId']);
  });
});
