import request from 'supertest';
import { JobQueue, QUEUES } from '../../src/notifications/job-queue';
import { MetricsServer } from '../../src/observability/metrics-endpoint';
import { aDraftOrder, anInProgressOrder, aScenario, aSubmittedOrder } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';
import { freePort } from '../../src/common/free-port';
import { isLoopback } from '../../src/config/app-config';

const TOKEN = 'scrape-token-for-the-tests-0123';

/** The value of one sample in Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  let w: World;
  // pg-boss recounts its queues every JOB_EXPIRE_SECONDS / 2: one second here.
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN, JOB_EXPIRE_SECONDS: '2' });
    w = new World(t);
  }, 60_000);
  afterAll(async () => {
    await t.app.get(JobQueue).stop();
    await t?.close();
  });

  const scrape = async (): Promise<string> =>
    (await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

  it('is refused without the token, or with another one', async () => {
    const none = await request(t.http).get('/metrics').expect(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.text).not.toContain('http_requests_total');
    await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    await request(t.http).get('/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
    await request(t.http).get('/metrics').set('Authorization', 'Bearer short').expect(401);
  });

  it('serves the Prometheus text format with the token, process metrics included, and stays out of the OpenAPI document', async () => {
    const res = await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE http_requests_total counter');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(sample(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(res.text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    const docs = await request(t.http).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths).filter((p) => p.includes('metrics'))).toEqual([]);
  });

  it('counts requests per route template, method and status class, never per raw URL', async () => {
    const { requester } = await aScenario(w);
    const order = await aDraftOrder(w, await aScenario(w));
    const byId = (status: string) => `http_requests_total{method="GET",route="/api/v1/orders/:id",status_class="${status}"}`;
    const unmatched = 'http_requests_total{method="GET",route="(none)",status_class="4xx"}';
    const before = await scrape();

    await w.as(requester).get(`/api/v1/orders/${order.id}`).expect(404); // another unit's order
    await w.as(null).get(`/api/v1/orders/${order.id}`).expect(401);
    await w.as(null).get('/api/v1/orders/6a0b7c1e-0000-4000-8000-000000000001').expect(401);
    await request(t.http).get('/no/such/page/6a0b7c1e').expect(404);
    await request(t.http).post('/api/v1/orders').set('Content-Type', 'text/plain').send('x').expect(415);

    const after = await scrape();
    expect((sample(after, byId('4xx')) ?? 0) - (sample(before, byId('4xx')) ?? 0)).toBe(3);
    expect(sample(after, byId('2xx')) ?? 0).toBe(sample(before, byId('2xx')) ?? 0);
    expect((sample(after, unmatched) ?? 0) - (sample(before, unmatched) ?? 0)).toBe(1);
    expect(sample(after, 'http_requests_total{method="POST",route="(none)",status_class="4xx"}')).toBe(1); // the 415
    expect(
      (sample(after, `http_request_duration_seconds_count{method="GET",route="/api/v1/orders/:id",status_class="4xx"}`) ?? 0) -
        (sample(before, `http_request_duration_seconds_count{method="GET",route="/api/v1/orders/:id",status_class="4xx"}`) ?? 0),
    ).toBe(3);
    expect(after).not.toContain(order.id);
    expect(after).not.toContain('/no/such/page');
  });

  it('reads the database pool at the scrape: connections in use are total less idle', async () => {
    const held = [t.db.createQueryRunner(), t.db.createQueryRunner()];
    try {
      for (const runner of held) await runner.connect();
      const text = await scrape();
      const total = sample(text, 'db_pool_connections{state="total"}')!;
      expect(total).toBeGreaterThanOrEqual(2);
      expect(total - sample(text, 'db_pool_connections{state="idle"}')!).toBe(2);
      expect(sample(text, 'db_pool_waiting_requests')).toBe(0);
      expect(sample(text, 'db_pool_max_connections')).toBe(20);
    } finally {
      for (const runner of held) await runner.release();
    }
  });

  it('counts orders by status and the overdue ones, through the orders facade', async () => {
    const s = await aScenario(w);
    const countsBefore = await scrape();
    await aSubmittedOrder(w, s);
    await aSubmittedOrder(w, s);
    const late = await anInProgressOrder(w, s);
    await anInProgressOrder(w, s);
    // Due three days ago: as if the order had been late for a while.
    await t.db.query(`UPDATE orders SET due_date = (now() AT TIME ZONE 'UTC')::date - 3 WHERE id = $1`, [late.id]);

    const text = await scrape();
    const moved = (status: string) =>
      sample(text, `orders_by_status{status="${status}"}`)! - sample(countsBefore, `orders_by_status{status="${status}"}`)!;
    expect(moved('submitted')).toBe(2);
    expect(moved('in_progress')).toBe(2);
    for (const status of ['draft', 'confirmed', 'on_hold', 'delivered', 'accepted', 'closed', 'cancelled', 'in_consultation']) {
      expect(moved(status)).toBe(0);
    }
    expect(sample(text, 'orders_overdue')! - sample(countsBefore, 'orders_overdue')!).toBe(1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM orders`);
    const listed = text.split('\n').filter((l) => l.startsWith('orders_by_status{'));
    expect(listed).toHaveLength(10);
    expect(listed.reduce((sum, l) => sum + Number(l.split(' ')[1]), 0)).toBe(n);
  });

  it('reads queue depth and failed jobs as pg-boss counts them', async () => {
    // No workers in this app (WORKERS=false): pg-boss started alone, so the jobs stay where they are put.
    const boss = await t.app.get(JobQueue).start();
    await boss.send(QUEUES.digest, {});
    await boss.send(QUEUES.digest, {});
    await boss.send(QUEUES.digest, {});
    await boss.send(QUEUES.digest, {}, { startAfter: 3600 });
    await boss.send(QUEUES.sessionPurge, {}, { retryLimit: 0 });
    const [taken] = await boss.fetch(QUEUES.sessionPurge);
    await boss.fail(QUEUES.sessionPurge, taken.id, new Error('for the test'));

    const series = (queue: string, state: string) => `job_queue_jobs{queue="${queue}",state="${state}"}`;
    let text = '';
    for (let i = 0; i < 50 && sample(text, series(QUEUES.sessionPurge, 'failed')) !== 1; i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 200));
      text = await scrape();
    }
    expect(sample(text, series(QUEUES.digest, 'queued'))).toBe(4);
    expect(sample(text, series(QUEUES.digest, 'deferred'))).toBe(1);
    expect(sample(text, series(QUEUES.digest, 'active'))).toBe(0);
    expect(sample(text, series(QUEUES.sessionPurge, 'failed'))).toBe(1);
    expect(sample(text, series(QUEUES.sendMail, 'queued'))).toBe(0);
  });
});

describe('/metrics in production without METRICS_TOKEN or METRICS_PORT', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ NODE_ENV: 'production' })), 60_000);
  afterAll(async () => t?.close());

  it('is not served', async () => {
    const res = await request(t.http).get('/metrics');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('http_requests_total');
  });
});

describe('/metrics on the main port without METRICS_TOKEN, outside production', () => {
  const apps: TestApp[] = [];
  afterAll(async () => Promise.all(apps.map((a) => a.close())));

  it('is open when HOST keeps the listener to this machine (the default), and not served when HOST reaches the network', async () => {
    const local: Record<string, string>[] = [{ NODE_ENV: 'development' }, { NODE_ENV: 'test' }, { NODE_ENV: 'development', HOST: '::1' }];
    for (const env of local) {
      const t = await startTestApp(env);
      apps.push(t);
      expect([env, isLoopback(t.config.host)]).toEqual([env, true]);
      expect((await request(t.http).get('/metrics').expect(200)).text).toContain('http_requests_total');
    }
    for (const env of [
      { NODE_ENV: 'development', HOST: '0.0.0.0' },
      { NODE_ENV: 'test', HOST: '::' },
      { NODE_ENV: 'development', HOST: '192.168.10.20' },
    ]) {
      const t = await startTestApp(env);
      apps.push(t);
      const res = await request(t.http).get('/metrics');
      expect([env, res.status]).toEqual([env, 404]);
      expect(res.text).not.toContain('http_requests_total');
    }
  }, 120_000);

  it('is served to the token holder alone when HOST reaches the network and METRICS_TOKEN is set', async () => {
    const t = await startTestApp({ NODE_ENV: 'development', HOST: '0.0.0.0', METRICS_TOKEN: TOKEN });
    apps.push(t);
    await request(t.http).get('/metrics').expect(401);
    expect((await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text).toContain(
      'http_requests_total',
    );
  }, 60_000);
});

describe('/metrics on METRICS_PORT', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', HOST: '0.0.0.0', METRICS_PORT: String(await freePort()), METRICS_TOKEN: TOKEN });
    port = t.app.get(MetricsServer).port!;
  }, 60_000);
  afterAll(async () => t?.close());

  it('is served on that port alone, with the token', async () => {
    expect(t.app.get(MetricsServer).address).toBe('0.0.0.0'); // HOST: a token guards it
    await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    await request(`http://127.0.0.1:${port}`).get('/metrics').expect(401);
    const res = await request(`http://127.0.0.1:${port}`).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.text).toContain('db_pool_connections{state="total"}');
    // Nothing but /metrics there: not the pages (nor the API, which answers the same 404).
    await request(`http://127.0.0.1:${port}`).get('/orders').expect(404);
  });
});

describe('/metrics on METRICS_PORT without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(
    async () => (t = await startTestApp({ NODE_ENV: 'production', HOST: '0.0.0.0', METRICS_PORT: String(await freePort()) })),
    60_000,
  );
  afterAll(async () => t?.close());

  it('listens on loopback only, since nothing else guards it', async () => {
    const server = t.app.get(MetricsServer);
    expect(server.address).toBe('127.0.0.1');
    await request(`http://127.0.0.1:${server.port}`).get('/metrics').expect(200);
  });
});
