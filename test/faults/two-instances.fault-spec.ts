import { Api, anOrganisation, Organisation, signIn } from './support/api';
import { AppProcess } from './support/app-process';
import { ScenarioDatabase, scenarioDatabase } from './support/database';
import { figures, waitFor } from './support/figures';
import { checkIntegrity, Ledger, lanesOf, orderCycles } from './support/load';
import { RoundRobin } from './support/round-robin';

/**
 * Two instances over one database behind a round-robin: everything another instance needs
 * (sessions, sign-in failures, reference sequences, jobs) lives in PostgreSQL, so a client
 * cannot tell which one answered.
 */
describe('two instances behind a round-robin', () => {
  let db: ScenarioDatabase;
  let instances: AppProcess[] = [];
  let proxy: RoundRobin;
  let api: Api;
  let org: Organisation;

  beforeAll(async () => {
    db = await scenarioDatabase('scaleout');
    // Both start at once on an empty database: both migrate it, as a deployment of N does.
    const env = { WORKERS: 'true', JOB_POLL_MS: '200', LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' };
    instances = await Promise.all([AppProcess.start('A', db.url, env), AppProcess.start('B', db.url, env)]);
    proxy = await RoundRobin.start(instances);
    api = new Api(proxy.url);
    org = await anOrganisation(api, { requesters: 3, lanes: 2 });
  });

  afterAll(async () => {
    await proxy?.close();
    for (const app of instances) await app.stop();
    await db?.drop();
  });

  it('keeps a session made on one instance on the other, by token and by cookie', async () => {
    const requester = org.requesters[0];
    const login = await api.expect(200, 'POST', '/api/v1/auth/login', { body: { email: requester.email, password: requester.password } });
    const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
    const where = [login.headers.get('x-served-by')];
    for (let i = 0; i < 4; i++) {
      const me = await api.expect(200, 'GET', '/api/v1/me', { token: login.body.token });
      expect(me.body.email).toBe(requester.email);
      where.push(me.headers.get('x-served-by'));
      // The cookie session and its CSRF token: a state-changing request, on either instance.
      const read = await api.call('POST', '/api/v1/notifications/read-all', { headers: { cookie, 'x-csrf-token': login.body.csrfToken } });
      expect(read.status).toBeLessThan(300);
      where.push(read.headers.get('x-served-by'));
    }
    const out = await api.call('POST', '/api/v1/auth/logout', { token: login.body.token });
    expect(out.status).toBeLessThan(300);
    const afterLogout = await Promise.all([0, 1].map(() => api.call('GET', '/api/v1/me', { token: login.body.token })));
    expect(afterLogout.map((a) => a.status)).toEqual([401, 401]);
    expect(new Set([...where, ...afterLogout.map((a) => a.headers.get('x-served-by'))])).toEqual(new Set(['A', 'B']));
  });

  it('counts sign-in failures across both instances', async () => {
    const target = org.requesters[1];
    const client = { 'x-forwarded-for': '198.51.100.23' };
    const failures = [];
    for (let i = 0; i < 5; i++) {
      failures.push(
        await api.call('POST', '/api/v1/auth/login', { body: { email: target.email, password: 'wrong-password' }, headers: client }),
      );
    }
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(failures.map((f) => f.headers.get('x-served-by')))).toEqual(new Set(['A', 'B']));
    // Limited on both: the right password too, from that address, while the window lasts.
    const limited = await Promise.all(
      [0, 1].map(() =>
        api.call('POST', '/api/v1/auth/login', { body: { email: target.email, password: target.password }, headers: client }),
      ),
    );
    expect(limited.map((l) => l.status)).toEqual([429, 429]);
    expect(limited.every((l) => /^\d+$/.test(l.headers.get('retry-after') ?? ''))).toBe(true);
    expect(new Set(limited.map((l) => l.headers.get('x-served-by')))).toEqual(new Set(['A', 'B']));
    // Another address is not limited.
    await signIn(api, target.email, target.password, { 'x-forwarded-for': '198.51.100.99' });
  });

  it('serves a write load without an error, with unique references and each job run once', async () => {
    const ledger = new Ledger();
    let done = false;
    const clients = lanesOf(org, 8).map((lane) => orderCycles(api, lane, ledger, { until: () => done }));
    const servedBefore = new Map(proxy.served);
    const started = Date.now();
    await waitFor('the load', () => ledger.acknowledged >= 60 && (ledger.acknowledged >= 200 || Date.now() - started > 6000), 60_000);
    done = true;
    await Promise.all(clients);
    const seconds = (Date.now() - started) / 1000;

    // Every event of the load is relayed and its notify job done before counting.
    await waitFor(
      'the jobs',
      async () => {
        const [{ pending }] = await db.rows<{ pending: string }>(
          `SELECT (SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL)
                + (SELECT count(*) FROM pgboss.job WHERE name = 'notify-event' AND state NOT IN ('completed', 'failed', 'cancelled')) AS pending`,
        );
        return Number(pending) === 0;
      },
      30_000,
      200,
    );
    const [jobs] = await db.rows<{ events: string; jobs: string; repeated: string; retried: string; failed: string }>(
      `SELECT (SELECT count(*) FROM outbox_events) AS events,
              count(*) AS jobs,
              count(*) - count(DISTINCT data->>'eventId') AS repeated,
              count(*) FILTER (WHERE retry_count > 0) AS retried,
              count(*) FILTER (WHERE state <> 'completed') AS failed
         FROM pgboss.job WHERE name = 'notify-event'`,
    );
    const [mails] = await db.rows<{ mails: string; repeated: string }>(
      `SELECT count(*) AS mails, count(*) - count(DISTINCT (event_id, recipient)) AS repeated FROM outbound_mails`,
    );
    const report = await checkIntegrity(db, ledger);
    const share = [...proxy.served].map(([name, n]) => `${name} ${n - (servedBefore.get(name) ?? 0)}`).join(', ');

    figures('two instances behind a round-robin', {
      load: `8 clients, ${seconds.toFixed(1)} s, ${report.acknowledgedWrites} writes acknowledged (${(report.acknowledgedWrites / seconds).toFixed(0)}/s)`,
      'requests per instance': share,
      'errors (non-2xx or unanswered)': ledger.unexpected.length + ledger.networkErrors,
      'orders / duplicate references': `${report.foundOrders} / ${report.duplicateReferences}`,
      'events / notify jobs / repeated / retried': `${jobs.events} / ${jobs.jobs} / ${jobs.repeated} / ${jobs.retried}`,
      'mails kept / repeated': `${mails.mails} / ${mails.repeated}`,
    });
    expect(ledger.unexpected).toEqual([]);
    expect(ledger.networkErrors).toBe(0);
    expect(report.acknowledgedWrites).toBeGreaterThan(50);
    expect(report.lost).toEqual([]);
    expect(report.duplicateReferences).toBe(0);
    expect(report.halfWritten).toEqual(Object.fromEntries(Object.keys(report.halfWritten).map((k) => [k, 0])));
    expect(Number(jobs.jobs)).toBe(Number(jobs.events));
    expect(Number(jobs.repeated)).toBe(0);
    expect(Number(jobs.failed)).toBe(0);
    expect(Number(mails.repeated)).toBe(0);
    expect(instances.every((app) => app.running)).toBe(true);
  });
});
