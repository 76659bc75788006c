import type { NestExpressApplication } from '@nestjs/platform-express';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { cloneTemplate } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  /** The HTTP server for supertest. */
  http: NestExpressApplication['getHttpServer'] extends () => infer S ? S : never;
  db: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The whole application over its own database cloned from the migrated template. Its logs are
 * silent (TEST_LOG_LEVEL shows them) unless a test passes a logger that captures them. One
 * logger a test file: nestjs-pino keeps the first application's for logs made outside requests.
 */
export async function startTestApp(env: Record<string, string> = {}, logger?: Logger): Promise<TestApp> {
  const database = await cloneTemplate();
  const t = await startAppOn(database.url, env, logger);
  return {
    ...t,
    async close() {
      await t.close();
      await database.drop();
    },
  };
}

/** The whole application over a database the test made itself (closing leaves it in place). */
export async function startAppOn(url: string, env: Record<string, string> = {}, logger?: Logger): Promise<TestApp> {
  // Job workers (pg-boss) only where a test asks for them (WORKERS=true): most tests need none.
  const config = loadConfig({ NODE_ENV: 'test', MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent', WORKERS: 'false', ...env });
  const app = await createApp(config, url, logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  await app.init();
  return { app, http: app.getHttpServer(), db: app.get(DataSource), config, close: () => app.close() };
}
