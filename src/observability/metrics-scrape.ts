import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppMetrics } from '../common/metrics/app-metrics';
import { DeliveryStatus } from '../notifications/delivery-status';
import { JobQueue } from '../notifications/job-queue';
import { OrdersFacade } from '../orders/orders.facade';

/** A scrape's database reads give up after this: a slow database must not pile scrapes onto the pool. */
const SCRAPE_STATEMENT_TIMEOUT_MS = 2000;

/** The pg pool under TypeORM's PostgreSQL driver. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * What a scrape reads at the moment it is made: the database pool, the job queues and the
 * orders, on top of the counters the application moves as it goes. The pool is read before
 * the scrape takes a connection of its own; the rest in one short read-only transaction
 * under a statement timeout. When the database does not answer, those gauges are left out
 * (and `metrics_scrape_failures_total` counts it) while the rest is still served.
 */
@Injectable()
export class MetricsScrape {
  private readonly logger = new Logger(MetricsScrape.name);
  private readonly registry: Registry;
  private readonly poolConnections: Gauge<'state'>;
  private readonly poolWaiting: Gauge;
  private readonly poolMax: Gauge;
  private readonly queueJobs: Gauge<'queue' | 'state'>;
  private readonly ordersByStatus: Gauge<'status'>;
  private readonly ordersOverdue: Gauge;
  private readonly scrapeFailures: Counter;
  private readonly breakerOpen: Gauge<'channel' | 'target'>;
  private readonly breakerFailures: Gauge<'channel' | 'target'>;
  private readonly mailsWaiting: Gauge;
  private readonly mailsOldestWaiting: Gauge;

  constructor(
    metrics: AppMetrics,
    private readonly db: DataSource,
    private readonly orders: OrdersFacade,
    private readonly jobs: JobQueue,
    private readonly delivery: DeliveryStatus,
  ) {
    const registry = (this.registry = metrics.registry);
    this.poolConnections = new Gauge<'state'>({
      name: 'db_pool_connections',
      help: 'Connections of the application database pool: total open, idle among them.',
      labelNames: ['state'],
      registers: [registry],
    });
    this.poolWaiting = new Gauge({
      name: 'db_pool_waiting_requests',
      help: 'Queries waiting for a free connection of the pool.',
      registers: [registry],
    });
    this.poolMax = new Gauge({
      name: 'db_pool_max_connections',
      help: 'The most connections the pool opens.',
      registers: [registry],
    });
    this.queueJobs = new Gauge<'queue' | 'state'>({
      name: 'job_queue_jobs',
      help: 'Jobs per queue as pg-boss last counted them: queued (waiting, deferred among them), active, failed (for good, retained).',
      labelNames: ['queue', 'state'],
      registers: [registry],
    });
    this.ordersByStatus = new Gauge<'status'>({
      name: 'orders_by_status',
      help: 'Orders in each status.',
      labelNames: ['status'],
      registers: [registry],
    });
    this.ordersOverdue = new Gauge({
      name: 'orders_overdue',
      help: 'Orders confirmed or in progress past their due date (today in UTC).',
      registers: [registry],
    });
    this.breakerOpen = new Gauge<'channel' | 'target'>({
      name: 'delivery_breaker_open',
      help: 'Whether the breaker of a delivery target is open (1: sending paused, one probe at a time) or closed (0): channel mail (target smtp) or webhook (target scheme://host:port).',
      labelNames: ['channel', 'target'],
      registers: [registry],
    });
    this.breakerFailures = new Gauge<'channel' | 'target'>({
      name: 'delivery_breaker_consecutive_failures',
      help: 'Failed connections in a row to a delivery target (probes included); 0 once one gets through.',
      labelNames: ['channel', 'target'],
      registers: [registry],
    });
    this.mailsWaiting = new Gauge({
      name: 'mail_queue_waiting',
      help: 'Mails waiting to be sent (status pending in outbound_mails).',
      registers: [registry],
    });
    this.mailsOldestWaiting = new Gauge({
      name: 'mail_queue_oldest_waiting_seconds',
      help: 'How long the oldest waiting mail has waited; 0 when none waits.',
      registers: [registry],
    });
    this.scrapeFailures = new Counter({
      name: 'metrics_scrape_failures_total',
      help: 'Scrapes whose database reads failed (the database gauges are then left out, orders_overdue is NaN).',
      registers: [registry],
    });
  }

  /** The Prometheus text of every metric, the database's read now. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    this.readPool();
    await this.readDatabase();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private readPool(): void {
    const pool = (this.db.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    this.poolConnections.set({ state: 'total' }, pool.totalCount);
    this.poolConnections.set({ state: 'idle' }, pool.idleCount);
    this.poolWaiting.set(pool.waitingCount);
    if (pool.options?.max !== undefined) this.poolMax.set(pool.options.max);
  }

  private async readDatabase(): Promise<void> {
    try {
      const today = new Date().toISOString().slice(0, 10);
      const { byStatus, overdue, queues, delivery } = await this.db.transaction('READ COMMITTED', async (m) => {
        await m.query('SET TRANSACTION READ ONLY');
        await m.query(`SET LOCAL statement_timeout = ${SCRAPE_STATEMENT_TIMEOUT_MS}`);
        return {
          byStatus: await this.orders.countByStatus(m),
          overdue: await this.orders.countOverdue(m, today),
          queues: await this.jobs.counts(m),
          delivery: await this.delivery.read(m),
        };
      });
      this.ordersByStatus.reset();
      for (const [status, n] of Object.entries(byStatus)) this.ordersByStatus.set({ status }, n);
      this.ordersOverdue.set(overdue);
      this.queueJobs.reset();
      for (const q of queues) {
        for (const state of ['queued', 'deferred', 'active', 'failed'] as const) this.queueJobs.set({ queue: q.queue, state }, q[state]);
      }
      this.breakerOpen.reset();
      this.breakerFailures.reset();
      for (const b of delivery.breakers) {
        this.breakerOpen.set({ channel: b.channel, target: b.target }, b.state === 'open' ? 1 : 0);
        this.breakerFailures.set({ channel: b.channel, target: b.target }, b.consecutiveFailures);
      }
      this.mailsWaiting.set(delivery.mailsWaiting.count);
      this.mailsOldestWaiting.set(delivery.mailsWaiting.oldestSeconds);
    } catch (error) {
      this.ordersByStatus.reset();
      this.ordersOverdue.set(NaN);
      this.queueJobs.reset();
      this.breakerOpen.reset();
      this.breakerFailures.reset();
      this.mailsWaiting.reset();
      this.mailsOldestWaiting.reset();
      this.scrapeFailures.inc();
      this.logger.warn(`metrics: the database reads failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
