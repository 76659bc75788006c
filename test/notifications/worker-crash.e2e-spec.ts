import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventPublisher } from '../../src/events/event-publisher';
import type { OrderEventMap } from '../../src/events/order-events';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

/** `npm run worker` as a child process: the built worker entry point over the test's database. */
function startWorker(databaseUrl: string): Promise<ChildProcess> {
  const child = fork(join(ROOT, 'dist', 'src', 'worker.js'), [], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'silent',
      JOB_POLL_MS: '50',
      JOB_EXPIRE_SECONDS: '2',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve(child) : reject(new Error(String(m)))));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

describe('a worker killed in the middle of a batch', () => {
  let t: TestApp;

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.cjs')], { cwd: ROOT, stdio: 'ignore' });
  }, 180_000);
  afterAll(() => t?.close());

  it('after a restart has notified every event once, none twice', async () => {
    t = await startTestApp({ WORKERS: 'false' });
    const w = new World(t);
    const requesterUnit = await w.aUnit('core');
    const supportUnit = await w.aUnit('support');
    const requester = await w.aRequester(requesterUnit);
    await w.aDeliverer(supportUnit);
    await w.aDeliverer(supportUnit);
    const events = 300;
    const publisher = t.app.get(EventPublisher);
    await t.db.transaction(async (m) => {
      for (let i = 0; i < events; i++) {
        const payload = {
          orderId: randomUUID(),
          reference: `COM-2026-${String(i).padStart(4, '0')}`,
          title: `Order ${i}`,
          status: 'submitted',
          requesterId: requester.id,
          requesterUnitId: requesterUnit.id,
          supportUnitId: supportUnit.id,
          serviceId: randomUUID(),
          assigneeId: null,
          actorId: requester.id,
        } as OrderEventMap['order.submitted'];
        await publisher.publish(m, 'order.submitted', payload);
      }
    });
    const expected = events * 2; // two deliverers each
    const count = async (): Promise<{ notifications: number; mails: number; keys: number }> =>
      (
        await t.db.query(
          `SELECT (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(*)::int FROM outbound_mails) AS mails,
                  (SELECT count(DISTINCT (event_id, user_id))::int FROM notifications) AS keys`,
        )
      )[0];

    const url = (t.db.options as { url: string }).url;
    const first = await startWorker(url);
    const started = Date.now();
    while ((await count()).notifications === 0 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 10));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await count();
    expect(atKill.notifications).toBeGreaterThan(0);
    expect(atKill.notifications).toBeLessThan(expected); // killed mid-batch

    const second = await startWorker(url);
    const restarted = Date.now();
    try {
      // The killed worker's jobs come back once they expire and the retry delay passes: on a
      // busy machine that can take a while, so poll with a generous deadline.
      const deadline = Date.now() + 120_000;
      while ((await count()).notifications < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const recoveredMs = Date.now() - restarted;
      await new Promise((r) => setTimeout(r, 2500)); // past the expiry: any job handed out again has run
      const after = await count();
      expect(after).toEqual({ notifications: expected, mails: expected, keys: expected });
      const [{ pending }] = await t.db.query('SELECT count(*)::int AS pending FROM outbox_events WHERE dispatched_at IS NULL');
      expect(pending).toBe(0);
      console.log(
        `worker killed at ${atKill.notifications}/${expected} notifications; after restart ${after.notifications} in ${recoveredMs} ms, none twice`,
      );
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
  }, 240_000);
});
