import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDatabaseName, benchToken, openBenchDatabase, openBenchServer, ordersArgument } from './bench-database';
import { benchFiles, FileFigures, FILE_CONCURRENCY, printFileFigures, writeBenchFile } from './files.bench';
import { seedDatabase } from './seed';
import { argValue, load, quantile, waitFor } from './bench-http';
import { freePort } from '../src/common/free-port';

/**
 * The API under load, against a raw `node:http` + `pg` server doing the same SQL work
 * (bench/raw-server.ts), both over the seeded database, with autocannon:
 *
 *   npm run bench                                  # 10,000 orders, seeded first when missing
 *   npm run bench -- --orders 1000000 --duration 20
 *
 * Each route runs DURATION seconds at 8 and at 32 connections against the app (built, started
 * as `npm start` would, logging at `info` as in production, its log to /dev/null) and against
 * the baseline, each in a process of its own. Then files (bench/files.bench.ts): a 25 MB upload
 * and download, 8 at once, with the app's resident set sampled, and downloads against the raw
 * server streaming the same file (`--routes files` runs only these). Prints a table and writes
 * bench/results/api-<orders>.json.
 */
interface Route {
  name: string;
  requests: (fx: Fixtures) => autocannon.Request[];
}

interface Fixtures {
  supportUnitId: string;
  delivererToken: string;
  managerToken: string;
  orderIds: string[];
  requesters: Array<{ token: string; unitId: string }>;
  serviceId: string;
}

/** Short runs per server and route, interleaved. */
const ROUNDS = 4;

const ROUTES: Route[] = [
  {
    name: 'create + submit an order',
    requests: (fx) => {
      let n = 0;
      return [
        {
          method: 'POST',
          path: '/api/v1/orders',
          setupRequest: (req, ctx) => {
            const context = ctx as Record<string, unknown>;
            const requester = fx.requesters[n++ % fx.requesters.length];
            context.token = requester.token;
            return {
              ...req,
              headers: { ...req.headers, authorization: `Bearer ${requester.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                serviceId: fx.serviceId,
                requesterUnitId: requester.unitId,
                title: 'Benchmark poster',
                purpose: 'Measure the write path',
                answers: { audience: 'Parents', channel: 'print', copies: 50 },
              }),
            };
          },
          onResponse: (_status, body, ctx) => {
            const context = ctx as Record<string, unknown>;
            const order = JSON.parse(body) as { id: string; version: number };
            context.id = order.id;
            context.version = order.version;
          },
        },
        {
          method: 'POST',
          setupRequest: (req, ctx) => ({
            ...req,
            path: `/api/v1/orders/${String((ctx as Record<string, unknown>).id)}/submit`,
            headers: {
              ...req.headers,
              authorization: `Bearer ${String((ctx as Record<string, unknown>).token)}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ version: (ctx as Record<string, unknown>).version }),
          }),
        },
      ];
    },
  },
  {
    name: 'queue page of 50',
    requests: (fx) => [
      {
        method: 'GET',
        path: `/api/v1/orders?supportUnitId=${fx.supportUnitId}&status=submitted&limit=50`,
        headers: { authorization: `Bearer ${fx.delivererToken}` },
      },
    ],
  },
  {
    name: 'one order',
    requests: (fx) => [rotating(fx, (id) => `/api/v1/orders/${id}`)],
  },
  {
    name: 'timeline',
    requests: (fx) => [rotating(fx, (id) => `/api/v1/orders/${id}/timeline`)],
  },
  {
    name: 'feedback-loop report',
    requests: (fx) => [
      { method: 'GET', path: '/api/v1/reports/feedback-loop?groupBy=month', headers: { authorization: `Bearer ${fx.managerToken}` } },
    ],
  },
];

function rotating(fx: Fixtures, path: (id: string) => string): autocannon.Request {
  let n = 0;
  return {
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: path(fx.orderIds[n++ % fx.orderIds.length]) }),
    headers: { authorization: `Bearer ${fx.delivererToken}` },
  };
}

interface Measurement {
  route: string;
  server: 'app' | 'raw';
  connections: number;
  requests: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const orders = ordersArgument(argv, 10_000);
  const duration = Number(argValue(argv, '--duration') ?? 10);
  const connectionCounts = (argValue(argv, '--connections') ?? '8,32').split(',').map(Number);
  const only = argValue(argv, '--routes');
  const server = await openBenchServer((line) => console.log(line));
  const children: ChildProcess[] = [];
  try {
    const name = benchDatabaseName(orders);
    let { db, url } = await openBenchDatabase(server, name);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM orders WHERE reference LIKE '%-B%'`);
    if (n !== orders) {
      await db.destroy();
      await seedDatabase(server, orders);
      ({ db, url } = await openBenchDatabase(server, name));
    }
    // Sessions of the seed stay signed in however long ago it ran; earlier runs' orders go.
    await db.query(`UPDATE sessions SET last_seen_at = now(), expires_at = now() + interval '30 days'`);
    await db.query(`DELETE FROM orders WHERE reference NOT LIKE '%-B%'`);
    await db.query('DELETE FROM write_counts');
    await db.query('VACUUM ANALYZE orders');
    const fx = await fixtures(db);
    await db.destroy();

    const appPort = await freePort();
    const rawPort = await freePort();
    const devNull = openSync('/dev/null', 'w');
    const runFiles = !only || only.split(',').includes('files');
    // The app's files go to a folder of the bench's own, emptied on every run.
    const filesDir = join('.data', 'bench-files');
    rmSync(filesDir, { recursive: true, force: true });
    const benchFile = runFiles ? await writeBenchFile(filesDir) : '';
    const env = {
      ...process.env,
      DATABASE_URL: url,
      MIGRATIONS_RUN: 'false',
      WORKERS: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      LOG_PRETTY: 'false',
      WRITE_LIMIT_DRAFTS: '1000000',
      DATA_DIR: join(filesDir, 'data'),
      // The bench uploads far more in an hour than a person may.
      MAX_UPLOAD_MB_PER_HOUR: '1000000',
    };
    children.push(
      spawn(process.execPath, ['dist/src/main.js'], { env: { ...env, PORT: String(appPort) }, stdio: ['ignore', devNull, 'inherit'] }),
    );
    children.push(
      spawn(process.execPath, ['dist/bench/raw-server.js'], {
        env: { ...env, PORT: String(rawPort), BENCH_FILE: benchFile },
        stdio: ['ignore', devNull, 'inherit'],
      }),
    );
    const targets = { app: `http://127.0.0.1:${appPort}`, raw: `http://127.0.0.1:${rawPort}` };
    await Promise.all(Object.values(targets).map((t) => waitFor(`${t}/api/v1/orders?limit=1`, fx.delivererToken)));

    const results: Measurement[] = [];
    console.log(
      `\n${orders.toLocaleString()} orders, ${duration} s per server and route (${ROUNDS} interleaved runs) after a 2 s warm-up, load average ${loadavg()[0].toFixed(1)}`,
    );
    printHeader();
    for (const route of ROUTES.filter((r) => !only || only.split(',').some((o) => o !== 'files' && r.name.includes(o)))) {
      for (const connections of connectionCounts) {
        // Interleaved (app, raw, app, raw, …) in ROUNDS short runs, so that a change in the
        // machine's load during a run falls on both servers alike.
        const times = { app: [] as number[], raw: [] as number[] };
        const errors = { app: 0, raw: 0 };
        for (const target of ['app', 'raw'] as const) await load(targets[target], route.requests(fx), connections, 2);
        for (let round = 0; round < ROUNDS; round++) {
          for (const target of ['app', 'raw'] as const) {
            const run = await load(targets[target], route.requests(fx), connections, duration / ROUNDS);
            times[target].push(...run.times);
            errors[target] += run.errors;
          }
        }
        const pair = (['app', 'raw'] as const).map((target) => ({
          route: route.name,
          server: target,
          connections,
          ...summarise(times[target], errors[target], duration),
        }));
        results.push(...pair);
        printPair(pair[0], pair[1]);
      }
    }
    let files: FileFigures | undefined;
    if (runFiles) {
      files = await benchFiles({
        app: { url: targets.app, pid: children[0].pid! },
        raw: { url: targets.raw },
        file: benchFile,
        fx: { uploaders: await drafts(targets.app, fx) },
        seconds: duration,
        rounds: ROUNDS,
      });
      printFileFigures(files);
    }
    // A run of some routes only does not replace the full run's file.
    const file = join('bench', 'results', `api-${orders}${only ? `-${only.replace(/[^a-z0-9]+/gi, '-')}` : ''}.json`);
    mkdirSync(join('bench', 'results'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          orders,
          durationSeconds: duration,
          machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtEnd: loadavg() },
          node: process.version,
          logLevel: env.LOG_LEVEL,
          results: results.map((r) => ({ ...r, ratio: r.server === 'app' ? ratioOf(r, results) : undefined })),
          files,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${file}`);
    // A route that answered errors measured something else than the route: not a figure to keep.
    const failed = results.filter((r) => r.errors > 0);
    if (failed.length) {
      console.error(`errors on ${failed.map((r) => `${r.route} (${r.server}, ${r.connections} conn.: ${r.errors})`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((done) => (c.exitCode !== null ? done(null) : c.once('exit', done)))));
    await server.stop();
  }
}

async function fixtures(db: import('typeorm').DataSource): Promise<Fixtures> {
  const [unit] = await db.query(`SELECT id, lower(code) AS code FROM units WHERE code = 'SA'`);
  const orderIds = (
    await db.query(`SELECT id FROM orders WHERE support_unit_id = $1 AND status <> 'draft' ORDER BY hashtext(id::text) LIMIT 500`, [
      unit.id,
    ])
  ).map((r: { id: string }) => r.id);
  const requesters = await db.query(
    `SELECT us.email, m.unit_id FROM memberships m JOIN users us ON us.id = m.user_id WHERE m.role = 'requester' ORDER BY us.email`,
  );
  const [service] = await db.query(`SELECT id FROM services WHERE support_unit_id = $1 ORDER BY name LIMIT 1`, [unit.id]);
  return {
    supportUnitId: unit.id,
    delivererToken: benchToken(`${unit.code}-deliverer-1@bench.example`),
    managerToken: benchToken(`${unit.code}-manager@bench.example`),
    orderIds,
    requesters: requesters.map((r: { email: string; unit_id: string }) => ({ token: benchToken(r.email), unitId: r.unit_id })),
    serviceId: service.id,
  };
}

/** A draft for each of the files bench's uploaders, made through the API by its own requester. */
async function drafts(base: string, fx: Fixtures): Promise<Array<{ token: string; orderId: string }>> {
  const made: Array<{ token: string; orderId: string }> = [];
  for (let i = 0; i < FILE_CONCURRENCY; i++) {
    const requester = fx.requesters[i % fx.requesters.length];
    const res = await fetch(`${base}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${requester.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceId: fx.serviceId,
        requesterUnitId: requester.unitId,
        title: 'Benchmark files',
        purpose: 'Measure uploads and downloads',
        answers: { audience: 'Parents', channel: 'print', copies: 50 },
      }),
    });
    if (res.status !== 201) throw new Error(`a draft for the files bench answered ${res.status}: ${await res.text()}`);
    made.push({ token: requester.token, orderId: ((await res.json()) as { id: string }).id });
  }
  return made;
}

function summarise(times: number[], errors: number, duration: number): Omit<Measurement, 'route' | 'server' | 'connections'> {
  times.sort((a, b) => a - b);
  const at = (p: number) => quantile(times, p);
  return { requests: times.length, errors, reqPerSec: times.length / duration, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function ratioOf(app: Measurement, all: Measurement[]): number {
  const raw = all.find((r) => r.server === 'raw' && r.route === app.route && r.connections === app.connections);
  return raw ? app.reqPerSec / raw.reqPerSec : NaN;
}

function printHeader(): void {
  console.log(
    `${'route'.padEnd(26)} ${'conn'.padStart(4)} │ ${'app req/s'.padStart(9)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} │ ${'raw req/s'.padStart(9)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} │ ${'ratio'.padStart(5)} ${'errors'.padStart(6)}`,
  );
}

function printPair(app: Measurement, raw: Measurement): void {
  const ms = (v: number) => v.toFixed(1).padStart(6);
  const side = (m: Measurement) => `${m.reqPerSec.toFixed(0).padStart(9)} ${ms(m.p50)} ${ms(m.p95)} ${ms(m.p99)}`;
  const ratio = `${((app.reqPerSec / raw.reqPerSec) * 100).toFixed(0)} %`;
  console.log(
    `${app.route.padEnd(26)} ${String(app.connections).padStart(4)} │ ${side(app)} │ ${side(raw)} │ ${ratio.padStart(5)} ${String(app.errors + raw.errors).padStart(6)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
