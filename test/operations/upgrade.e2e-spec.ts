import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { rebuildRollups } from '../../src/insights/rollup-rebuild';
import { aFullCycle, Cycle, everythingAnAdminReads, signIn } from '../factories/cycle';
import { World } from '../factories/world';
import { cloneTemplate, createEmptyDatabase } from '../support/test-database';
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

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
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
      const first = MIGRATIONS.slice(0, shipped.length);
      expect(first.map(nameOf)).toEqual(shipped);
      const oldDb = new DataSource({ ...dataSourceOptions(old.url, { poolSize: 1 }), migrations: first });
      await oldDb.initialize();
      await oldDb.runMigrations({ transaction: 'each' });
      await oldDb.destroy();
      const copied = await copyIntoOldSchema(sourceDb.url, old.url);
      expect(copied).toMatchObject({ orders: 5, retrospectives: 1, recommendations: 1, feedback: 1 });
      expect(copied.status_events).toBeGreaterThan(10);
      expect(Object.keys(copied)).not.toContain('outbox_events'); // a later release's table

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
        expect(after).toEqual(before);

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
