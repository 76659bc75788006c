import { Client } from 'pg';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, EmbeddedDatabaseError, startEmbeddedPostgres, SUPERUSER } from './embedded-postgres';
import { readOrCreateSecretFile, SecretFileError } from './secret-file';

export interface DatabaseTarget {
  url: string;
  /** Set when we started the server ourselves and must stop it on shutdown. */
  embedded: EmbeddedDatabase | null;
}

export const EMBEDDED_DATABASE = 'support_orders';
/** The embedded database's own role: owns `support_orders` and nothing else, no superuser. */
export const APP_ROLE = 'support_orders_app';

/** `DATABASE_URL` when given; otherwise an embedded server with data under `DATA_DIR/postgres`. */
export async function openDatabaseTarget(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'embeddedPostgresPort'>,
  log: (line: string) => void,
): Promise<DatabaseTarget> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    preferredPort: config.embeddedPostgresPort,
    log,
  });
  try {
    return { url: await provisionAppDatabase(embedded), embedded };
  } catch (error) {
    await embedded.stop();
    if (error instanceof SecretFileError) throw new EmbeddedDatabaseError(error.message);
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    throw new EmbeddedDatabaseError(`cannot set up the app's role and database in the embedded PostgreSQL: ${reason}`);
  }
}

/**
 * The superuser's only job: make the app's role (random password in `<dataDir>.app-password`,
 * mode 0600) and its database, owned by that role. The app then connects as the role, which
 * cannot read files or run programs on the host (`COPY … TO PROGRAM`) nor touch other roles.
 * A database made by an older version (owned by the superuser) is handed over whole.
 */
export async function provisionAppDatabase(embedded: EmbeddedDatabase): Promise<string> {
  const password = readOrCreateSecretFile(`${embedded.dataDir}.app-password`, embedded.fileOwners);
  await withClient(embedded.superuserUrl, async (c) => {
    const role = c.escapeIdentifier(APP_ROLE);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${c.escapeLiteral(password)}`;
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    // Set every start, so the role always matches its file.
    await c.query(exists.rowCount ? `ALTER ROLE ${role} WITH ${attributes}` : `CREATE ROLE ${role} WITH ${attributes}`);
    const found = await c.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [
      EMBEDDED_DATABASE,
    ]);
    const database = c.escapeIdentifier(EMBEDDED_DATABASE);
    if (!found.rowCount) await c.query(`CREATE DATABASE ${database} OWNER ${role}`);
    else if (found.rows[0].owner !== APP_ROLE) await c.query(`ALTER DATABASE ${database} OWNER TO ${role}`);
    await c.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
  });
  await withClient(withDatabase(embedded.superuserUrl, EMBEDDED_DATABASE), (c) => c.query(HAND_OVER));
  const url = new URL(withDatabase(embedded.superuserUrl, EMBEDDED_DATABASE));
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

/** Gives the app's role what the superuser made in its database (an older version's tables). */
const HAND_OVER = `
DO $$
DECLARE
  r record;
  mine CONSTANT oid := '${SUPERUSER}'::regrole;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspowner = mine AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', r.nspname);
  END LOOP;
  -- Tables first: their sequences, indexes and row types follow them.
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relowner = mine AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
             AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${APP_ROLE}',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relowner = mine AND c.relkind = 'S' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO ${APP_ROLE}', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE p.proowner = mine AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', r.name);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE t.typowner = mine AND t.typtype IN ('e', 'd', 'r') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO ${APP_ROLE}', r.name);
  END LOOP;
END $$`;

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(serverUrl: string, database: string, template?: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    return true;
  });
}
