import 'reflect-metadata';
import { createApp } from './app.factory';
import { createRootLogger } from './common/logging/logger';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabaseTarget } from './database/database-launcher';
import { startShutdownClock } from './common/shutdown-deadline';

/**
 * `npm run worker`: the job workers, outbox relay and schedules alone, without the HTTP
 * server (run the API with WORKERS=false to keep the two apart). SIGTERM/SIGINT stop it
 * gracefully: no new jobs are fetched and jobs in hand finish.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, WORKERS: 'true' });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = createRootLogger(config);
  const target = await openDatabaseTarget(config, (line) => logger.info(line));
  const app = await createApp(config, target.url, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal} received; finishing the jobs in hand`);
    startShutdownClock(config.shutdownTimeoutMs);
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    await app.close();
    await target.embedded?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
  await app.init();
  logger.info('worker started');
  process.send?.('ready');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
