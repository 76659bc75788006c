import { TEMPLATE_DATABASE, withServer } from './test-database';

export default async function globalTeardown(): Promise<void> {
  // Named by the e2e and the browser project: the first call cleans up.
  if (!globalThis.__testTemplateReady) return;
  globalThis.__testTemplateReady = false;
  // Leftover per-file databases from an interrupted run are removed here too.
  await withServer(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^[te]_[0-9a-f]{12}$'`);
    for (const row of rows) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  }).catch(() => undefined);
  await globalThis.__embeddedTestDatabase?.stop();
}
