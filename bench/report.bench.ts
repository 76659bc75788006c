import 'reflect-metadata';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { Actor } from '../src/identity/access/actor';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabase, withDatabase } from '../src/database/database-launcher';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { FeedbackLoopReportService } from '../src/insights/feedback-loop-report.service';
import { rebuildRollups } from '../src/insights/rollup-rebuild';
import type { FeedbackLoopQueryDto } from '../src/insights/report.dto';
import pino from 'pino';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { SessionService } from '../src/identity/session.service';
import { UsersService } from '../src/identity/users.service';

/**
 * The feedback-loop report on a million orders. Generates an organisation (support units,
 * services, core units), ORDERS orders with their report facts spread over five years, builds
 * the rollups, then times the report as managers call it. Figures, not assertions.
 *
 *   npm run bench:report                 # 1,000,000 orders, embedded PostgreSQL in .data/bench
 *   ORDERS=100000 npm run bench:report   # smaller
 *   BENCH_DATABASE_URL=postgres://… npm run bench:report
 *   PAGES=false npm run bench:report     # the service only, not the pages
 *   REBUILD=true npm run bench:report    # drafts and rollups again over the generated orders
 *
 * Then the report page as a browser gets it: the whole app over the same database, GET /reports
 * over HTTP with a signed-in session cookie (an admin's and a support-unit manager's view), so
 * the figure includes access checks, the report, the chart, the table and the layout.
 */
const ORDERS = Number(process.env.ORDERS ?? 1_000_000);
const SUPPORT_UNITS = 8;
const SERVICES_PER_UNIT = 5;
const CORE_UNITS = 120;
const MONTHS = 60;
const SERVICES_USED_PER_UNIT = 8;
const RUNS = Number(process.env.RUNS ?? 25);

async function main(): Promise<void> {
  const started = performance.now();
  let serverUrl = process.env.BENCH_DATABASE_URL;
  const embedded = serverUrl
    ? null
    : await startEmbeddedPostgres({
        dataDir: join(process.cwd(), '.data', 'bench-postgres'),
        preferredPort: 54349,
        log: (l) => console.log(l),
      });
  serverUrl ??= embedded!.superuserUrl;
  const dbName = `support_orders_bench_${ORDERS}`;
  const fresh = await ensureDatabase(serverUrl, dbName);
  const db = new DataSource(dataSourceOptions(withDatabase(serverUrl, dbName), { poolSize: 4, applicationName: 'bench' }));
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM order_facts');
    if (fresh || count !== ORDERS) await generate(db);
    else {
      console.log(`reusing ${count.toLocaleString()} generated orders in ${dbName}`);
      // A database from before drafts were counted (or a run cut short): drafts and rollups again.
      const [{ drafts }] = await db.query('SELECT count(*)::int AS drafts FROM intake_facts');
      const [{ rollups }] = await db.query('SELECT count(*)::int AS rollups FROM feedback_loop_rollup');
      if (drafts <= count || rollups === 0 || process.env.REBUILD === 'true') await generateDraftsAndRollups(db);
    }

    const rollupRows = (await db.query('SELECT count(*)::int AS n FROM feedback_loop_rollup'))[0].n;
    console.log(`rollups: ${rollupRows.toLocaleString()} rows at three grains`);

    const report = new FeedbackLoopReportService(db);
    const units: Array<{ id: string; kind: string; name: string }> = await db.query('SELECT id, kind, name FROM units ORDER BY name');
    const supportUnit = units.find((u) => u.kind === 'support')!.id;
    const coreUnit = units.find((u) => u.kind === 'core' && u.name.startsWith('School'))!.id;
    const admin = actor(true, []);
    const supportManager = actor(false, [supportUnit]);
    const schoolManager = actor(false, [coreUnit]);
    const now = new Date();
    const year = now.getUTCFullYear();

    const scenarios: Array<[string, Actor, FeedbackLoopQueryDto]> = [
      ['admin, all orders, by month', admin, { groupBy: 'month' }],
      ['admin, all orders, by service', admin, { groupBy: 'service' }],
      ['admin, all orders, by requesting unit', admin, { groupBy: 'requesterUnit' }],
      ['admin, last 12 months, by support unit', admin, { groupBy: 'supportUnit', from: `${year - 1}-01-01`, to: `${year}-12-31` }],
      ['manager of a support unit, by month', supportManager, { groupBy: 'month' }],
      ['manager of a school, by service', schoolManager, { groupBy: 'service' }],
    ];
    console.log(`\nfeedback-loop report on ${ORDERS.toLocaleString()} orders, ${RUNS} runs each after 3 warm-up runs:`);
    console.log(
      `${'scenario'.padEnd(44)} ${'rows'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'drafts p50'.padStart(10)}`,
    );
    for (const [name, who, query] of scenarios) {
      for (let i = 0; i < 3; i++) await report.report(who, query);
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        rows = (await report.report(who, query)).rows.length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      // Of which: where the abandoned drafts were left (one grouped read of intake_facts), alone.
      const drafts: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await report.abandonedAt(who.isAdmin ? null : who.managedUnitIds, query);
        drafts.push(performance.now() - t0);
      }
      drafts.sort((a, b) => a - b);
      console.log(
        `${name.padEnd(44)} ${String(rows).padStart(5)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${times[times.length - 1].toFixed(1).padStart(8)} ${drafts[Math.floor(drafts.length / 2)].toFixed(1).padStart(10)}`,
      );
    }
    if (process.env.PAGES !== 'false') await timePages(serverUrl, dbName, supportUnit, year);
    console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

/** GET /reports over HTTP with a session cookie, RUNS times after 3 warm-up requests each. */
async function timePages(serverUrl: string, dbName: string, supportUnit: string, year: number): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent', WORKERS: 'false' });
  const app = await createApp(config, withDatabase(serverUrl, dbName), pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }));
  await app.listen(0, '127.0.0.1');
  try {
    const base = await app.getUrl();
    const cookie = async (isAdmin: boolean, units: string[]) => {
      const user = await app.get(UsersService).create(actor(true, []), {
        email: `bench-${isAdmin ? 'admin' : 'manager'}-${Date.now()}@bench.example`,
        name: 'Bench page reader',
        isAdmin,
        memberships: units.map((unitId) => ({ unitId, role: 'manager' as const })),
      });
      const { token } = await app.get(DataSource).transaction((m) => app.get(SessionService).create(m, user.id, 'password', {}));
      return `sid=${token}`;
    };
    const admin = await cookie(true, []);
    const manager = await cookie(false, [supportUnit]);
    const pages: Array<[string, string, string]> = [
      ['admin, all orders, by month', admin, '/reports?groupBy=month'],
      ['admin, all orders, by service', admin, '/reports?groupBy=service'],
      ['admin, all orders, by requesting unit', admin, '/reports?groupBy=requesterUnit'],
      ['admin, two years, by support unit', admin, `/reports?groupBy=supportUnit&from=${year - 1}-01-01&to=${year}-12-31`],
      ['manager of a support unit, by month', manager, '/reports?groupBy=month'],
      ['manager of a support unit, by service', manager, '/reports?groupBy=service'],
    ];
    console.log(`\nthe report page (GET /reports over HTTP, signed in), ${RUNS} runs each after 3 warm-up requests:`);
    console.log(`${'page'.padEnd(44)} ${'kB'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
    for (const [name, sid, path] of pages) {
      const get = async () => {
        const res = await fetch(base + path, { headers: { Cookie: sid, 'Accept-Language': 'en' } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
        return body.length;
      };
      for (let i = 0; i < 3; i++) await get();
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        size = await get();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      console.log(
        `${name.padEnd(44)} ${String(Math.round(size / 1024)).padStart(5)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${times[times.length - 1].toFixed(1).padStart(8)}`,
      );
    }
  } finally {
    await app.close();
  }
}

function actor(isAdmin: boolean, managedUnitIds: string[]): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    email: 'bench',
    name: 'Bench',
    isAdmin,
    memberships: [],
    memberUnitIds: [],
    managedUnitIds,
    sessionId: 'bench',
    via: 'bearer',
    language: null,
  };
}

async function generate(db: DataSource): Promise<void> {
  console.log(`generating ${ORDERS.toLocaleString()} orders over ${MONTHS} months…`);
  await db.query('TRUNCATE units, users, services, orders, order_facts, intake_facts, feedback_loop_rollup CASCADE');
  await db.query(`INSERT INTO units (name, kind, code) VALUES ('Bench municipality', 'core', 'BEN')`);
  await db.query(
    `INSERT INTO units (name, kind, code, parent_id)
     SELECT 'Support ' || i, 'support', 'S' || chr(65 + i), (SELECT id FROM units WHERE code = 'BEN') FROM generate_series(1, $1) i`,
    [SUPPORT_UNITS],
  );
  await db.query(
    `INSERT INTO units (name, kind, code, parent_id)
     SELECT 'School ' || i, 'core', 'C' || chr(65 + i / 26) || chr(65 + i % 26), (SELECT id FROM units WHERE code = 'BEN') FROM generate_series(1, $1) i`,
    [CORE_UNITS],
  );
  await db.query(
    `INSERT INTO services (support_unit_id, name, target_lead_time_days)
     SELECT u.id, u.name || ' service ' || i, 3 + i * 2 FROM units u, generate_series(1, $1) i WHERE u.kind = 'support'`,
    [SERVICES_PER_UNIT],
  );
  await db.query(
    `INSERT INTO questionnaires (service_id, version, status, questions, published_at) SELECT id, 1, 'published', '[]', now() FROM services`,
  );
  await db.query(`INSERT INTO users (email, name) VALUES ('bench@bench.example', 'Bench requester')`);

  const chunk = 100_000;
  for (let done = 0; done < ORDERS; done += chunk) {
    const n = Math.min(chunk, ORDERS - done);
    // Orders with plausible shapes: most delivered and accepted, some consulted, some reopened.
    await db.query(
      `WITH params AS (SELECT (SELECT array_agg(id ORDER BY id) FROM services) AS services,
                              (SELECT array_agg(id ORDER BY id) FROM units WHERE kind = 'core' AND parent_id IS NOT NULL) AS cores,
                              (SELECT id FROM users LIMIT 1) AS requester),
       raw AS (
         SELECT g, p.cores[1 + (hashint4(g * 7) & 2147483647) % array_length(p.cores, 1)] AS requester_unit_id,
                -- each unit orders from its own handful of services, as units do
                p.services[1 + (((hashint4(g * 7) & 2147483647) % array_length(p.cores, 1)) * 7 + (hashint4(g) & 2147483647) % $4) % array_length(p.services, 1)] AS service_id,
                p.requester,
                date_trunc('month', now()) - make_interval(months => (hashint4(g * 13) & 2147483647) % $3) + make_interval(days => (hashint4(g * 17) & 2147483647) % 27) AS submitted_at,
                ((hashint4(g * 19) & 2147483647) % 1000) / 1000.0 AS r
           FROM generate_series($1::int, $2::int) g, params p
       ), inserted AS (
         INSERT INTO orders (reference, service_id, support_unit_id, requester_unit_id, requester_id, questionnaire_id, title, purpose, answers, status, submitted_at, delivered_at, accepted_at, due_date)
         SELECT 'BEN-' || g, raw.service_id, s.support_unit_id, raw.requester_unit_id, raw.requester, q.id, 'Order ' || g, 'Generated for the report benchmark', '{}',
                CASE WHEN r < 0.8 THEN 'closed' WHEN r < 0.9 THEN 'in_progress' ELSE 'submitted' END,
                submitted_at,
                CASE WHEN r < 0.8 THEN submitted_at + make_interval(days => 2 + (g % 20)) END,
                CASE WHEN r < 0.8 THEN submitted_at + make_interval(days => 4 + (g % 20)) END,
                (submitted_at + make_interval(days => 14))::date
           FROM raw JOIN services s ON s.id = raw.service_id JOIN questionnaires q ON q.service_id = s.id
         RETURNING id, service_id, support_unit_id, requester_unit_id, submitted_at, delivered_at, accepted_at, due_date, status
       )
       INSERT INTO order_facts (order_id, month, service_id, support_unit_id, requester_unit_id, facts)
       SELECT id, date_trunc('month', submitted_at)::date, service_id, support_unit_id, requester_unit_id,
              jsonb_build_object('orderId', id, 'status', status, 'submittedAt', submitted_at, 'deliveredAt', delivered_at, 'acceptedAt', accepted_at,
                'dueDate', to_char(due_date, 'YYYY-MM-DD'), 'consulted', (hashint4(hashtext(id::text)) & 3) = 0,
                'adviceGiven', (hashint4(hashtext(id::text)) & 3 = 0)::int, 'adviceFollowed', (hashint4(hashtext(id::text)) & 7 = 0)::int,
                'adviceDecided', (hashint4(hashtext(id::text)) & 3 = 0)::int, 'changeRequests', (hashint4(hashtext(id::text) + 1) & 15 = 0)::int,
                'reopened', (hashint4(hashtext(id::text) + 2) & 31) = 0,
                'leadTimeDays', CASE WHEN delivered_at IS NOT NULL THEN (EXTRACT(day FROM delivered_at - submitted_at))::int END,
                'satisfaction', CASE WHEN accepted_at IS NOT NULL THEN 1 + (hashint4(hashtext(id::text) + 3) & 2147483647) % 5 END,
                'purposeAchieved', CASE WHEN accepted_at IS NOT NULL THEN (ARRAY['yes', 'partly', 'no'])[1 + (hashint4(hashtext(id::text) + 4) & 2147483647) % 3] END,
                'recommendationsIssued', (hashint4(hashtext(id::text) + 5) & 7 = 0)::int, 'recommendationsAdopted', (hashint4(hashtext(id::text) + 6) & 15 = 0)::int,
                'recommendationsDecided', (hashint4(hashtext(id::text) + 6) & 7 = 0)::int,
                'secondsInStatus', jsonb_build_object('submitted', 86400 * (1 + (hashint4(hashtext(id::text)) & 3)), 'in_progress', 86400 * (2 + (hashint4(hashtext(id::text)) & 7))),
                -- first response: 0 to 40 business hours in quarter hours, none for the 10 % still submitted
                'firstResponseHours', CASE WHEN status <> 'submitted' THEN ((hashint4(hashtext(id::text) + 7) & 2147483647) % 160) / 4.0 END,
                'stoppedBy', NULL)
         FROM inserted`,
      [done + 1, done + n, MONTHS, SERVICES_USED_PER_UNIT],
    );
    console.log(`  orders ${(done + n).toLocaleString()} / ${ORDERS.toLocaleString()}`);
  }
  await generateDraftsAndRollups(db);
}

/**
 * Every order was a draft once, counted in the month it was started; one draft in ten more was
 * never submitted (left at one of three questions, some with a stop reason). Then the rollups.
 */
async function generateDraftsAndRollups(db: DataSource): Promise<void> {
  await db.query('TRUNCATE intake_facts, feedback_loop_rollup');
  await db.query(
    `INSERT INTO intake_facts (order_id, month, service_id, support_unit_id, requester_unit_id, submitted)
     SELECT order_id, month, service_id, support_unit_id, requester_unit_id, true FROM order_facts`,
  );
  await db.query(
    `INSERT INTO intake_facts (order_id, month, service_id, support_unit_id, requester_unit_id, submitted, left_at_question, stopped_by)
     SELECT gen_random_uuid(), f.month, f.service_id, f.support_unit_id, f.requester_unit_id, false,
            (ARRAY['audience', 'budget', NULL])[1 + (hashint8(g) & 2147483647) % 3],
            (ARRAY['no_longer_needed', 'questions_too_hard', NULL, NULL])[1 + (hashint8(g + 1) & 2147483647) % 4]
       FROM (SELECT *, row_number() OVER (ORDER BY order_id) AS g FROM intake_facts) f WHERE g % 10 = 0`,
  );
  console.log(`  drafts ${((await db.query('SELECT count(*)::int AS n FROM intake_facts'))[0].n as number).toLocaleString()}`);
  await db.query('ANALYZE');
  console.log('building the rollups from the orders’ facts and the drafts…');
  let shown = 0;
  const { groups } = await rebuildRollups(db, (doneFacts, total) => {
    if (doneFacts - shown >= 100_000 || doneFacts === total) {
      shown = doneFacts;
      console.log(`  facts ${doneFacts.toLocaleString()} / ${total.toLocaleString()}`);
    }
  });
  console.log(`  ${groups.toLocaleString()} (month, service, requesting unit) groups`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
