import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PeriodicSweep, startPeriodicSweep } from '../database/periodic-sweep';
import { FILE_STORE, FileStore, SHA256_HEX, TEMP_ID } from './file-store';

/** The sweep's advisory lock id (see database/periodic-sweep). */
const CLEANUP_LOCK = 21;

/**
 * Removes stored bytes that no attachment refers to: blobs whose row never committed (the
 * process died between storing and committing, or the transaction failed), blobs of deleted
 * attachments, and temporary objects of uploads that never finished. Only what is older than
 * the grace period goes, so an upload under way keeps its bytes. Once across instances.
 */
@Injectable()
export class FilesCleanup implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FilesCleanup');
  private sweep: PeriodicSweep | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One pass; returns how many blobs and temporary objects it removed. */
  async runOnce(): Promise<{ blobs: number; temps: number }> {
    const cutoff = Date.now() - this.config.files.orphanGraceMinutes * 60_000;
    let blobs = 0;
    let temps = 0;
    for await (const page of this.store.list()) {
      for (const temp of page.temps) {
        if (temp.modifiedAt.getTime() <= cutoff && TEMP_ID.test(temp.key)) {
          await this.store.discard(temp.key);
          temps++;
        }
      }
      const old = page.blobs.filter((b) => b.modifiedAt.getTime() <= cutoff && SHA256_HEX.test(b.key)).map((b) => b.key);
      if (!old.length) continue;
      // An image's preview is a blob of its own, kept while a row names it.
      const kept: Array<{ sha256: string }> = await this.db.query(
        `SELECT sha256 FROM attachments WHERE sha256 = ANY($1::char(64)[])
         UNION SELECT thumbnail_sha256 FROM attachments WHERE thumbnail_sha256 = ANY($1::char(64)[])`,
        [old],
      );
      const referred = new Set(kept.map((k) => k.sha256));
      for (const sha256 of old) {
        if (referred.has(sha256)) continue;
        await this.store.remove(sha256);
        blobs++;
      }
    }
    if (blobs || temps) this.logger.log(`removed ${blobs} unreferenced file(s) and ${temps} unfinished upload(s)`);
    return { blobs, temps };
  }

  onApplicationBootstrap(): void {
    this.sweep = startPeriodicSweep(this.db, 'FilesCleanup', CLEANUP_LOCK, this.config.housekeepingIntervalSeconds * 1000, async () => {
      await this.runOnce();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweep?.stop();
  }
}
