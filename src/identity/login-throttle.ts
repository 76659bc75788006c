import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

/**
 * Failed sign-ins per account and per address within a window, counted in PostgreSQL so the
 * limit holds across instances. Past the limit the caller waits until the oldest failure in
 * the window ages out (that wait is the backoff), and gets 429 with Retry-After meanwhile.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts the attempt before the password is checked, so parallel attempts cannot all pass
   * the check before any failure is recorded. Per account, then per address, one transaction
   * at a time holds the check and the insert (advisory locks always taken in that order).
   * The attempt stays counted as a failure unless the sign-in succeeds (`clear`).
   */
  async reserveAttempt(email: string, ip: string): Promise<void> {
    const { perAccount, perAddress, windowMinutes } = this.config.loginLimits;
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [email]);
      await m.query('SELECT pg_advisory_xact_lock(2, hashtext($1))', [ip]);
      const [row] = await m.query(
        `SELECT
           count(*) FILTER (WHERE email = $1) AS by_account,
           count(*) FILTER (WHERE ip = $2) AS by_address,
           min(at) FILTER (WHERE email = $1) AS oldest_account,
           min(at) FILTER (WHERE ip = $2) AS oldest_address
         FROM login_failures WHERE (email = $1 OR ip = $2) AND at > now() - make_interval(mins => $3)`,
        [email, ip, windowMinutes],
      );
      const blockedSince =
        Number(row.by_account) >= perAccount ? row.oldest_account : Number(row.by_address) >= perAddress ? row.oldest_address : null;
      if (blockedSince) {
        const retryAfterSeconds = Math.max(1, Math.ceil((new Date(blockedSince).getTime() + windowMinutes * 60_000 - Date.now()) / 1000));
        throw new DomainError('rate_limited', 'Too many failed sign-ins. Wait and try again.', [], { retryAfterSeconds });
      }
      await m.query('INSERT INTO login_failures (email, ip) VALUES ($1, $2)', [email, ip]);
    });
  }

  async clear(email: string): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE email = $1', [email]);
  }
}
