import { Client } from 'pg';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseTarget {
  url: string;
  /** Set when we started the server ourselves and must stop it on shutdown. */
  embedded: EmbeddedDatabase | null;
}

const EMBEDDED_DATABASE = 'support_orders';

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
    await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: withDatabase(embedded.url, EMBEDDED_DATABASE), embedded };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function ensureDatabase(serverUrl: string, database: string, template?: string): Promise<boolean> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    return true;
  } finally {
    await client.end();
  }
}
