import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { provisionAppDatabase } from '../../src/database/database-launcher';
import { startEmbeddedPostgres, EmbeddedDatabase } from '../../src/database/embedded-postgres';

/**
 * Readiness follows the database: this file runs its own PostgreSQL so it can stop it and
 * start it again under a running application.
 */
describe('health', () => {
  let dir: string;
  let pg: EmbeddedDatabase;
  let app: NestExpressApplication;
  // Below the kernel's ephemeral range (32768–60999): other tests' client sockets take local
  // ports from that range, and one could hold this port while PostgreSQL is down.
  const port = 21000 + Math.floor(Math.random() * 2000);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'health-'));
    chmodSync(dir, 0o755);
    pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MIGRATIONS_RUN: 'false' });
    // The app's own role, as `npm start` connects.
    app = await createApp(config, await provisionAppDatabase(pg), pino({ level: 'silent' }));
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is live while the process runs', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
  });

  it('is ready while the database answers, 503 when it is stopped, and ready again once it is back', async () => {
    // The contract's shapes, whatever the health check library answers on its own.
    await request(app.getHttpServer()).get('/health/ready').expect(200, { status: 'ok' });

    await pg.stop();
    const down = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ status: 503, title: 'Service unavailable', detail: 'The database does not answer.' });
    expect(down.body).not.toHaveProperty('error');

    pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port });
    expect(pg.superuserUrl).toContain(`:${port}/`);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await request(app.getHttpServer()).get('/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  }, 120_000);
});
