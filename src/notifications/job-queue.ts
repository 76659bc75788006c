import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PgBoss, SendOptions } from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** The queues this module works; schedules are queues too (one job per tick across instances). */
export const QUEUES = {
  notifyEvent: 'notify-event',
  sendMail: 'send-mail',
  deliverWebhook: 'deliver-webhook',
  digest: 'daily-digest',
  overdue: 'overdue-sweep',
  reminders: 'reminder-sweep',
  autoClose: 'auto-close',
  recommendationExpiry: 'recommendation-expiry',
  sessionPurge: 'session-purge',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * pg-boss on the application's own PostgreSQL, in its schema `pgboss`. pg-boss is an ES
 * module: it is loaded with a dynamic import so this CommonJS build (and Jest) can use it.
 * Only processes that run workers start it; the API writes events to the outbox alone.
 */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger(JobQueue.name);
  private boss: PgBoss | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get started(): boolean {
    return this.boss !== null;
  }

  async start(): Promise<PgBoss> {
    if (this.boss) return this.boss;
    const { PgBoss } = await import('pg-boss');
    const url = (this.db.options as { url?: string }).url;
    const expireInSeconds = this.config.notifications.jobExpireSeconds;
    const superviseEvery = Math.max(1, Math.min(60, Math.floor(expireInSeconds / 2)));
    const boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 4,
      application_name: 'support-orders-jobs',
      // Finds jobs whose worker died (past expireInSeconds) and hands them out again. A pass
      // needs both the supervise and the monitor timer, so both get the same interval (the
      // monitor's default of 60 s would otherwise set the pace).
      superviseIntervalSeconds: superviseEvery,
      monitorIntervalSeconds: superviseEvery,
    });
    // pg-boss emits plain objects copied from the error ({ ...error, message, queue }), not Errors.
    boss.on('error', (error: unknown) => this.logger.warn(`jobs: ${messageOf(error)}`));
    await boss.start();
    for (const name of Object.values(QUEUES)) {
      await boss.createQueue(name, { expireInSeconds });
      await boss.updateQueue(name, { expireInSeconds });
    }
    this.boss = boss;
    return boss;
  }

  get instance(): PgBoss {
    if (!this.boss) throw new Error('the job queue is not started in this process (WORKERS=false)');
    return this.boss;
  }

  /** Enqueues in the caller's transaction: the job exists only if that transaction commits. */
  async sendIn(m: EntityManager, name: QueueName, data: object, options: SendOptions = {}): Promise<void> {
    await this.instance.send(name, data, { ...options, db: await executorFor(m) });
  }

  /** Stops fetching, waits for jobs in hand to finish (up to the shutdown timeout). */
  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    await boss?.stop({ graceful: true, timeout: Math.max(1000, this.config.shutdownTimeoutMs - 500) });
  }
}

function messageOf(error: unknown): string {
  const { message, queue } = (error ?? {}) as { message?: unknown; queue?: unknown };
  if (typeof message !== 'string') return String(error);
  return typeof queue === 'string' ? `${queue}: ${message}` : message;
}

/** pg-boss's `db` option over the pg client that holds a TypeORM transaction. */
async function executorFor(m: EntityManager): Promise<{ executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }> {
  if (!m.queryRunner?.isTransactionActive) throw new Error('sendIn needs a transaction');
  const client = (await m.queryRunner.connect()) as { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
  return { executeSql: (text, values) => client.query(text, values) };
}
