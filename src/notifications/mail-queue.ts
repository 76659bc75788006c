import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeliveryBreakers } from './delivery-breakers';
import { MAIL_TARGET, mailRetryDelayMs, smtpFailureIsTransport } from './domain/delivery-breaker';
import { Mailer } from './mailer';
import { OrderDeadlines, TIME_BOUND_MAIL_KINDS } from './order-deadlines.read-model';

/** How often a mail the server refuses is tried before it is marked failed. */
export const MAIL_ATTEMPTS = 6;
/** Mails claimed at once by the catch-up, half the newest and half the oldest. */
const BATCH = 50;
/** Mails sent at once from one batch. */
const CONCURRENCY = 10;

interface ClaimedMail {
  id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  kind: string | null;
  order_id: string | null;
  user_id: string | null;
}

const CLAIMED = `id, recipient, subject, text_body, html_body, attempts, kind, order_id, user_id`;

/**
 * `outbound_mails` is the mail queue. A pending mail is sent by the `send-mail` job queued with
 * it (at once, when the transport is up) or by the catch-up (`drain`), which the workers run
 * every JOB_POLL_MS. Either takes a mail by moving its `next_attempt_at` a lease ahead
 * (JOB_EXPIRE_SECONDS) in one UPDATE, so only one of them (on one instance) sends it; a worker
 * that dies leaves it to be taken again when the lease runs out.
 *
 * The breaker on the transport decides whether anything is sent: while it is open nothing is
 * tried but its probe, and mails wait without losing attempts. A failed connection is not the
 * mail's fault: it keeps its place. A mail the server refuses is retried after 30 s, doubling,
 * and marked failed after MAIL_ATTEMPTS. A mail that waited longer than MAIL_MAX_AGE_MINUTES,
 * or a reminder whose order has moved on, is dropped with the reason instead of sent late.
 * The catch-up takes half of each batch newest first, so mail queued after an outage goes at
 * once, and half oldest first, so the backlog moves too.
 */
@Injectable()
export class MailQueue {
  private readonly logger = new Logger(MailQueue.name);

  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly breakers: DeliveryBreakers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The `send-mail` job: this mail now, if the transport is up and nobody holds it. Throws only when the database does. */
  async sendNow(mailId: string): Promise<void> {
    if (!(await this.transportUp())) return;
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [mails] = (await this.db.query(
      `UPDATE outbound_mails SET next_attempt_at = clock_timestamp() + make_interval(secs => $2)
        WHERE id = $1 AND status = 'pending' AND next_attempt_at <= clock_timestamp() RETURNING ${CLAIMED}`,
      [mailId, this.config.notifications.jobExpireSeconds],
    )) as [ClaimedMail[], number];
    await this.sendClaimed(mails);
  }

  /**
   * One round of the catch-up: drops what waited too long, and while the transport is up sends
   * due mails batch after batch until none is left. Returns how many were sent.
   */
  async drain(shouldStop: () => boolean = () => false): Promise<number> {
    if (!this.mailer.configured) return 0;
    await this.dropTooOld();
    let sent = 0;
    while (!shouldStop() && (await this.transportUp())) {
      const half = Math.ceil(BATCH / 2);
      const batch = [...(await this.claimDue(half, 'DESC')), ...(await this.claimDue(BATCH - half, 'ASC'))];
      if (!batch.length) break;
      const { sent: n, transportDown } = await this.sendClaimed(batch);
      sent += n;
      if (transportDown) break;
    }
    return sent;
  }

  /** Mails waiting to be sent, and how long the oldest has waited (seconds; 0 when none). */
  async waiting(m: EntityManager = this.db.manager): Promise<{ count: number; oldestSeconds: number }> {
    const [row] = (await m.query(
      `SELECT count(*)::int AS count, COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 AS oldest
         FROM outbound_mails WHERE status = 'pending'`,
    )) as { count: number; oldest: number }[];
    return { count: row.count, oldestSeconds: Math.max(0, row.oldest) };
  }

  /** Whether the breaker lets mail go now; an open one's probe is made here, when due. */
  private async transportUp(): Promise<boolean> {
    const admitted = await this.breakers.admit('mail', MAIL_TARGET);
    if (admitted === 'deliver') return true;
    if (admitted === 'wait') return false;
    try {
      await this.mailer.verify();
    } catch (error) {
      await this.breakers.failed('mail', MAIL_TARGET, messageOf(error));
      return false;
    }
    await this.breakers.succeeded('mail', MAIL_TARGET);
    return true;
  }

  private async claimDue(limit: number, order: 'ASC' | 'DESC'): Promise<ClaimedMail[]> {
    const [mails] = (await this.db.query(
      `UPDATE outbound_mails SET next_attempt_at = clock_timestamp() + make_interval(secs => $2)
        WHERE id IN (SELECT id FROM outbound_mails WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
                      ORDER BY created_at ${order}, id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING ${CLAIMED}`,
      [limit, this.config.notifications.jobExpireSeconds],
    )) as [ClaimedMail[], number];
    return mails;
  }

  private async dropTooOld(): Promise<void> {
    const minutes = this.config.notifications.mailMaxAgeMinutes;
    const [, dropped] = (await this.db.query(
      `UPDATE outbound_mails SET status = 'dropped', dropped_reason = 'too_old', error = $2
        WHERE id IN (SELECT id FROM outbound_mails WHERE status = 'pending' AND created_at < clock_timestamp() - make_interval(mins => $1)
                      LIMIT 10000 FOR UPDATE SKIP LOCKED)`,
      [minutes, `not sent within MAIL_MAX_AGE_MINUTES (${minutes}) of being queued`],
    )) as [unknown, number];
    if (dropped) this.logger.warn({ dropped }, `${dropped} waiting mails dropped: older than ${minutes} minutes`);
  }

  /**
   * Sends mails this worker holds: the first alone on a connection of its own, then the rest
   * ten at a time over the pooled connections, so that a transport that has gone down costs
   * one failed connection, not a batch of them. What is left when the transport fails is
   * handed back at once, its attempts untouched.
   */
  private async sendClaimed(claimed: ClaimedMail[]): Promise<{ sent: number; transportDown: boolean }> {
    const mails = await this.withoutOutdated(claimed);
    const sent: string[] = [];
    let transportDown = false;
    let next = 0;
    const sendOne = async (mail: ClaimedMail, bulk: boolean): Promise<void> => {
      try {
        const content = {
          id: mail.id,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.text_body,
          html: mail.html_body,
          orderId: mail.order_id,
          userId: mail.user_id,
        };
        await this.mailer.send(content, bulk);
        sent.push(mail.id);
      } catch (error) {
        if (smtpFailureIsTransport(error)) {
          if (!transportDown && bulk) this.mailer.dropPool();
          transportDown = true;
        }
        await this.recordFailure(mail, error);
      }
    };
    const lane = async (): Promise<void> => {
      while (!transportDown && next < mails.length) await sendOne(mails[next++], true);
    };
    if (mails.length) await sendOne(mails[next++], false);
    if (!transportDown) await Promise.all(Array.from({ length: Math.min(CONCURRENCY, mails.length - 1) }, lane));
    if (sent.length) {
      await this.db.query(
        `UPDATE outbound_mails SET status = 'sent', sent_at = clock_timestamp(), attempts = attempts + 1, error = NULL WHERE id = ANY($1::uuid[])`,
        [sent],
      );
      await this.breakers.succeeded('mail', MAIL_TARGET);
    }
    const untried = mails.slice(next).map((m) => m.id);
    if (untried.length) {
      await this.db.query(
        `UPDATE outbound_mails SET next_attempt_at = clock_timestamp() WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
        [untried],
      );
    }
    return { sent: sent.length, transportDown };
  }

  private async recordFailure(mail: ClaimedMail, error: unknown): Promise<void> {
    const message = messageOf(error);
    if (smtpFailureIsTransport(error)) {
      // Not the mail's fault: it is due again at once, and the breaker decides when that is.
      await this.db.query(
        `UPDATE outbound_mails SET attempts = attempts + 1, error = $2, next_attempt_at = clock_timestamp() WHERE id = $1`,
        [mail.id, message],
      );
      await this.breakers.failed('mail', MAIL_TARGET, message);
      return;
    }
    const attempts = mail.attempts + 1;
    await this.db.query(
      `UPDATE outbound_mails SET attempts = $2, error = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END,
              next_attempt_at = clock_timestamp() + make_interval(secs => $5) WHERE id = $1`,
      [mail.id, attempts, message, attempts >= MAIL_ATTEMPTS, mailRetryDelayMs(attempts) / 1000],
    );
    // The server answered: the transport works, whatever it thought of this mail.
    await this.breakers.succeeded('mail', MAIL_TARGET);
  }

  /** Drops reminders and overdue notices whose order has moved on since they were queued; returns the rest. */
  private async withoutOutdated(mails: ClaimedMail[]): Promise<ClaimedMail[]> {
    const timeBound = mails.filter((m) => m.kind && m.order_id && TIME_BOUND_MAIL_KINDS.includes(m.kind));
    if (!timeBound.length) return mails;
    const applies = await OrderDeadlines.stillApplies(
      this.db.manager,
      timeBound.map((m) => ({ kind: m.kind!, orderId: m.order_id! })),
    );
    const outdated = timeBound.filter((m) => !applies.has(`${m.kind}:${m.order_id}`)).map((m) => m.id);
    if (!outdated.length) return mails;
    await this.db.query(
      `UPDATE outbound_mails SET status = 'dropped', dropped_reason = 'outdated', error = 'the order has moved on since this was queued'
        WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [outdated],
    );
    return mails.filter((m) => !outdated.includes(m.id));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
