import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../../src/database/embedded-postgres';

declare global {
  var __faultsPostgres: EmbeddedDatabase | undefined;
}

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The fault tests run the built app (`dist/`) as child processes: build it when stale, then
 * start the PostgreSQL the scenarios make their databases in (embedded, under
 * `.data/faults-postgres`, unless TEST_DATABASE_URL names a server). The database-outage
 * scenario starts a server of its own, since it stops it.
 */
export default async function faultsGlobalSetup(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.cjs')], { cwd: ROOT, stdio: 'inherit' });
  rmSync(join(ROOT, '.data', 'faults-app'), { recursive: true, force: true }); // the last run's app output
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    globalThis.__faultsPostgres = await startEmbeddedPostgres({
      dataDir: join(ROOT, '.data', 'faults-postgres'),
      preferredPort: Number(process.env.FAULTS_PG_PORT ?? 54361),
    });
    url = globalThis.__faultsPostgres.superuserUrl;
  }
  process.env.FAULTS_SERVER_URL = url;
}
