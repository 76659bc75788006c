import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { withDatabase } from '../../../src/database/database-launcher';

export function faultsServerUrl(): string {
  const url = process.env.FAULTS_SERVER_URL;
  if (!url) throw new Error('FAULTS_SERVER_URL is not set: run through `npm run test:faults`');
  return url;
}

export interface ScenarioDatabase {
  url: string;
  /** The test's own connections, for looking at what the app wrote. */
  pool: Pool;
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database for one scenario; the app under test migrates it when it starts. */
export async function scenarioDatabase(label: string, serverUrl = faultsServerUrl()): Promise<ScenarioDatabase> {
  const name = `fault_${label}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const pool = new Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined); // the outage scenario stops the server under it
  return {
    url,
    pool,
    rows: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    async drop() {
      await pool.end().catch(() => undefined);
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}
