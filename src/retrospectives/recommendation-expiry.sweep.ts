import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecommendationsService } from './recommendations.service';

/** Advisory lock class and key of this sweep (pg_try_advisory_xact_lock(int, int)). */
const SWEEP_LOCK: [number, number] = [7301, 1];

/**
 * Stores the expiry of recommendations past their time. Run by the job scheduler (the
 * `recommendation-expiry` schedule, once per tick across instances); an advisory lock keeps a
 * manual run from overlapping it.
 */
@Injectable()
export class RecommendationExpirySweep {
  private readonly logger = new Logger(RecommendationExpirySweep.name);

  constructor(
    private readonly db: DataSource,
    private readonly recommendations: RecommendationsService,
  ) {}

  /** Runs a sweep now; false when another one holds the lock (or it failed, logged). */
  async runOnce(): Promise<boolean> {
    try {
      return await this.db.transaction(async (m) => {
        const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', SWEEP_LOCK);
        if (!locked) return false;
        await this.recommendations.expireOverdue(m);
        return true;
      });
    } catch (error) {
      this.logger.warn(`recommendation expiry failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
