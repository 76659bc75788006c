import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { rebuildRollups } from '../../src/insights/rollup-rebuild';
import { aFullCycle, Cycle, everythingAnAdminReads, signIn } from '../factories/cycle';
import { World } from '../factories/world';
import { cloneTemplate, createEmptyDatabase, withClient } from '../support/test-database';
import { startAppOn } from '../support/test-app';

/**
 * The first releases, as git has them: the first landing (commit 895d5b4, "Property tests:
 * histogram percentiles…") shipped four migrations, and the first landing with closing notes
 * (issues 1–6, commit 19e630b) five. Later migrations were only ever added after these, never
 * edited (`git diff 895d5b4 -- migrations/` adds files only), so running exactly these makes
 * the database such a release created.
 */
const RELEASES: Array<[string, string[]]> = [
  [
    'the first landing (895d5b4)',
    [
      'IdentityAndAudit1795385779097',
      'CatalogOrdersRetrospectives1795386081715',
      'FeedbackLoopRollup1795386676450',
      'ListAndTreeIndexes1795388185156',
    ],
  ],
  [
    'the first closing notes (19e630b)',
    [
      'IdentityAndAudit1795385779097',
      'CatalogOrdersRetrospectives1795386081715',
      'FeedbackLoopRollup1795386676450',
      'ListAndTreeIndexes1795388185156',
      'ChangeRequestBasedOnSpec1795436017896',
    ],
  ],
];

const nameOf = (m: Function) => new (m as new () => { name: string })().name;

/** Runs exactly the migrations a release shipped (checked by name) on the database at `url`. */
async function migrateAsReleased(url: string, shipped: string[]): Promise<void> {
  const first = MIGRATIONS.slice(0, shipped.length);
  expect(first.map(nameOf)).toEqual(shipped);
  const db = new DataSource({ ...dataSourceOptions(url, { poolSize: 1 }), migrations: first });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await db.destroy();
  }
}

/**
 * Copies every row of `from` that the first release's schema in `to` can hold: its tables
 * only, their columns only (what a later release added is left behind, as it was never
 * there). Triggers and foreign keys wait (replica role) since rows come in table order;
 * identity sequences are then moved past the copied ids, as the old app would have left them.
 */
async function copyIntoOldSchema(from: string, to: string): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  await withClient(from, (source) =>
    withClient(to, async (target) => {
      const { rows: columns } = await target.query<{ table_name: string; columns: string[] }>(
        `SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) AS columns FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name <> 'schema_migrations' GROUP BY table_name ORDER BY table_name`,
      );
      await target.query('BEGIN');
      await target.query(`SET LOCAL session_replication_role = replica`);
      for (const { table_name: table, columns: names } of columns) {
        const list = names.map((n) => target.escapeIdentifier(n)).join(', ');
        const { rows } = await source.query(`SELECT ${list} FROM ${source.escapeIdentifier(table)}`);
        if (rows.length) {
          await target.query(
            `INSERT INTO ${target.escapeIdentifier(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${target.escapeIdentifier(table)}, $1)`,
            [JSON.stringify(rows)],
          );
        }
        copied[table] = rows.length;
      }
      const { rows: identities } = await target.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'`,
      );
      for (const { table_name: table, column_name: column } of identities) {
        await target.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${target.escapeIdentifier(column)}) FROM ${target.escapeIdentifier(table)}), 0) + 1, false)`,
          [table, column],
        );
      }
      await target.query('COMMIT');
    }),
  );
  return copied;
}

describe('upgrading a database made by a first release', () => {
  let sourceDb: Awaited<ReturnType<typeof cloneTemplate>>;
  let cycle: Cycle;
  let before: Awaited<ReturnType<typeof everythingAnAdminReads>>;

  // The cycle, played once on today's app; its rows are what each old schema gets.
  beforeAll(async () => {
    sourceDb = await cloneTemplate();
    const source = await startAppOn(sourceDb.url);
    try {
      const w = new World(source);
      cycle = await aFullCycle(w);
      before = await everythingAnAdminReads(w, cycle.admin);
    } finally {
      await source.close();
    }
  });
  afterAll(() => sourceDb.drop());

  it.each(RELEASES)('from %s keeps every order readable and the report equal to a rebuild', async (_release, shipped) => {
    const old = await createEmptyDatabase();
    try {
      await migrateAsReleased(old.url, shipped);
      const copied = await copyIntoOldSchema(sourceDb.url, old.url);
      expect(copied).toMatchObject({ orders: 5, retrospectives: 1, recommendations: 1, feedback: 1 });
      expect(copied.status_events).toBeGreaterThan(10);
      expect(Object.keys(copied)).not.toContain('outbox_events'); // a later release's table
      // Facts as that release wrote them: without the channel, effort and first response later releases add.
      await withClient(old.url, (c) =>
        c.query(`UPDATE order_facts SET facts = facts - 'channel' - 'effortMinutes' - 'firstResponseHours'`),
      );

      // Today's migrations over it.
      const db = new DataSource(dataSourceOptions(old.url, { poolSize: 1 }));
      await db.initialize();
      const applied = await db.runMigrations({ transaction: 'each' });
      await db.destroy();
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.slice(shipped.length).map(nameOf));

      const app = await startAppOn(old.url);
      try {
        const w = new World(app);
        const after = await everythingAnAdminReads(w, cycle.admin);
        // Every order is readable, and reads as it did (orders, timelines, recommendations, users).
        expect(after.orders.map((o) => o.order.id).sort()).toEqual([...cycle.orderIds].sort());
        expect(after).toEqual(asReleasesBeforeChannels(before));

        // The report from the upgraded rollups equals one from rollups rebuilt from the facts.
        const rebuilt = await rebuildRollups(app.db);
        expect(rebuilt.orders).toBe(5);
        expect((await everythingAnAdminReads(w, cycle.admin)).report).toEqual(after.report);

        // The upgraded database takes new work: sign-in, and an order whose events follow the copied ones.
        await signIn(app.http, cycle.anna.email).expect(200);
        await w
          .as(cycle.anna)
          .post('/api/v1/orders', {
            serviceId: cycle.serviceId,
            requesterUnitId: cycle.school.id,
            title: 'After the upgrade',
            purpose: 'An order made on the upgraded database.',
            answers: { channel: 'digital' },
          })
          .expect(201);
      } finally {
        await app.close();
      }
    } finally {
      await old.drop();
    }
  });
});

/**
 * Rows written by the first release's own code (commit 19e630b, driven through its HTTP API
 * by test/fixtures/first-release/drive.mjs and dumped with pg_dump; see the README there), so
 * a value that release stored differently from today's app — and that no migration backfills —
 * shows here, where rows written by today's app could not show it.
 */
describe("upgrading data written by the first release's own code", () => {
  const FIXTURE = join(__dirname, '..', 'fixtures', 'first-release');
  const shipped = RELEASES[1][1];
  const ADMIN = { email: 'admin@old-release.example', password: 'old-release-admin-pw' };
  const PEOPLE = ['anna@first-release.example', 'carla@first-release.example'];
  const PASSWORD = 'first-release-pw-1';
  /** What the first release itself answered for each order's status when the dump was taken. */
  const STATUSES: Record<string, string> = {
    'Open day flyer': 'closed',
    'Spring concert invitation': 'submitted',
    'Sports day poster': 'in_consultation',
    'Choir leaflet': 'confirmed',
    'Cancelled leaflet': 'cancelled',
  };

  it('keeps every order readable, the old passwords valid and the report equal to a rebuild', async () => {
    const old = await createEmptyDatabase();
    try {
      await migrateAsReleased(old.url, shipped);

      // The dump, as plain SQL (its own setval calls move the identity sequences past its rows);
      // foreign keys and triggers wait (replica role), as pg_dump writes tables alphabetically.
      const dump = readFileSync(join(FIXTURE, 'data.sql'), 'utf8');
      const reads = JSON.parse(readFileSync(join(FIXTURE, 'reads.json'), 'utf8')) as {
        orders: Array<{ order: Record<string, unknown> & { id: string }; timeline: object }>;
        report: object;
      };
      const loaded = await withClient(old.url, async (c) => {
        await c.query(`BEGIN; SET LOCAL session_replication_role = replica; ${dump}; COMMIT`);
        const { rows } = await c.query<{ orders: number; users: number }>(
          `SELECT (SELECT count(*)::int FROM public.orders) AS orders, (SELECT count(*)::int FROM public.users) AS users`,
        );
        return rows[0];
      });
      expect(loaded).toEqual({ orders: 5, users: 3 });

      const db = new DataSource(dataSourceOptions(old.url, { poolSize: 1 }));
      await db.initialize();
      const applied = await db.runMigrations({ transaction: 'each' });
      await db.destroy();
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.slice(shipped.length).map(nameOf));

      const app = await startAppOn(old.url);
      try {
        const login = async (email: string, password: string) =>
          (await request(app.http).post('/api/v1/auth/login').send({ email, password }).expect(200)).body.token as string;
        const token = await login(ADMIN.email, ADMIN.password);
        for (const email of PEOPLE) expect(await login(email, PASSWORD)).toEqual(expect.any(String));
        const get = async (path: string) => (await request(app.http).get(path).set('Authorization', `Bearer ${token}`).expect(200)).body;

        const list = await get('/api/v1/orders?limit=200');
        expect(list.items).toHaveLength(5);
        const statuses: Record<string, string> = {};
        for (const item of list.items as Array<{ id: string }>) {
          const order = await get(`/api/v1/orders/${item.id}`);
          const timeline = await get(`/api/v1/orders/${item.id}/timeline`);
          statuses[order.title] = order.status;
          // Today reads every field the first release answered, with the same value (fields added since aside;
          // `overdue` is left out as it follows the clock).
          const then = reads.orders.find((o) => o.order.id === item.id)!;
          const { overdue: _clock, ...answered } = then.order;
          expect(order).toMatchObject(answered);
          expect(timeline).toMatchObject(then.timeline);
        }
        expect(statuses).toEqual(STATUSES);

        const report = async () => {
          const out: Record<string, unknown> = {};
          for (const groupBy of ['month', 'service', 'supportUnit', 'requesterUnit']) {
            out[groupBy] = await get(`/api/v1/reports/feedback-loop?groupBy=${groupBy}`);
          }
          return out;
        };
        const upgraded = await report();
        expect(upgraded).toMatchObject(reads.report);
        expect((await rebuildRollups(app.db)).orders).toBe(5);
        expect(await report()).toEqual(upgraded);

        // New work follows the loaded rows (sequences, references): an old requester drafts and submits.
        const anna = await login(PEOPLE[0], PASSWORD);
        const { serviceId, requesterUnitId, answers } = reads.orders[0].order;
        const draft = await request(app.http)
          .post('/api/v1/orders')
          .set('Authorization', `Bearer ${anna}`)
          .send({ serviceId, requesterUnitId, title: 'After the upgrade', purpose: 'An order made on the upgraded database.', answers })
          .expect(201);
        const submitted = await request(app.http)
          .post(`/api/v1/orders/${draft.body.id}/submit`)
          .set('Authorization', `Bearer ${anna}`)
          .send({ version: draft.body.version })
          .expect(200);
        // References run per support unit and year: a new one, never one the first release handed out.
        expect(submitted.body.reference).toMatch(/^COM-\d{4}-\d{4}$/);
        expect(reads.orders.map((o) => o.order.reference)).not.toContain(submitted.body.reference);
      } finally {
        await app.close();
      }
    } finally {
      await old.drop();
    }
  });
});

/**
 * What a database from before orders carried `channel` reads as after the upgrade: every order
 * started on the web (the migration's default), as the report's channel counts say too. The
 * orders here were made through the API by today's code; a release before channels could not
 * have recorded that, so the copy into its schema drops it.
 */
function asReleasesBeforeChannels<T>(read: T): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const isOrder = 'reference' in value && 'questionnaireId' in value; // not an answer called "channel"
    // Messages written before they had a channel read as written on the web.
    const isMessage = 'authorId' in value && 'kind' in value && 'side' in value;
    const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => {
      if (key === 'channel' && (isOrder || isMessage)) return [key, 'web'];
      // Orders upgraded from a release before first responses were kept have none until they next
      // change or the rollups are rebuilt (docs/metrics.md).
      if (key === 'firstResponseMedianHours') return [key, null];
      if (key === 'channels' && v && typeof v === 'object') {
        const c = v as { web: number; email: number; api: number };
        return [key, { web: c.web + c.email + c.api, email: 0, api: 0 }];
      }
      return [key, walk(v)];
    });
    return Object.fromEntries(entries);
  };
  return walk(read) as T;
}
