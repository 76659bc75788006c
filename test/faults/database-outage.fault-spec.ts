import { join } from 'node:path';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { Answer, Api, anOrganisation } from './support/api';
import { AppProcess, sleep } from './support/app-process';
import { ScenarioDatabase, scenarioDatabase } from './support/database';
import { figures, waitFor } from './support/figures';
import { checkIntegrity, Ledger, lanesOf, orderCycles } from './support/load';

const DATA_DIR = join(__dirname, '..', '..', '.data', 'faults-outage-postgres');
const PORT = Number(process.env.FAULTS_OUTAGE_PG_PORT ?? 54362);

interface Probe {
  at: number;
  status: number;
  ms: number;
  contentType: string;
  retryAfter: string | null;
}

/**
 * PostgreSQL (a server of this test's own) is stopped while the app serves a write load, and
 * started again a few seconds later. The app must stay up, say it is not ready at once, answer
 * API requests quickly with 503 problem details, and serve again by itself once it is back.
 */
describe('PostgreSQL stopped while serving', () => {
  let pg: EmbeddedDatabase | undefined;
  let db: ScenarioDatabase;
  let app: AppProcess | undefined;

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await pg?.stop();
  });

  it('never crashes, is not ready at once, fails fast with 503, and recovers on its own', async () => {
    pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, preferredPort: PORT });
    const port = new URL(pg.superuserUrl).port;
    db = await scenarioDatabase('outage', pg.superuserUrl);
    app = await AppProcess.start('app', db.url, { WORKERS: 'true', JOB_POLL_MS: '200' });
    const api = new Api(app.url);
    const org = await anOrganisation(api, { requesters: 2, lanes: 2 });

    // Load, a readiness poller and an API prober, all running through the outage.
    const ledger = new Ledger();
    let done = false;
    const clients = lanesOf(org, 4).map((lane) => orderCycles(api, lane, ledger, { until: () => done, tolerated: [503], backoffMs: 100 }));
    const readiness: Probe[] = [];
    const apiProbes: Probe[] = [];
    const probe = async (into: Probe[], path: string, token?: string) => {
      while (!done) {
        const at = Date.now();
        const answer: Answer | null = await api.call('GET', path, { token, timeoutMs: 10_000 }).catch(() => null);
        into.push({
          at,
          status: answer?.status ?? 0,
          ms: Date.now() - at,
          contentType: answer?.headers.get('content-type') ?? '',
          retryAfter: answer?.headers.get('retry-after') ?? null,
        });
        await sleep(50);
      }
    };
    const probes = [probe(readiness, '/health/ready'), probe(apiProbes, '/api/v1/orders?limit=5', org.requesters[0].token)];
    await waitFor('writes before the outage', () => ledger.acknowledged >= 30, 60_000);

    const stopAsked = Date.now();
    await pg.stop();
    const down = Date.now();
    const ackedBeforeOutage = ledger.acknowledged;
    await sleep(3000);
    // Still running, and alive to its supervisor.
    expect(app.running).toBe(true);
    expect((await api.call('GET', '/health/live')).status).toBe(200);
    const outageAnswer = await api.call('POST', '/api/v1/orders', {
      token: org.requesters[0].token,
      body: { serviceId: org.lanes[0].serviceId, requesterUnitId: org.school.id, title: 'In the outage', purpose: 'None', answers: {} },
    });

    const restartAsked = Date.now();
    pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, preferredPort: PORT });
    const up = Date.now();
    expect(new URL(pg.superuserUrl).port).toBe(port); // the app's DATABASE_URL names this port
    await waitFor('readiness after the database returned', () => readiness.some((p) => p.at >= up && p.status === 200), 30_000);
    const readyAgain = readiness.find((p) => p.at >= up && p.status === 200)!;
    const ackedAtReturn = ledger.acknowledged;
    await waitFor('writes after the database returned', () => ledger.acknowledged >= ackedAtReturn + 20, 30_000);
    const writesAgain = Date.now();
    done = true;
    await Promise.all([...clients, ...probes]);

    // The jobs came back too: every event of the load is relayed from the outbox.
    const relayed = await waitFor(
      'the outbox relayed',
      async () => Number((await db.rows<{ n: string }>('SELECT count(*) AS n FROM outbox_events WHERE dispatched_at IS NULL'))[0].n) === 0,
      30_000,
      200,
    );
    const report = await checkIntegrity(db, ledger);
    expect(app.running).toBe(true);

    // Probes answered wholly while the server was away (it accepts connections a little before `up`).
    const readyDuring = readiness.filter((p) => p.at >= down && p.at + p.ms < restartAsked);
    const firstNotReady = readiness.find((p) => p.at >= stopAsked && p.status === 503);
    const apiDuring = apiProbes.filter((p) => p.at >= down && p.at + p.ms < restartAsked);
    const everything = [...readiness, ...apiProbes];
    const statuses = [...ledger.statuses.entries()].map(([s, n]) => `${s}×${n}`).join(' ');
    figures('PostgreSQL stopped while serving', {
      'database down for': `${((up - down) / 1000).toFixed(1)} s`,
      'stopping the server took': `${down - stopAsked} ms (fast shutdown)`,
      'readiness 503 after the stop began': `${firstNotReady ? firstNotReady.at + firstNotReady.ms - stopAsked : 'never'} ms`,
      'API answers in the outage': `${apiDuring.length}, all ${[...new Set(apiDuring.map((p) => p.status))].join('/')}, slowest ${Math.max(...apiDuring.map((p) => p.ms))} ms`,
      'time to ready after the database returned': `${readyAgain.at + readyAgain.ms - up} ms`,
      'time to 20 more acknowledged writes': `${writesAgain - up} ms`,
      'outbox relayed after the load': `${relayed} ms`,
      'load answers': statuses,
      'writes acknowledged / lost': `${report.acknowledgedWrites} / ${report.lost.length}`,
    });

    expect(firstNotReady).toBeDefined();
    expect(firstNotReady!.at + firstNotReady!.ms - down).toBeLessThan(1000); // once the server is gone, at the latest
    expect(readyDuring.length).toBeGreaterThan(5);
    expect(readyDuring.filter((p) => p.status !== 503)).toEqual([]);
    expect(apiDuring.length).toBeGreaterThan(5);
    for (const p of apiDuring) {
      expect(p).toMatchObject({
        status: 503,
        contentType: expect.stringContaining('application/problem+json'),
        retryAfter: expect.any(String),
      });
      expect(p.ms).toBeLessThan(2500); // not waiting out the pool's 3 s connection timeout
    }
    expect(outageAnswer.status).toBe(503);
    expect(outageAnswer.body).toMatchObject({ status: 503, type: expect.stringContaining('database-unavailable') });
    expect(outageAnswer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(everything.filter((p) => p.status === 500 || p.status === 0)).toEqual([]);
    expect(ledger.unexpected).toEqual([]);
    expect(ledger.networkErrors).toBe(0);
    expect(ledger.acknowledged).toBeGreaterThan(ackedBeforeOutage);
    expect(report.lost).toEqual([]);
    expect(report.halfWritten).toEqual(Object.fromEntries(Object.keys(report.halfWritten).map((k) => [k, 0])));
    expect(app.log()).not.toMatch(/unhandled|uncaught/i);
    expect(app.log()).not.toContain('[object Object]'); // what failed is said in the log
    expect(app.log()).toContain('a pooled database connection was lost'); // the pool's error listener heard it
  });
});
