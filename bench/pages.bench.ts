import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchDatabaseName, benchToken, openBenchDatabase, openBenchServer, ordersArgument } from './bench-database';
import { seedDatabase } from './seed';
import { argValue, load, quantile, waitFor } from './bench-http';
import { freePort } from '../src/common/free-port';

/**
 * The pages beside the JSON they are made from, on the same app and the seeded database:
 *
 *   npm run bench:pages                              # 5,000 orders, seeded first when missing
 *   npm run bench:pages -- --orders 50000 --duration 20 --pairs order --profile
 *
 * Each pair (the HTML order page and `GET /api/v1/orders/:id`, the queue page and
 * `GET /api/v1/orders?…`) runs DURATION seconds at 8 connections, interleaved in short rounds so
 * a change in the machine's load falls on both. `--profile` starts the app with `--cpu-prof`
 * (the profile lands in bench/results/profiles/). Prints a table and writes
 * bench/results/pages-<orders>.json.
 */
interface Pair {
  name: string;
  page: (fx: Fixtures) => autocannon.Request;
  json: (fx: Fixtures) => autocannon.Request;
}

interface Fixtures {
  supportUnitId: string;
  delivererToken: string;
  orderIds: string[];
}

const ROUNDS = 4;

const PAIRS: Pair[] = [
  {
    name: 'order',
    page: (fx) => rotating(fx, (id) => `/orders/${id}`, 'cookie'),
    json: (fx) => rotating(fx, (id) => `/api/v1/orders/${id}`, 'bearer'),
  },
  {
    name: 'queue',
    page: (fx) => fixed(fx, `/queue`, 'cookie'),
    json: (fx) => fixed(fx, `/api/v1/orders?supportUnitId=${fx.supportUnitId}&limit=50`, 'bearer'),
  },
];

function credentials(fx: Fixtures, via: 'cookie' | 'bearer'): Record<string, string> {
  return via === 'cookie' ? { cookie: `sid=${fx.delivererToken}` } : { authorization: `Bearer ${fx.delivererToken}` };
}

function rotating(fx: Fixtures, path: (id: string) => string, via: 'cookie' | 'bearer'): autocannon.Request {
  let n = 0;
  return {
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: path(fx.orderIds[n++ % fx.orderIds.length]) }),
    headers: credentials(fx, via),
  };
}

function fixed(fx: Fixtures, path: string, via: 'cookie' | 'bearer'): autocannon.Request {
  return { method: 'GET', path, headers: credentials(fx, via) };
}

interface Measurement {
  pair: string;
  kind: 'page' | 'json';
  requests: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p975: number;
  p99: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const orders = ordersArgument(argv, 5_000);
  const duration = Number(argValue(argv, '--duration') ?? 10);
  const connections = Number(argValue(argv, '--connections') ?? 8);
  const profile = argv.includes('--profile');
  const only = argValue(argv, '--pairs')?.split(',');
  const server = await openBenchServer((line) => console.log(line));
  let app: ChildProcess | null = null;
  try {
    const name = benchDatabaseName(orders);
    let { db, url } = await openBenchDatabase(server, name);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM orders WHERE reference LIKE '%-B%'`);
    if (n !== orders) {
      await db.destroy();
      await seedDatabase(server, orders);
      ({ db, url } = await openBenchDatabase(server, name));
    }
    await db.query(`UPDATE sessions SET last_seen_at = now(), expires_at = now() + interval '30 days'`);
    await db.query('VACUUM ANALYZE orders');
    const fx = await fixtures(db);
    await db.destroy();

    const port = await freePort();
    const profiles = join('bench', 'results', 'profiles');
    if (profile) mkdirSync(profiles, { recursive: true });
    app = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : []), 'dist/src/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        MIGRATIONS_RUN: 'false',
        WORKERS: 'false',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
    });
    const target = `http://127.0.0.1:${port}`;
    await waitFor(`${target}/api/v1/orders?limit=1`, fx.delivererToken);

    console.log(
      `\n${orders.toLocaleString()} orders, ${connections} connections, ${duration} s per route (${ROUNDS} interleaved runs), load average ${loadavg()[0].toFixed(1)}`,
    );
    console.log(`${'route'.padEnd(12)} │ ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p97.5'.padStart(6)} ${'p99'.padStart(6)} │ errors`);
    const results: Measurement[] = [];
    for (const pair of PAIRS.filter((p) => !only || only.includes(p.name))) {
      const times = { page: [] as number[], json: [] as number[] };
      const errors = { page: 0, json: 0 };
      for (const kind of ['page', 'json'] as const) await load(target, [pair[kind](fx)], connections, 2);
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of ['page', 'json'] as const) {
          const run = await load(target, [pair[kind](fx)], connections, duration / ROUNDS);
          times[kind].push(...run.times);
          errors[kind] += run.errors;
        }
      }
      for (const kind of ['page', 'json'] as const) {
        const m = { pair: pair.name, kind, ...summarise(times[kind], errors[kind], duration) };
        results.push(m);
        const ms = (v: number) => v.toFixed(1).padStart(6);
        console.log(
          `${`${pair.name} ${kind === 'page' ? 'HTML' : 'JSON'}`.padEnd(12)} │ ${m.reqPerSec.toFixed(0).padStart(7)} ${ms(m.p50)} ${ms(m.p975)} ${ms(m.p99)} │ ${m.errors}`,
        );
      }
    }
    const file = join('bench', 'results', `pages-${orders}.json`);
    mkdirSync(join('bench', 'results'), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          orders,
          durationSeconds: duration,
          connections,
          machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtEnd: loadavg() },
          node: process.version,
          results,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${file}`);
    const failed = results.filter((r) => r.errors > 0);
    if (failed.length) {
      console.error(`errors on ${failed.map((r) => `${r.pair} ${r.kind}: ${r.errors}`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (app) {
      const exited = new Promise((done) => (app!.exitCode !== null ? done(null) : app!.once('exit', done)));
      app.kill('SIGTERM');
      await exited;
    }
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
  return { supportUnitId: unit.id, delivererToken: benchToken(`${unit.code}-deliverer-1@bench.example`), orderIds };
}

function summarise(times: number[], errors: number, duration: number) {
  times.sort((a, b) => a - b);
  const at = (p: number) => quantile(times, p);
  return { requests: times.length, errors, reqPerSec: times.length / duration, p50: at(0.5), p975: at(0.975), p99: at(0.99) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
