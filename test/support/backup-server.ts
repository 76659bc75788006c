import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { findTools, pickTool, serverMajor } from '../../src/database/backup';
import { withDatabase } from '../../src/database/database-launcher';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { serverUrl, withClient } from './test-database';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL server that this machine's pg_dump and pg_restore can work with. The test
 * server (embedded 17) when tools for it are installed; otherwise the machine's own server
 * (BACKUP_TEST_SERVER_URL, default the local PostgreSQL on 5432, which CI machines run),
 * provided the tools fit it. Neither: the test fails with the reason, it does not skip.
 */
export async function serverForBackups(): Promise<string> {
  const tools = [...findTools('pg_dump'), ...findTools('pg_restore')];
  const candidates = [serverUrl(), process.env.BACKUP_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'];
  const reasons: string[] = [];
  for (const url of candidates) {
    try {
      const { major } = await serverMajor(url);
      pickTool(
        'pg_dump',
        major,
        tools.filter((t) => t.path.endsWith('pg_dump')),
      );
      pickTool(
        'pg_restore',
        major,
        tools.filter((t) => t.path.endsWith('pg_restore')),
      );
      return url;
    } catch (error) {
      reasons.push(`${new URL(url).host}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no PostgreSQL server fits the pg_dump/pg_restore found here:\n${reasons.join('\n')}`);
}

/** An empty database on `server`, migrated to today's schema when `migrated`. */
export async function scratchDatabase(server: string, migrated: boolean): Promise<ScratchDatabase> {
  const name = `e_${randomBytes(6).toString('hex')}`;
  await withClient(server, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(server, name);
  if (migrated) {
    const db = new DataSource(dataSourceOptions(url, { poolSize: 1 }));
    await db.initialize();
    try {
      await db.runMigrations({ transaction: 'each' });
    } finally {
      await db.destroy();
    }
  }
  return { url, drop: () => withClient(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/**
 * A digest of every row of every table outside PostgreSQL's own schemas: two databases with
 * the same digests hold the same rows (retrospectives and feedback included, which no API
 * route lists).
 */
export function tableDigests(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
    );
    const digests: Record<string, string> = {};
    for (const { name } of tables) {
      const [{ digest }] = (
        await client.query<{ digest: string }>(
          `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${name} t`,
        )
      ).rows;
      digests[name] = digest;
    }
    return digests;
  });
}
