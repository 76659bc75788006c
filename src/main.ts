import 'reflect-metadata';
import { createApp } from './app.factory';
import { HttpDrain } from './common/http-drain';
import { startShutdownClock } from './common/shutdown-deadline';
import { createRootLogger } from './common/logging/logger';
import { ConfigError, isLoopback, loadConfig } from './config/app-config';
import { DatabaseTarget, openDatabaseTarget } from './database/database-launcher';
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
  // The embedded server runs in its own process group: a start that fails after it is up
  // (a migration, the port taken) must stop it, or it stays behind.
  const drain = new HttpDrain();
  const app = await stopDatabaseOnFailure(target, () => createApp(config, target.url, logger, drain));
  const summary = await stopDatabaseOnFailure(target, () =>
    prepareDatabase(app, config, { embedded: target.embedded !== null, log: (line) => logger.info(line) }),
  );

  // Graceful shutdown: stop accepting, let in-flight requests finish, then stop the jobs and
  // close the pool and the embedded server. A second signal, or the timeout, ends it at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal} received; finishing in-flight requests`);
    startShutdownClock(config.shutdownTimeoutMs);
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    force.unref();
    // Listening stops first: Nest's close runs the modules' destroy hooks (the job workers)
    // before it closes the server, and requests would meanwhile still come in.
    await drain.begin(app.getHttpServer());
    await app.close();
    await target.embedded?.stop();
    logger.info('stopped');
    logger.flush?.();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));

  await stopDatabaseOnFailure(target, () => app.listen(config.port, config.host));
  const url = `http://localhost:${config.port}`;
  console.log(`\n  Support orders is running at ${url}  (API docs: ${url}/api/docs)`);
  console.log(
    isLoopback(config.host)
      ? `  Only this machine can reach it (HOST=${config.host}); set HOST=0.0.0.0 to listen on every address.`
      : `  Listening on ${config.host} (HOST).`,
  );
  for (const line of summary) console.log(`  ${line}`);
  console.log('');
}

async function stopDatabaseOnFailure<T>(target: DatabaseTarget, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await target.embedded?.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  // A start that cannot get its database says why in one line; anything else is a bug: the stack.
  if (error instanceof EmbeddedDatabaseError || error instanceof SecretFileError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
