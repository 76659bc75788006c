import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { clientAddressKey, signInDelayMs } from './domain/client-address';

/** The longest a sign-in waits for its turn behind earlier attempts from its slowed address. */
export const MAX_ADDRESS_WAIT_MS = 10_000;

/**
 * Failed sign-ins within a window, counted in PostgreSQL so the limits hold across instances.
 * An address is counted by `clientAddressKey` (an IPv6 address by its /64).
 *
 * - Per account and address: past LOGIN_MAX_FAILURES_PER_ACCOUNT that address gets 429 for the
 *   account until its oldest failure ages out of the window.
 * - Per address, over all accounts: past LOGIN_MAX_FAILURES_PER_ADDRESS, never closed, only
 *   slowed (`signInDelayMs`): everyone behind one NAT or an untrusted proxy shares an address,
 *   and guessing at made-up accounts from it must not shut the others out of theirs. An account
 *   that has not failed from there still gets in with its right password.
 * - Per account, over all addresses: never closed, only slowed, so guessing from many
 *   addresses cannot lock the owner out from theirs.
 *
 * An attempt waits the longer of the two slow-downs. A slowed address is also taken one attempt
 * at a time: each waits its slow-down after the one before it from there (from any instance),
 * so sending attempts in parallel does not multiply them; one that would wait longer than
 * MAX_ADDRESS_WAIT_MS in that line gets 429 with Retry-After and is not counted.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts the attempt before the password is checked, so parallel attempts cannot all pass
   * the check before any failure is recorded: one transaction at a time per (account, address)
   * and per address holds the check and the insert (advisory locks always in that order). The
   * attempt stays counted as a failure unless the sign-in succeeds (`clear`). Resolves after
   * the slow-down the account or the address is under, if any.
   */
  async reserveAttempt(email: string, ip: string): Promise<void> {
    const { perAccount, perAddress, windowMinutes } = this.config.loginLimits;
    const address = clientAddressKey(ip);
    const failures = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(1, hashtext($1 || ' ' || $2))`, [email, address]);
      await m.query('SELECT pg_advisory_xact_lock(2, hashtext($1))', [address]);
      const [row] = await m.query(
        `SELECT
           count(*) FILTER (WHERE email = $1) AS by_account,
           count(*) FILTER (WHERE email = $1 AND ip = $2) AS by_account_here,
           count(*) FILTER (WHERE ip = $2) AS by_address,
           min(at) FILTER (WHERE email = $1 AND ip = $2) AS oldest_account_here,
           extract(epoch FROM max(at) FILTER (WHERE ip = $2) - clock_timestamp()) * 1000 AS address_ahead_ms
         FROM login_failures WHERE (email = $1 OR ip = $2) AND at > now() - make_interval(mins => $3)`,
        [email, address, windowMinutes],
      );
      if (Number(row.by_account_here) >= perAccount) {
        const blockedSince = new Date(row.oldest_account_here).getTime();
        const retryAfterSeconds = Math.max(1, Math.ceil((blockedSince + windowMinutes * 60_000 - Date.now()) / 1000));
        throw new DomainError('rate_limited', 'Too many failed sign-ins. Wait and try again.', [], { retryAfterSeconds });
      }
      const addressDelay = signInDelayMs(Number(row.by_address), perAddress);
      if (addressDelay === 0) {
        await m.query('INSERT INTO login_failures (email, ip) VALUES ($1, $2)', [email, address]);
        return { ofAccount: Number(row.by_account), addressWaitMs: 0 };
      }
      // Its turn: the slow-down after the latest attempt from there, which may itself still be waiting
      // (its row holds the time of its turn).
      const ahead = Math.max(0, Number(row.address_ahead_ms ?? 0));
      const addressWaitMs = ahead + addressDelay;
      if (addressWaitMs > MAX_ADDRESS_WAIT_MS) {
        const retryAfterSeconds = Math.max(1, Math.ceil(ahead / 1000));
        throw new DomainError('rate_limited', 'Too many sign-ins from your address at once. Wait and try again.', [], {
          retryAfterSeconds,
        });
      }
      await m.query(`INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))`, [
        email,
        address,
        addressWaitMs / 1000,
      ]);
      return { ofAccount: Number(row.by_account), addressWaitMs };
    });
    const delayMs = Math.max(signInDelayMs(failures.ofAccount, perAccount), failures.addressWaitMs);
    if (delayMs > 0) await sleep(delayMs);
  }

  /**
   * A successful sign-in forgets the failures from its own address only: the owner signing in
   * must not hand an attacker elsewhere a fresh allowance.
   */
  async clear(email: string, ip: string): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE email = $1 AND ip = $2', [email, clientAddressKey(ip)]);
  }
}
