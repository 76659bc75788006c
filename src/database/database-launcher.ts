import { Client } from 'pg';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, EmbeddedDatabaseError, startEmbeddedPostgres, SUPERUSER, SUPERUSER_SESSION } from './embedded-postgres';
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
 *
 * The role owns that database, so it can create functions and operators there that a careless
 * superuser statement would resolve to and run with the superuser's rights. Every superuser
 * session therefore finds nothing outside `pg_catalog` (see SUPERUSER_SESSION), names every
 * function and operator with its schema, and runs nothing but catalogue reads and `ALTER … OWNER`
 * (which fires no trigger; event triggers, which would, only a superuser can make).
 */
export async function provisionAppDatabase(embedded: EmbeddedDatabase): Promise<string> {
  const password = readOrCreateSecretFile(`${embedded.dataDir}.app-password`, embedded.fileOwners);
  await asSuperuser(embedded.superuserUrl, async (c) => {
    const role = c.escapeIdentifier(APP_ROLE);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${c.escapeLiteral(password)}`;
    const exists = await c.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) $1::pg_catalog.name', [APP_ROLE]);
    // Set every start, so the role always matches its file.
    await c.query(exists.rowCount ? `ALTER ROLE ${role} WITH ${attributes}` : `CREATE ROLE ${role} WITH ${attributes}`);
    const found = await c.query<{ owner: string }>(
      'SELECT pg_catalog.pg_get_userbyid(datdba) AS owner FROM pg_catalog.pg_database WHERE datname OPERATOR(pg_catalog.=) $1::pg_catalog.name',
      [EMBEDDED_DATABASE],
    );
    const database = c.escapeIdentifier(EMBEDDED_DATABASE);
    if (!found.rowCount) await c.query(`CREATE DATABASE ${database} OWNER ${role}`);
    else if (found.rows[0].owner !== APP_ROLE) await c.query(`ALTER DATABASE ${database} OWNER TO ${role}`);
    await c.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
  });
  await asSuperuser(withDatabase(embedded.superuserUrl, EMBEDDED_DATABASE), handOver);
  const url = new URL(withDatabase(embedded.superuserUrl, EMBEDDED_DATABASE));
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

/** Outside the system's schemas: where the app (or an older version's superuser) made things. */
const USER_SCHEMA = `n.nspname OPERATOR(pg_catalog.!~~) 'pg\\_%'::pg_catalog.text
  AND n.nspname OPERATOR(pg_catalog.<>) 'information_schema'::pg_catalog.name`;
const MINE = `'${SUPERUSER}'::pg_catalog.regrole::pg_catalog.oid`;
const RELATIONS = `'{r,p,v,m,f}'::pg_catalog."char"[]`;
const TYPES = `'{e,d,r}'::pg_catalog."char"[]`;

/**
 * Each step: what the superuser still owns outside the system's schemas, as `ALTER … OWNER`
 * statements. Names come from `regclass`/`regprocedure`/`regtype` output, which quotes them and,
 * with only `pg_catalog` searched, qualifies them with their schema.
 */
const HAND_OVER_STEPS: string[] = [
  `SELECT pg_catalog.format('ALTER SCHEMA %I OWNER TO %I', n.nspname, $1::pg_catalog.text) AS statement
     FROM pg_catalog.pg_namespace n WHERE n.nspowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA}`,
  // Tables first: their sequences, indexes and row types follow them.
  `SELECT pg_catalog.format('ALTER %s %s OWNER TO %I',
            CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'v'::pg_catalog."char" THEN 'VIEW'
                 WHEN c.relkind OPERATOR(pg_catalog.=) 'm'::pg_catalog."char" THEN 'MATERIALIZED VIEW'
                 WHEN c.relkind OPERATOR(pg_catalog.=) 'f'::pg_catalog."char" THEN 'FOREIGN TABLE'
                 ELSE 'TABLE' END,
            c.oid::pg_catalog.regclass::pg_catalog.text, $1::pg_catalog.text) AS statement
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
    WHERE c.relowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA}
      AND c.relkind OPERATOR(pg_catalog.=) ANY (${RELATIONS})`,
  `SELECT pg_catalog.format('ALTER SEQUENCE %s OWNER TO %I', c.oid::pg_catalog.regclass::pg_catalog.text, $1::pg_catalog.text) AS statement
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
    WHERE c.relowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA} AND c.relkind OPERATOR(pg_catalog.=) 'S'::pg_catalog."char"`,
  `SELECT pg_catalog.format('ALTER ROUTINE %s OWNER TO %I', p.oid::pg_catalog.regprocedure::pg_catalog.text, $1::pg_catalog.text) AS statement
     FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
    WHERE p.proowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA}`,
  `SELECT pg_catalog.format('ALTER TYPE %s OWNER TO %I', t.oid::pg_catalog.regtype::pg_catalog.text, $1::pg_catalog.text) AS statement
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace
    WHERE t.typowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA} AND t.typtype OPERATOR(pg_catalog.=) ANY (${TYPES})`,
];

/** Whether the superuser still owns anything there: most starts stop at this one read. */
const ANYTHING_LEFT = `SELECT EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA})
  OR EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
              WHERE c.relowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA})
  OR EXISTS (SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
              WHERE p.proowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA})
  OR EXISTS (SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace
              WHERE t.typowner OPERATOR(pg_catalog.=) ${MINE} AND ${USER_SCHEMA} AND t.typtype OPERATOR(pg_catalog.=) ANY (${TYPES})) AS left`;

/** Gives the app's role what the superuser made in its database (an older version's tables), in one transaction. */
async function handOver(c: Client): Promise<void> {
  const left = await c.query<{ left: boolean }>(ANYTHING_LEFT);
  if (!left.rows[0].left) return;
  await c.query('BEGIN');
  try {
    for (const step of HAND_OVER_STEPS) {
      // Read afresh at each step: a table's move takes its sequences and row type along.
      const { rows } = await c.query<{ statement: string }>(step, [APP_ROLE]);
      for (const { statement } of rows) await c.query(statement);
    }
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A superuser session, with only `pg_catalog` searched (SUPERUSER_SESSION). */
function asSuperuser<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(url, fn, SUPERUSER_SESSION);
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>, options?: string): Promise<T> {
  const client = new Client({ connectionString: url, ...(options ? { options } : {}) });
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
