import { randomUUID } from 'node:crypto';
import { aScenario, aSubmittedOrder, OrderScenario, pointers, PURPOSE } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Input that passes a loose check but that PostgreSQL would refuse must be answered at the
 * edge with a 400 naming the field, never a 500.
 */
describe('input PostgreSQL would refuse gets a 400 naming the field', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    admin = await w.anAdmin();
  });
  afterAll(() => t.close());

  const newOrder = (overrides: Record<string, unknown>) => ({
    serviceId: s.serviceId,
    requesterUnitId: s.school.id,
    title: 'Flyer',
    purpose: PURPOSE,
    answers: {},
    ...overrides,
  });

  it.each([
    ['2026'],
    ['2026-05'],
    ['2026-W05'],
    ['2026-02-30'],
    ['0000-01-01'],
    ['2026-05-01T10:00:00'],
    ['2026-02-30T10:00:00Z'],
    ['2026-05-01T24:00:00Z'],
  ])('refuses %s as a date', async (date) => {
    const order = await w
      .as(s.requester)
      .post('/api/v1/orders', newOrder({ desiredDate: date }))
      .expect(400);
    expect(order.body.errors).toEqual([
      { pointer: '/desiredDate', code: 'date', detail: expect.stringContaining('must be a calendar date, YYYY-MM-DD') },
    ]);
    const report = await w.as(admin).get(`/api/v1/reports/feedback-loop?from=${date}`).expect(400);
    expect(report.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/from']);
  });

  it('takes a real calendar date, or an ISO 8601 time as its UTC day', async () => {
    const order = await w
      .as(s.requester)
      .post('/api/v1/orders', newOrder({ desiredDate: '2028-02-29' }))
      .expect(201);
    expect(order.body.desiredDate).toBe('2028-02-29');
    const timed = await w
      .as(s.requester)
      .post('/api/v1/orders', newOrder({ desiredDate: '2028-03-01T23:30:00-02:00' }))
      .expect(201);
    expect(timed.body.desiredDate).toBe('2028-03-02');
    await w.as(admin).get('/api/v1/reports/feedback-loop?from=2026-01-01T00:00:00.000Z&to=2026-03-31T23:59:59Z').expect(200);
  });

  it('refuses text holding the NUL character, in a field or an answer key', async () => {
    const title = await w
      .as(s.requester)
      .post('/api/v1/orders', newOrder({ title: 'Fly\u0000er' }))
      .expect(400);
    expect(title.body.errors).toEqual([{ pointer: '/title', code: 'nul', detail: expect.stringContaining('NUL') }]);
    const key = await w
      .as(s.requester)
      .post('/api/v1/orders', newOrder({ answers: { 'a\u0000b': 'x' } }))
      .expect(400);
    expect(key.body.errors[0].pointer).toBe('/answers/a\u0000b');
  });

  it('refuses ids that only look like UUIDs, and cursors it did not give out', async () => {
    const zeros = '0'.repeat(36);
    const assignee = await w.as(s.deliverer).get(`/api/v1/orders?assigneeId=${zeros}`).expect(400);
    expect(assignee.body.errors[0].pointer).toBe('/assigneeId');
    const cursor = Buffer.from(`2026|${zeros}`).toString('base64url');
    const page = await w.as(s.deliverer).get(`/api/v1/orders?cursor=${cursor}`).expect(400);
    expect(page.body.errors[0].pointer).toBe('/cursor');
  });

  it('refuses time cursors that have the shape but no real day, time or zone, on every list that takes one', async () => {
    const order = await aSubmittedOrder(w, s);
    const hook = (
      await w
        .as(admin)
        .post('/api/v1/webhooks', { url: 'https://hooks.example.org/x', events: ['order.delivered'] })
        .expect(201)
    ).body;
    const lists: Array<[TestUser, string]> = [
      [s.deliverer, '/api/v1/orders'],
      [s.deliverer, `/api/v1/orders/${order.id}/messages`],
      [s.deliverer, `/api/v1/orders/${order.id}/change-requests`],
      [s.requester, '/api/v1/notifications'],
      [s.requester, '/api/v1/recommendations'],
      [admin, '/api/v1/admin/mails'],
      [admin, `/api/v1/webhooks/${hook.id}/deliveries`],
    ];
    for (const at of ['2026-02-30 10:00:00+00', '2026-13-01 10:00:00+00', '2026-01-01 25:00:00+00', '2026-01-01 10:00:00+99']) {
      const cursor = Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url');
      for (const [user, path] of lists) {
        const res = await w.as(user).get(`${path}?cursor=${cursor}`);
        expect({ path, at, status: res.status, pointers: pointers(res.body) }).toEqual({ path, at, status: 400, pointers: ['/cursor'] });
      }
    }
  });

  it('refuses a version beyond what the database can hold', async () => {
    const res = await w
      .as(admin)
      .patch(`/api/v1/services/${s.serviceId}`, { version: 2 ** 31, description: 'New words' })
      .expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/version']);
  });
});
