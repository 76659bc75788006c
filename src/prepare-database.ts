import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from './config/app-config';
import { ensureBootstrapAdmin } from './identity/bootstrap-admin';
import { DEMO_LOGINS, demoDataState, demoPassword, demoPasswordFile, hasNoUnits, seedDemo } from './seed/demo-data';

/**
 * The composition root's start-up step (the base layer, common/ and database/, knows no
 * domain): identity creates its bootstrap admin, the seed module loads demo data.
 *
 * After migrations (run by the data source at start): create the configured admin if none
 * exists, load demo data on an embedded database's first start (never in production unless
 * SEED_DEMO=always), and say how to sign in.
 */
export async function prepareDatabase(
  app: INestApplication,
  config: AppConfig,
  options: { embedded: boolean; log: (line: string) => void },
): Promise<string[]> {
  const db = app.get(DataSource);
  const lines: string[] = [];

  await ensureBootstrapAdmin(app, config, options.log);

  const wantDemo = config.seedDemo === 'always' || (config.seedDemo === 'auto' && options.embedded && config.env !== 'production');
  if (wantDemo && (await demoDataState(db)) === 'none') {
    if ((await hasNoUnits(db)) || config.seedDemo === 'always')
      await seedDemo(app, await demoPassword(app, config.dataDir, options.log), options.log);
  }

  const demo = await demoDataState(db);
  if (demo !== 'none') {
    if (demo === 'partial') {
      lines.push(
        'Demo data is INCOMPLETE: an earlier first start was stopped while loading it. To start over, stop the app and delete .data/postgres (or empty the database).',
      );
    }
    const password = await demoPassword(app, config.dataDir, options.log);
    lines.push(`Demo data is loaded. Sign in with any of these (password: ${password}, kept in ${demoPasswordFile(config.dataDir)}):`);
    for (const login of DEMO_LOGINS) lines.push(`  ${login.email.padEnd(34)} ${login.what}`);
  }
  if (config.admin) {
    lines.push(`Sign in as ${config.admin.email} with the ADMIN_PASSWORD you set.`);
  }
  return lines;
}
