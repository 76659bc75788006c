import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Arbitrary, fixed key of the advisory lock that lets one instance at a time purge. */
const PURGE_LOCK_KEY = 7_310_001;
const PURGE_EVERY_MS = 60 * 60_000;

export interface PurgeResult {
  sessions: number;
  loginFailures: number;
}

/**
 * Deletes sessions that can never be used again (revoked, past their absolute lifetime, or
 * idle too long) and failed sign-ins older than the window that counts them: at start, then
 * hourly. Every instance runs the timer; an advisory lock makes one of them do the work.
 * (When a job scheduler arrives this becomes one of its schedules.)
 */
@Injectable()
export class SessionPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SessionPurge.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runSafely();
    this.timer = setInterval(() => void this.runSafely(), PURGE_EVERY_MS);
    this.timer.unref(); // never what keeps the process alive
  }

  /** Stops the timer and lets a purge in flight finish before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

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

  private runSafely(): Promise<unknown> {
    this.running = this.purge().then(
      (result) => {
        if (result && (result.sessions || result.loginFailures)) {
          this.logger.log(`purged ${result.sessions} ended sessions and ${result.loginFailures} old failed sign-ins`);
        }
      },
      (error: unknown) => this.logger.warn(`purging ended sessions failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return this.running;
  }
}
