import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Arbitrary, fixed key of the advisory lock that lets one instance at a time purge. */
const PURGE_LOCK_KEY = 7_310_001;

export interface PurgeResult {
  sessions: number;
  loginFailures: number;
}

/**
 * Deletes sessions that can never be used again (revoked, past their absolute lifetime, or
 * idle too long) and failed sign-ins older than the window that counts them. Run by the job
 * scheduler (the hourly `session-purge` schedule, once across instances); the advisory lock
 * keeps a manual run from overlapping it.
 */
@Injectable()
export class SessionPurge {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One purge; null when another instance holds the lock (it is purging right now). */
  async purge(): Promise<PurgeResult | null> {
    return this.db.transaction(async (m) => {
      const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [PURGE_LOCK_KEY]);
      if (!locked) return null;
      const [, sessions] = await m.query(
        `DELETE FROM sessions
          WHERE revoked_at IS NOT NULL OR expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1)`,
        [this.config.session.idleMinutes],
      );
      const [, loginFailures] = await m.query('DELETE FROM login_failures WHERE at <= now() - make_interval(mins => $1)', [
        this.config.loginLimits.windowMinutes,
      ]);
      return { sessions: Number(sessions), loginFailures: Number(loginFailures) };
    });
  }
}
