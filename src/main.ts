import 'reflect-metadata';
import { createApp } from './app.factory';
import { createRootLogger } from './common/logging/logger';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabaseTarget } from './database/database-launcher';
import { EmbeddedDatabaseError } from './database/embedded-postgres';
import { SecretFileError } from './database/secret-file';
import { prepareDatabase } from './prepare-database';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createRootLogger(config);
  const target = await openDatabaseTarget(config, (line) => logger.info(line));
  const app = await createApp(config, target.url, logger);
  const summary = await prepareDatabase(app, config, { embedded: target.embedded !== null, log: (line) => logger.info(line) });

  // Graceful shutdown: stop accepting, let in-flight requests finish, then close the pool
  // and the embedded server. A second signal, or the timeout, ends it at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal} received; finishing in-flight requests`);
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    force.unref();
    await app.close();
    await target.embedded?.stop();
    logger.info('stopped');
    logger.flush?.();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));

  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  console.log(`\n  Support orders is running at ${url}  (API docs: ${url}/api/docs)`);
  for (const line of summary) console.log(`  ${line}`);
  console.log('');
}

main().catch((error: unknown) => {
  // A start that cannot get its database says why in one line; anything else is a bug: the stack.
  if (error instanceof EmbeddedDatabaseError || error instanceof SecretFileError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
