import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { APP_ROLE, EMBEDDED_DATABASE, openDatabaseTarget, withDatabase } from '../../src/database/database-launcher';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { MIGRATIONS } from '../../migrations';

/**
 * The embedded server survives what a newcomer's machine does to it: the app killed with
 * SIGKILL (its PostgreSQL left running, orphaned), and a second start on the same data while
 * the first still runs. Its superuser is for setup; the app connects as a role of its own.
 */
describe('embedded PostgreSQL launcher', () => {
  let dir: string;
  // Below the kernel's ephemeral range, where no client socket can be holding it.
  const port = 23000 + Math.floor(Math.random() * 2000);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-'));
    chmodSync(dir, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function query(url: string, sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('refuses a second start on data another running instance is using, and keeps data across restarts', async () => {
    const first = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port });
    try {
      await query(first.superuserUrl, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      await expect(startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port + 1 })).rejects.toThrow(
        /in use by another running instance/,
      );
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port });
    try {
      expect(await query(again.superuserUrl, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('takes over from a server orphaned when its app was killed, without following a symlink planted as the owner file', async () => {
    const dataDir = join(dir, 'pg');
    // The app that started this server dies without stopping it: its pid file names a dead process.
    await startEmbeddedPostgres({ dataDir, preferredPort: port + 2 });
    const dead = spawnSync('true').pid;
    rmSync(`${dataDir}.owner`);
    writeFileSync(`${dataDir}.owner`, String(dead));
    // Someone who can write beside the data points the owner file at a file of the victim's.
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    rmSync(`${dataDir}.owner`);
    symlinkSync(victim, `${dataDir}.owner`);

    const lines: string[] = [];
    const taken = await startEmbeddedPostgres({ dataDir, preferredPort: port + 3, log: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).toMatch(/left running by an earlier process/);
      expect(await query(taken.superuserUrl, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
      expect(readFileSync(victim, 'utf8')).toBe('untouched');
      expect(lstatSync(`${dataDir}.owner`).isSymbolicLink()).toBe(false);
      expect(readFileSync(`${dataDir}.owner`, 'utf8')).toBe(String(process.pid));
    } finally {
      await taken.stop();
    }
  }, 120_000);

  it('gives the app its own role: no superuser, cannot run programs, owns only its database; passwords are generated, files 0600', async () => {
    const target = await openDatabaseTarget(
      { databaseUrl: null, dataDir: join(dir, 'app'), embeddedPostgresPort: port + 4 },
      () => undefined,
    );
    const embedded = target.embedded!;
    try {
      const db = new DataSource(dataSourceOptions(target.url, { poolSize: 1 }));
      await db.initialize();
      try {
        // Every migration runs as the app's role.
        await db.runMigrations({ transaction: 'each' });
        expect(await db.query('SELECT current_user AS who, rolsuper FROM pg_roles WHERE rolname = current_user')).toEqual([
          { who: APP_ROLE, rolsuper: false },
        ]);
        await expect(db.query(`COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toThrow(
          /permission denied|superuser|pg_execute_server_program/,
        );
        await expect(db.query(`SELECT pg_read_file('postgresql.conf')`)).rejects.toThrow(/permission denied/);
        await expect(db.query('CREATE ROLE intruder SUPERUSER')).rejects.toThrow(/permission denied/);
      } finally {
        await db.destroy();
      }
      const superuserPassword = readFileSync(`${embedded.dataDir}.superuser-password`, 'utf8').trim();
      expect(superuserPassword).not.toBe('embedded-local-only');
      expect(superuserPassword.length).toBeGreaterThanOrEqual(32);
      for (const file of ['superuser-password', 'app-password']) {
        expect((statSync(`${embedded.dataDir}.${file}`).mode & 0o777).toString(8)).toBe('600');
      }
      const legacy = new URL(embedded.superuserUrl);
      legacy.password = 'embedded-local-only';
      await expect(query(legacy.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    } finally {
      await embedded.stop();
    }
  }, 120_000);

  it('starts a cluster made by an older version (published superuser password, database owned by the superuser) on generated passwords', async () => {
    const config = { databaseUrl: null, dataDir: join(dir, 'app'), embeddedPostgresPort: port + 5 };
    // Turn the cluster of the test above into what an older version left behind.
    const before = await openDatabaseTarget(config, () => undefined);
    const superuser = before.embedded!.superuserUrl;
    await query(
      withDatabase(superuser, EMBEDDED_DATABASE),
      `CREATE TABLE old_rows (v text); INSERT INTO old_rows VALUES ('kept'); ALTER DATABASE ${EMBEDDED_DATABASE} OWNER TO postgres;
       REASSIGN OWNED BY ${APP_ROLE} TO postgres`,
    );
    await query(superuser, `DROP ROLE ${APP_ROLE}; ALTER ROLE postgres PASSWORD 'embedded-local-only'`);
    const dataDir = before.embedded!.dataDir;
    await before.embedded!.stop();
    rmSync(`${dataDir}.superuser-password`);
    rmSync(`${dataDir}.app-password`);

    const lines: string[] = [];
    const after = await openDatabaseTarget(config, (l) => lines.push(l));
    try {
      expect(lines.join('\n')).toMatch(/published password of an older version/);
      expect(readFileSync(`${dataDir}.superuser-password`, 'utf8').trim()).not.toBe('embedded-local-only');
      expect((statSync(`${dataDir}.superuser-password`).mode & 0o777).toString(8)).toBe('600');
      const legacy = new URL(after.embedded!.superuserUrl);
      legacy.password = 'embedded-local-only';
      await expect(query(legacy.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
      // The app's role took over the old tables, migrated ones included.
      await query(after.url, "INSERT INTO old_rows VALUES ('new')");
      expect(await query(after.url, 'SELECT count(*)::int AS n FROM old_rows')).toEqual([{ n: 2 }]);
      expect(await query(after.url, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
      expect(
        await query(
          after.url,
          `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner <> 'support_orders_app'::regrole`,
        ),
      ).toEqual([{ n: 0 }]);
    } finally {
      await after.embedded!.stop();
    }
  }, 120_000);
});
