import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicSweep, startPeriodicSweep } from '../database/periodic-sweep';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig, WriteBucket } from '../config/app-config';
import type { Actor } from './access/actor';

const WHAT: Record<WriteBucket, string> = {
  drafts: 'new orders',
  messages: 'messages',
  changeRequests: 'change requests',
  retrospectives: 'retrospectives',
};

/**
 * Per-user limits on the writes a user can repeat without end, in fixed windows counted by
 * one upsert in PostgreSQL, so every instance sees the same count. An attempt counts whether
 * or not the write then succeeds: refused writes cost work too.
 */
@Injectable()
export class WriteLimits implements OnApplicationBootstrap, OnModuleDestroy {
  private sweep: PeriodicSweep | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(actor: Actor, bucket: WriteBucket): Promise<void> {
    const { windowSeconds, perWindow } = this.config.writeLimits;
    const [row]: Array<{ hits: number; retry_after: string }> = await this.db.query(
      `INSERT INTO write_counts (user_id, bucket, window_start, hits)
       VALUES ($1, $2, to_timestamp(floor(extract(epoch FROM now()) / $3) * $3), 1)
       ON CONFLICT (user_id, bucket, window_start) DO UPDATE SET hits = write_counts.hits + 1
       RETURNING hits, ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now())) AS retry_after`,
      [actor.userId, bucket, windowSeconds],
    );
    if (row.hits > perWindow[bucket]) {
      const retryAfterSeconds = Math.max(1, Number(row.retry_after));
      throw new DomainError(
        'rate_limited',
        `You have made ${perWindow[bucket]} ${WHAT[bucket]} in a short time; wait ${retryAfterSeconds} seconds and try again.`,
        [],
        { retryAfterSeconds },
      );
    }
  }

  /** Windows that have ended count for nothing: deleted at start and on a timer, once across instances. */
  onApplicationBootstrap(): void {
    this.sweep = startPeriodicSweep(this.db, 'WriteCountSweep', 2, this.config.housekeepingIntervalSeconds * 1000, async (m) => {
      await m.query(`DELETE FROM write_counts WHERE window_start < now() - make_interval(secs => $1)`, [
        this.config.writeLimits.windowSeconds,
      ]);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweep?.stop();
  }
}
