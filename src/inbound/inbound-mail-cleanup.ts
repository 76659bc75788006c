import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PeriodicSweep, startPeriodicSweep } from '../database/periodic-sweep';

/** Advisory lock key of the cleanup (under the sweeps' class). */
const CLEANUP_LOCK = 23;

/**
 * How long a mail's Message-ID is kept to recognise it again: longer than an MTA keeps retrying
 * (5 days for Postfix) and than a seen IMAP mail could come back. What was refused stays in the
 * audit log.
 */
export const INBOUND_MAIL_KEPT_DAYS = 90;

/** Forgets old mail in the housekeeping sweep: the Message-IDs past INBOUND_MAIL_KEPT_DAYS, the answers of days gone. */
@Injectable()
export class InboundMailCleanup implements OnApplicationBootstrap, OnModuleDestroy {
  private sweep: PeriodicSweep | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async runOnce(m: EntityManager = this.db.manager): Promise<{ mails: number; answers: number }> {
    const [, mails] = (await m.query(`DELETE FROM inbound_mails WHERE received_at < now() - make_interval(days => $1)`, [
      INBOUND_MAIL_KEPT_DAYS,
    ])) as [unknown, number];
    const [, answers] = (await m.query(`DELETE FROM inbound_mail_answers WHERE day < (now() AT TIME ZONE 'UTC')::date`)) as [
      unknown,
      number,
    ];
    return { mails, answers };
  }

  onApplicationBootstrap(): void {
    if (!this.config.notifications.workers) return;
    this.sweep = startPeriodicSweep(
      this.db,
      'InboundMailCleanup',
      CLEANUP_LOCK,
      this.config.housekeepingIntervalSeconds * 1000,
      async (m) => {
        await this.runOnce(m);
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweep?.stop();
  }
}
