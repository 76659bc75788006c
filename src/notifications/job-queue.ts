import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PgBoss, SendOptions } from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../common/logging/logger';
import { AppMetrics } from '../common/metrics/app-metrics';
import { shutdownTimeLeft } from '../common/shutdown-deadline';
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
  retention: 'retention',
  ideaReminders: 'idea-reminders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** What every job's data may carry besides its own fields. */
export interface JobData {
  /** The request whose change led to this job (see `RequestContext`). */
  requestId?: string;
}

/** Jobs of one queue: waiting (queued, of which deferred: not due yet), in hand, and failed for good (retained). */
export interface QueueCounts {
  queue: QueueName;
  queued: number;
  active: number;
  failed: number;
  deferred: number;
}

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
    private readonly context: RequestContext,
    private readonly metrics: AppMetrics,
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

  /**
   * Enqueues in the caller's transaction: the job exists only if that transaction commits. The
   * job carries the id of the request it comes from (given in `data`, or the one in hand), so
   * the lines its worker logs can be traced back to that request.
   */
  async sendIn<T extends object>(m: EntityManager, name: QueueName, data: T & JobData, options: SendOptions = {}): Promise<void> {
    const requestId = data.requestId ?? this.context.requestId;
    await this.instance.send(name, requestId ? { ...data, requestId } : data, { ...options, db: await executorFor(m) });
  }

  /**
   * Runs one job's work in the log context of the request it comes from, counts how it ended,
   * and logs it (done at debug, a failure as a warning: pg-boss retries it as the queue says).
   */
  async perform(queue: QueueName, job: { id: string; data: unknown }, work: () => Promise<unknown>): Promise<void> {
    const requestId = (job.data as JobData | null)?.requestId;
    await this.context.runAs(typeof requestId === 'string' ? requestId : null, async () => {
      const started = performance.now();
      try {
        await work();
      } catch (error) {
        this.metrics.jobRuns.inc({ queue, outcome: 'failed' });
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn({ queue, jobId: job.id, ms: Math.round(performance.now() - started), error: reason }, `job failed: ${reason}`);
        throw error;
      }
      this.metrics.jobRuns.inc({ queue, outcome: 'completed' });
      this.logger.debug({ queue, jobId: job.id, ms: Math.round(performance.now() - started) }, 'job done');
    });
  }

  /**
   * Jobs per queue and state as pg-boss's monitor last counted them (it recounts every
   * supervise interval): a read of its small queue table, cheap at every scrape, and possible
   * in an API process that runs no workers. Empty until some process has started pg-boss.
   */
  async counts(m: EntityManager): Promise<QueueCounts[]> {
    const [{ ready }]: { ready: boolean }[] = await m.query(`SELECT to_regclass('pgboss.queue') IS NOT NULL AS ready`);
    if (!ready) return [];
    return m.query(
      `SELECT name AS queue, queued_count AS queued, active_count AS active, failed_count AS failed, deferred_count AS deferred
         FROM pgboss.queue WHERE name = ANY($1::text[]) ORDER BY name`,
      [Object.values(QUEUES)],
    );
  }

  /** Stops fetching, waits for jobs in hand to finish (in what is left of the shutdown timeout). */
  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    await boss?.stop({ graceful: true, timeout: Math.max(1000, shutdownTimeLeft(this.config.shutdownTimeoutMs) - 500) });
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
