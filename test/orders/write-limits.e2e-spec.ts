import request from 'supertest';
import { aDeliveredOrder, aDraftOrder, anInProgressOrder, aScenario, aSubmittedOrder, OrderScenario, PURPOSE } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('bounded work per request: per-user write limits and bounded free-form JSON', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp({
      WRITE_LIMIT_WINDOW_SECONDS: '3600',
      WRITE_LIMIT_DRAFTS: '3',
      WRITE_LIMIT_MESSAGES: '2',
      WRITE_LIMIT_CHANGE_REQUESTS: '1',
      WRITE_LIMIT_RETROSPECTIVES: '1',
    });
    w = new World(t);
    s = await aScenario(w);
  });
  afterAll(() => t.close());

  const newDraft = (who = s.requester) =>
    w
      .as(who)
      .post('/api/v1/orders', { serviceId: s.serviceId, requesterUnitId: s.school.id, title: 'Flyer', purpose: PURPOSE, answers: {} });

  it('answers 429 with Retry-After past the drafts limit, and another user is unaffected', async () => {
    for (let i = 0; i < 3; i++) await newDraft().expect(201);
    const limited = await newDraft().expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.body.detail).toContain('new orders');

    const colleague = await w.aRequester(s.school);
    await newDraft(colleague).expect(201);
    // The count is in PostgreSQL, per user and bucket.
    const rows = await t.db.query(`SELECT user_id, hits FROM write_counts WHERE bucket = 'drafts' ORDER BY hits`);
    expect(rows).toEqual([
      { user_id: colleague.id, hits: 1 },
      { user_id: s.requester.id, hits: 4 },
    ]);
  });

  it('limits messages, change requests and retrospectives per user too', async () => {
    const other = await aScenario(w);
    const submitted = await aSubmittedOrder(w, other);
    const message = () => w.as(other.requester).post(`/api/v1/orders/${submitted.id}/messages`, { kind: 'question', body: 'Any news?' });
    await message().expect(201);
    await message().expect(201);
    expect((await message().expect(429)).headers['retry-after']).toBeDefined();
    // The deliverer still answers: the limit is the requester's own.
    await w.as(other.deliverer).post(`/api/v1/orders/${submitted.id}/messages`, { kind: 'answer', body: 'Soon.' }).expect(201);

    const working = await anInProgressOrder(w, other);
    const propose = () =>
      w.as(other.requester).post(`/api/v1/orders/${working.id}/change-requests`, { reason: 'Clearer', title: 'Flyer v2' });
    await propose().expect(201);
    await propose().expect(429);

    // Another requester places these, so the drafts limit of the first does not get in the way.
    const more = { ...other, requester: await w.aRequester(other.school) };
    const [first, second] = [await aDeliveredOrder(w, more), await aDeliveredOrder(w, more)];
    const retrospective = (id: string) =>
      w
        .as(other.deliverer)
        .post(`/api/v1/orders/${id}/retrospective`, { outcome: 'Done.', purposeAssessment: 'Reached.', recommendations: [] });
    await retrospective(first.id).expect(201);
    await retrospective(second.id).expect(429);
  });

  describe('free-form answers are bounded in depth, keys and size, and the problem names the field', () => {
    let fresh: OrderScenario;
    beforeAll(async () => {
      fresh = await aScenario(w);
    });

    it.each([
      ['too deep', nested(6), 'levels deep'],
      ['too many keys', Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, i])), 'keys'],
      ['too large', { text: 'x'.repeat(70 * 1024) }, 'KiB'],
    ])('answers %s → 400 at /answers', async (_, answers, words) => {
      const res = await w
        .as(fresh.requester)
        .post('/api/v1/orders', { serviceId: fresh.serviceId, requesterUnitId: fresh.school.id, title: 'Flyer', purpose: PURPOSE, answers })
        .expect(400);
      const error = res.body.errors.find((e: { pointer: string }) => e.pointer === '/answers');
      expect(error.detail).toContain(words);
    });

    it('a body nested far deeper than any request needs is refused, not a server error', async () => {
      const order = JSON.stringify({ serviceId: fresh.serviceId, requesterUnitId: fresh.school.id, title: 'Flyer', purpose: PURPOSE });
      const raw = `${order.slice(0, -1)},"answers":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
      const res = await request(t.http)
        .post('/api/v1/orders')
        .set('Authorization', `Bearer ${fresh.requester.token}`)
        .set('Content-Type', 'application/json')
        .send(raw)
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/answers');
    });

    it('bounds answers on draft edits and change requests, and suggested answers on advice', async () => {
      const draft = await aDraftOrder(w, fresh);
      const edit = await w
        .as(fresh.requester)
        .patch(`/api/v1/orders/${draft.id}`, { version: draft.version, answers: nested(5) })
        .expect(400);
      expect(edit.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/answers');

      const submitted = await aSubmittedOrder(w, fresh);
      const advice = await w
        .as(fresh.deliverer)
        .post(`/api/v1/orders/${submitted.id}/messages`, { kind: 'advice', body: 'Consider this', suggestedAnswers: nested(5) })
        .expect(400);
      expect(advice.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/suggestedAnswers');
    });
  });
});
