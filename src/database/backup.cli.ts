import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { backupFiles, restoreFiles } from './backup-files';
import { backup, BackupError, defaultBackupFile, restore, TableCount } from './backup';
import { openDatabaseTarget } from './database-launcher';
import { EmbeddedDatabaseError } from './embedded-postgres';
import { MIGRATIONS } from '../../migrations';

const USAGE = `usage:
  npm run backup [-- <file>]                  default: backups/support-orders-<UTC time>.dump
  npm run restore -- <file> [--clean]         into an empty database; --clean drops and replaces what the backup holds
Both use DATABASE_URL, or the embedded database under DATA_DIR (stop the app first).
PG_BIN_DIR names the folder of pg_dump / pg_restore when they are not found on their own.`;

/**
 * `backup [file]` and `restore <file> [--clean]` against DATABASE_URL or the embedded
 * database, which is started for the purpose as `npm start` would (the app must be stopped).
 */
async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const flags = rest.filter((a) => a.startsWith('--'));
  const [file, extra] = rest.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => !(command === 'restore' && (f === '--clean' || f === '--force')));
  if (!['backup', 'restore'].includes(command) || unknown.length || extra || (command === 'restore' && !file)) {
    if (unknown.length) console.error(`unknown option ${unknown.join(', ')}`);
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const target = await openDatabaseTarget(config, (line) => console.log(line));
  try {
    if (command === 'backup') {
      const result = await backup(target.url, file ?? defaultBackupFile(), (line) => console.log(line));
      console.log(`wrote ${result.file}: ${megabytes(result.bytes)} in ${result.seconds.toFixed(1)} s`);
      console.log(summary(result.counts));
      // Attachments: the local store's files beside the dump (after it, so every row finds its file).
      if (config.files.s3) {
        console.log(
          `attachments are in the bucket ${config.files.s3.bucket}: back it up with the store's own means (versioning, replication or a sync), not here`,
        );
      } else {
        const files = await backupFiles(join(config.dataDir, 'files'), result.file);
        console.log(`copied ${files.files} attachment file(s), ${megabytes(files.bytes)}, to ${files.folder}`);
      }
      return 0;
    }
    const result = await restore(target.url, file, { clean: flags.length > 0, log: (line) => console.log(line) });
    console.log(`restored in ${result.seconds.toFixed(1)} s`);
    console.log(summary(result.counts));
    if (!config.files.s3) {
      const files = await restoreFiles(join(config.dataDir, 'files'), file);
      console.log(files ? `restored ${files.files} attachment file(s), ${megabytes(files.bytes)}` : 'the backup holds no attachment files');
    }
    const latest = (MIGRATIONS[MIGRATIONS.length - 1] as { name: string }).name;
    if (result.schemaLevel !== latest) {
      console.log(
        `the backup's schema ends at ${result.schemaLevel ?? 'no migration'}; this version's last migration is ${latest}: ` +
          'the next start applies the missing ones (MIGRATIONS_RUN=true), or run npm run migration:run',
      );
    }
    return 0;
  } finally {
    await target.embedded?.stop();
  }
}

function summary(counts: TableCount[]): string {
  const rows = counts.reduce((sum, c) => sum + c.rows, 0);
  const largest = [...counts]
    .sort((a, b) => b.rows - a.rows)
    .slice(0, 8)
    .filter((c) => c.rows > 0)
    .map((c) => `${c.table} ${c.rows}`);
  return `${counts.length} tables, ${rows} rows${largest.length ? ` (${largest.join(', ')}, …)` : ''}`;
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Known failures are one line; anything else too, without a stack (the message says what).
    const known = error instanceof BackupError || error instanceof EmbeddedDatabaseError;
    console.error(`${known ? '' : 'backup/restore failed: '}${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
