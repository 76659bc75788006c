import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { withDatabase } from '../../src/database/database-launcher';

/**
 * Global setup migrates one template database; each test file clones its own from it, so
 * files run in parallel and never see each other's rows.
 */
export const TEMPLATE_DATABASE = 'support_orders_test_template';

export function serverUrl(): string {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error('TEST_SERVER_URL is not set: run the e2e tests through jest (global setup)');
  return url;
}

export function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(serverUrl(), fn);
}

/** A client connected to `url` for the length of `fn`. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function cloneTemplate(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => withServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `e_${randomBytes(6).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop: () => withServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
