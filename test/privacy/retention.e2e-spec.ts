import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FILE_STORE, FileStore } from '../../src/files/file-store';
import { FilesCleanup } from '../../src/files/files-cleanup';
import { RetentionService } from '../../src/privacy/retention.service';
import { aFullCycle, Cycle } from '../factories/cycle';
import { aScenario, aSubmittedOrder } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const YEAR = 365.25 * 24 * 3600 * 1000;

/**
 * Retention with a fixed clock: RETENTION_YEARS=2, so an order closed or cancelled at time F
 * loses its personal data and files at F + 2 years and not a minute before; a service's own
 * limit wins; the figures keep their counts.
 */
describe('retention: personal data of finished orders goes after RETENTION_YEARS (issue 27)', () => {
  let t: TestApp;
  let w: World;
  let c: Cycle;
  let dataDir: string;
  let retention: RetentionService;
  let cancelledWithFile: string;
  let finished: Map<string, Date>;

  const report = async () => (await w.as(c.admin).get('/api/v1/reports/feedback-loop?groupBy=service').expect(200)).body;
  const bodies = async (orderId: string) =>
    (await t.db.query('SELECT body FROM consultation_messages WHERE order_id = $1 ORDER BY created_at', [orderId])).map(
      (r: { body: string }) => r.body,
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'retention-e2e-'));
    t = await startTestApp({ DATA_DIR: dataDir, RETENTION_YEARS: '2', FILE_ORPHAN_GRACE_MINUTES: '0' });
    w = new World(t);
    c = await aFullCycle(w);
    retention = t.app.get(RetentionService);
    // The order in consultation gets a file, then is cancelled.
    cancelledWithFile = c.orderIds[2];
    await request(t.http)
      .post(`/api/v1/orders/${cancelledWithFile}/attachments`)
      .set('Authorization', `Bearer ${c.anna.token}`)
      .attach('file', PDF, 'seating-plan.pdf')
      .expect(201);
    const order = (await w.as(c.anna).get(`/api/v1/orders/${cancelledWithFile}`).expect(200)).body;
    await w.as(c.anna).post(`/api/v1/orders/${cancelledWithFile}/cancel`, { version: order.version, reason: 'Moved.' }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists in a dry run the closed and cancelled orders past the limit, with what would go, and removes nothing', async () => {
    const later = new Date(Date.now() + 3 * YEAR);
    const progress: Array<[number, number | null]> = [];
    const run = await retention.run({ now: later, dryRun: true, batch: 2, progress: (done, total) => progress.push([done, total]) });
    const expected = [c.orderIds[0], c.orderIds[4], cancelledWithFile].sort();
    expect(run.orders.map((o) => o.id).sort()).toEqual(expected);
    expect(run.removed).toMatchObject({ files: 1, feedbackComments: 0 });
    expect(run.removed.messageTexts).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ]);
    expect(await bodies(cancelledWithFile)).toEqual(['Which size?', 'A3.']);
    finished = new Map(run.orders.map((o) => [o.id, new Date(o.finishedAt)]));
  });

  it('removes exactly what is older than the limit, keeps the figures, and does it once', async () => {
    const before = await report();
    const last = Math.max(...[...finished.values()].map((d) => d.getTime()));
    const first = Math.min(...[...finished.values()].map((d) => d.getTime()));
    const limit = (at: number) => new Date(new Date(at).setUTCFullYear(new Date(at).getUTCFullYear() + 2));

    // A minute before the first one's limit: nothing.
    expect((await retention.run({ now: new Date(limit(first).getTime() - 60_000) })).orders).toEqual([]);
    expect(await bodies(cancelledWithFile)).toEqual(['Which size?', 'A3.']);

    // The relay has long since handed every event on.
    await t.db.query('UPDATE outbox_events SET dispatched_at = now() WHERE dispatched_at IS NULL');
    // A minute after the last one's: all three.
    const run = await retention.run({ now: new Date(limit(last).getTime() + 60_000) });
    expect(run.orders.map((o) => o.id).sort()).toEqual([...finished.keys()].sort());
    expect(await bodies(cancelledWithFile)).toEqual(['', '']);
    expect(await bodies(c.orderIds[0])).toEqual(['']);
    expect(await t.db.query('SELECT comment FROM feedback WHERE order_id = $1', [c.orderIds[0]])).toEqual([{ comment: null }]);
    expect(await t.db.query('SELECT 1 FROM attachments WHERE order_id = $1', [cancelledWithFile])).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM outbox_events WHERE order_id = ANY($1::uuid[])', [[...finished.keys()]])).toEqual([]);
    expect((await t.db.query('SELECT 1 FROM outbox_events WHERE order_id = $1', [c.orderIds[3]])).length).toBeGreaterThan(0);
    // The bytes go with the cleanup sweep, as nothing refers to them now.
    await t.app.get(FilesCleanup).runOnce();
    const store = t.app.get<FileStore>(FILE_STORE);
    const blobs: string[] = [];
    for await (const page of store.list()) blobs.push(...page.blobs.map((b) => b.key));
    expect(blobs).toEqual([]);

    // Orders still open keep everything; the orders themselves and the figures stay.
    expect((await t.db.query('SELECT reason FROM change_requests WHERE order_id = $1', [c.orderIds[3]]))[0].reason).toBe('Twice as many.');
    const kept = (await w.as(c.carla).get(`/api/v1/orders/${c.orderIds[0]}`).expect(200)).body;
    expect(kept).toMatchObject({ status: 'closed', title: 'Open day flyer' });
    expect(await report()).toEqual(before);

    // Once: a second run finds nothing.
    expect((await retention.run({ now: new Date(limit(last).getTime() + YEAR) })).orders).toEqual([]);
  });

  it("lets a service keep its orders' data longer or shorter than RETENTION_YEARS", async () => {
    const s = await aScenario(w);
    const order = await aSubmittedOrder(w, s);
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/cancel`, { version: order.version, reason: 'Not needed.' }).expect(200);
    const service = async (body: object) => {
      const current = (await w.as(c.admin).get(`/api/v1/services/${s.serviceId}`).expect(200)).body;
      return (
        await w
          .as(c.admin)
          .patch(`/api/v1/services/${s.serviceId}`, { version: current.version, ...body })
          .expect(200)
      ).body;
    };
    const reached = async (years: number) =>
      (await retention.run({ now: new Date(Date.now() + years * YEAR), dryRun: true })).orders.some((o) => o.id === order.id);

    expect(await service({ retentionYears: 5 })).toMatchObject({ retentionYears: 5 });
    expect(await reached(3)).toBe(false);
    expect(await reached(5.1)).toBe(true);
    expect(await service({ retentionYears: 1 })).toMatchObject({ retentionYears: 1 });
    expect(await reached(0.9)).toBe(false);
    expect(await reached(1.1)).toBe(true);
    expect(await service({ retentionYears: null })).toMatchObject({ retentionYears: null });
    expect(await reached(1.1)).toBe(false);
    expect(await reached(2.1)).toBe(true);

    const res = await w.as(c.admin).patch(`/api/v1/services/${s.serviceId}`, { retentionYears: 0 }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/retentionYears' })]);
  });
});

describe('retention runs nightly from the job schedules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WORKERS: 'true', RETENTION_YEARS: '3' });
  });
  afterAll(() => t?.close());

  it('is scheduled once across instances, at night (UTC)', async () => {
    const rows: Array<{ name: string; cron: string }> = await t.db.query(`SELECT name, cron FROM pgboss.schedule WHERE name = 'retention'`);
    expect(rows).toEqual([{ name: 'retention', cron: '15 2 * * *' }]);
  });
});
