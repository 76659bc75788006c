import 'reflect-metadata';
import { createApp } from '../app.factory';
import { createRootLogger } from '../common/logging/logger';
import { loadConfig } from '../config/app-config';
import { openDatabaseTarget } from '../database/database-launcher';
import { retentionReport } from './domain/retention-report';
import { RetentionService } from './retention.service';

/**
 * `npm run retention [-- --dry-run]`: removes (or, with --dry-run, lists) the personal data and
 * files of orders closed or cancelled longer ago than RETENTION_YEARS or their service's own limit.
 */
async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const config = { ...loadConfig({ ...process.env, WORKERS: 'false' }), seedDemo: 'never' as const };
  const logger = createRootLogger({ log: { ...config.log, level: 'warn' } });
  const target = await openDatabaseTarget(config, (line) => console.error(line));
  const app = await createApp(config, target.url, logger);
  await app.init();
  try {
    if (config.retentionYears === null) console.error('RETENTION_YEARS is not set: only services with their own limit are reached.');
    const run = await app.get(RetentionService).run({
      dryRun,
      progress: (done, total) => console.error(total === null ? `${done} order(s) done` : `${done} of ${total} order(s) counted`),
    });
    for (const line of retentionReport(run.orders, run.removed, dryRun)) console.log(line);
  } finally {
    await app.close();
    await target.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
