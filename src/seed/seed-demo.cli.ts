import 'reflect-metadata';
import { createApp } from '../app.factory';
import { createRootLogger } from '../common/logging/logger';
import { loadConfig } from '../config/app-config';
import { openDatabaseTarget } from '../database/database-launcher';
import { prepareDatabase } from '../prepare-database';

/** `npm run seed:demo`: loads the demo municipality into DATABASE_URL (or the embedded one). */
async function main(): Promise<void> {
  const config = { ...loadConfig(), seedDemo: 'always' as const };
  const logger = createRootLogger({ log: { ...config.log, level: 'warn' } });
  const target = await openDatabaseTarget(config, (line) => console.log(line));
  const app = await createApp(config, target.url, logger);
  await app.init();
  try {
    const lines = await prepareDatabase(app, config, { embedded: target.embedded !== null, log: (line) => console.log(`  ${line}`) });
    for (const line of lines) console.log(line);
  } finally {
    await app.close();
    await target.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
