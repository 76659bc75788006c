import { aDraftOrder, aScenario, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * `null` for a field that may be left out but cannot be null is a 400 naming the field, not a
 * value the service trips over. The fuzz test found `PATCH /users/:id {"name": null}` answering
 * 500; these are the fields where null reached code or columns that cannot take it.
 */
describe('null where a value may only be left out', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    admin = await w.anAdmin();
    s = await aScenario(w);
  });
  afterAll(() => t.close());

  const pointers = (body: { errors?: Array<{ pointer: string }> }) => (body.errors ?? []).map((e) => e.pointer);

  it.each([['email'], ['name'], ['isAdmin'], ['active']])('PATCH /users/:id with %s: null is a 400 naming it', async (field) => {
    const res = await w
      .as(admin)
      .patch(`/api/v1/users/${s.requester.id}`, { [field]: null })
      .expect(400);
    expect([...new Set(pointers(res.body))]).toEqual([`/${field}`]);
  });

  it.each([['title'], ['purpose'], ['answers']])('PATCH /orders/:id (a draft) with %s: null is a 400 naming it', async (field) => {
    const draft = await aDraftOrder(w, s);
    const res = await w
      .as(s.requester)
      .patch(`/api/v1/orders/${draft.id}`, { version: draft.version, [field]: null })
      .expect(400);
    expect([...new Set(pointers(res.body))]).toEqual([`/${field}`]);
  });

  it.each([['name'], ['targetLeadTimeDays']])('PATCH /services/:id with %s: null is a 400 naming it', async (field) => {
    const res = await w
      .as(admin)
      .patch(`/api/v1/services/${s.serviceId}`, { [field]: null })
      .expect(400);
    expect([...new Set(pointers(res.body))]).toEqual([`/${field}`]);
  });

  it('still lets null clear what null clears (a draft’s desired date)', async () => {
    const draft = await aDraftOrder(w, s, { desiredDate: '2030-01-15' });
    const res = await w.as(s.requester).patch(`/api/v1/orders/${draft.id}`, { version: draft.version, desiredDate: null }).expect(200);
    expect(res.body.desiredDate).toBeNull();
  });
});
