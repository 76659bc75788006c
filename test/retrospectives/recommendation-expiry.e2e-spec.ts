import { RecommendationExpirySweep } from '../../src/retrospectives/recommendation-expiry.sweep';
import { aDeliveredOrder, aDraftOrder, aScenario, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

describe('recommendation expiry: reads compute it, a sweep stores it', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let recId: string;

  const stored = async () =>
    (await t.db.query(`SELECT status, xmin::text AS xmin FROM recommendations WHERE id = $1`, [recId]))[0] as {
      status: string;
      xmin: string;
    };

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    const delivered = await aDeliveredOrder(w, s);
    const retro = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${delivered.id}/retrospective`, {
        outcome: 'Delivered.',
        purposeAssessment: 'Reached.',
        recommendations: [{ text: 'Order earlier', rationale: 'Printing takes time', category: 'timing' }],
      })
      .expect(201);
    recId = retro.body.recommendations[0].id;
    // Its time ran out (as if a year had passed), and no sweep has run since.
    await t.db.query(`UPDATE recommendations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [recId]);
  });
  afterAll(() => t.close());

  it('shows a recommendation past its expiry as expired without writing to it', async () => {
    const before = await stored();
    expect(before.status).toBe('open');

    const all = (await w.as(s.requester).get('/api/v1/recommendations').expect(200)).body.items;
    expect(all.find((r: { id: string }) => r.id === recId).status).toBe('expired');
    const expired = (await w.as(s.requester).get('/api/v1/recommendations?status=expired').expect(200)).body.items;
    expect(expired.map((r: { id: string }) => r.id)).toEqual([recId]);
    expect((await w.as(s.requester).get('/api/v1/recommendations?status=open').expect(200)).body.items).toEqual([]);
    // A new draft no longer shows it, and needs no decision on it.
    const draft = await aDraftOrder(w, s);
    expect(draft.recommendations).toEqual([]);
    await w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200);

    // The row was not touched by any of these reads: same status, same row version.
    expect(await stored()).toEqual(before);
  });

  it('is marked expired by the sweep, which runs on one instance at a time', async () => {
    const sweep = t.app.get(RecommendationExpirySweep);
    // Another instance sweeping right now holds the lock: this one skips its turn.
    const other = t.db.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query('SELECT pg_advisory_xact_lock(7301, 1)');
      expect(await sweep.runOnce()).toBe(false);
      expect((await stored()).status).toBe('open');
      await other.commitTransaction();
    } finally {
      await other.release();
    }
    expect(await sweep.runOnce()).toBe(true);
    expect((await stored()).status).toBe('expired');
    const all = (await w.as(s.requester).get('/api/v1/recommendations?status=expired').expect(200)).body.items;
    expect(all.map((r: { id: string }) => r.id)).toEqual([recId]);
  });
});
