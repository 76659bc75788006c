import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres, EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { withDatabase } from '../../src/database/database-launcher';
import { TEMPLATE_DATABASE, withServer } from './test-database';

declare global {
  var __embeddedTestDatabase: EmbeddedDatabase | undefined;
  var __testTemplateReady: boolean | undefined;
}

/**
 * Starts (or uses TEST_DATABASE_URL's) PostgreSQL once and migrates the template database.
 * The e2e and browser projects both name it; Jest runs each project's setup, so the second is a no-op.
 */
export default async function globalSetup(): Promise<void> {
  if (globalThis.__testTemplateReady) return;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: join(__dirname, '..', '..', '.data', 'test-postgres'),
      preferredPort: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
    });
    globalThis.__embeddedTestDatabase = embedded;
    url = embedded.superuserUrl;
  }
  process.env.TEST_SERVER_URL = url;

  await withServer(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const db = new DataSource(dataSourceOptions(withDatabase(url, TEMPLATE_DATABASE), { poolSize: 1 }));
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  await db.destroy();
  globalThis.__testTemplateReady = true;
}
