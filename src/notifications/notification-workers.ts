import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isLanguage } from '../common/language';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Outbox } from '../events/outbox';
import { IdentityFacade } from '../identity/identity.facade';
import { OrdersFacade } from '../orders/orders.facade';
import { digestMail } from './domain/mail-text';
import { claim, EventDispatch } from './event-dispatch';
import { JobQueue, QueueName, QUEUES } from './job-queue';
import { MailQueue } from './mail-queue';
import { ScheduledWork } from './scheduled-work';
import { WebhookSender } from './webhook-sender';
import { RetentionService } from '../privacy/retention.service';

const RELAY_BATCH = 100;

interface WebhookJob {
  webhookId: string;
  eventId: string;
  /** Attempts made by the jobs this one was queued again for (after a deferral). */
  attemptsBefore?: number;
  requestId?: string;
}

/**
 * The workers: the outbox relay, and the jobs that notify, send mail, call webhooks and run
 * the schedules. They start with the app when WORKERS=true (the default) or alone in
 * `npm run worker`, and stop gracefully: no new work is fetched, work in hand finishes.
 */
@Injectable()
export class NotificationWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationWorkers.name);
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<unknown> = Promise.resolve();
  private mailTimer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly jobs: JobQueue,
    private readonly dispatch: EventDispatch,
    private readonly mails: MailQueue,
    private readonly webhooks: WebhookSender,
    private readonly identity: IdentityFacade,
    private readonly scheduled: ScheduledWork,
    private readonly orders: OrdersFacade,
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.notifications.workers) await this.start();
  }

  async start(): Promise<void> {
    const boss = await this.jobs.start();
    const pollingIntervalSeconds = Math.max(0.5, this.config.notifications.pollMs / 1000);
    await boss.work<{ eventId: string }>(QUEUES.notifyEvent, { pollingIntervalSeconds, batchSize: 10 }, async (jobs) => {
      for (const job of jobs) await this.jobs.perform(QUEUES.notifyEvent, job, () => this.dispatch.dispatchStored(job.data.eventId));
    });
    // A mail that cannot go now stays pending in outbound_mails: the job does not fail, and the catch-up takes it later.
    await boss.work<{ mailId: string }>(QUEUES.sendMail, { pollingIntervalSeconds, batchSize: 10 }, async (jobs) => {
      await Promise.all(jobs.map((job) => this.jobs.perform(QUEUES.sendMail, job, () => this.mails.sendNow(job.data.mailId))));
    });
    // Fetched ten at a time, each with its own outcome, so a backlog (after a receiver's outage,
    // say) moves at more than one delivery a poll and one failure does not fail the others. Run
    // one after another, as before: a host that has gone away costs the failed connections that
    // open its breaker, not a batch of them at once.
    await boss.work<WebhookJob>(
      QUEUES.deliverWebhook,
      { pollingIntervalSeconds, batchSize: 10, perJobResults: true, burstWhenBatchFull: true },
      async (jobs) => {
        const results: { id: string; status: 'completed' | 'failed'; output?: { message: string } }[] = [];
        for (const job of jobs) {
          try {
            await this.jobs.perform(QUEUES.deliverWebhook, job, () => this.deliverWebhook(job.data, job.retryCount));
            results.push({ id: job.id, status: 'completed' });
          } catch (error) {
            results.push({ id: job.id, status: 'failed', output: { message: error instanceof Error ? error.message : String(error) } });
          }
        }
        return results;
      },
    );
    // Schedules: pg-boss makes one job per tick across all instances; each handler is idempotent too.
    const schedules: [QueueName, string, () => Promise<unknown>][] = [
      [QUEUES.digest, '0 6 * * *', () => this.sendDigests()],
      [QUEUES.overdue, '*/15 * * * *', () => this.scheduled.detectOverdue()],
      [QUEUES.reminders, '0 7 * * *', () => this.scheduled.remindMissingLoop()],
      [QUEUES.autoClose, '30 * * * *', () => this.scheduled.autoClose()],
      [QUEUES.recommendationExpiry, '*/5 * * * *', () => this.scheduled.expireRecommendations()],
      [QUEUES.sessionPurge, '0 * * * *', () => this.scheduled.purgeSessions()],
      // Nightly: the personal data and files of orders finished longer ago than RETENTION_YEARS.
      [QUEUES.retention, '15 2 * * *', () => this.retention.run()],
      [QUEUES.ideaReminders, '0 7 * * *', () => this.scheduled.remindUnansweredIdeas()],
    ];
    for (const [name, cron, run] of schedules) {
      await boss.work(name, async ([job]) => this.jobs.perform(name, job, run));
      await boss.schedule(name, cron, null, { tz: 'UTC' });
    }
    // Housekeeping at start too, as before it moved onto the schedule.
    await this.scheduled.purgeSessions().catch((e: unknown) => this.logger.warn(`session purge failed: ${String(e)}`));
    await this.scheduled.expireRecommendations();
    this.relayTimer = setInterval(() => void this.relayOnce(), this.config.notifications.pollMs);
    this.relayTimer.unref();
    void this.relayOnce();
    this.mailTimer = setInterval(() => void this.drainMails(), this.config.notifications.pollMs);
    this.mailTimer.unref();
  }

  /**
   * One webhook delivery. While the host's breaker is open the job makes no attempt, and when
   * the host cannot be reached it does not fail either: it is queued again (for the breaker's
   * next probe, or after the retry delay), carrying the attempts made so far, and completes.
   */
  private async deliverWebhook(data: WebhookJob, retryCount: number): Promise<void> {
    const attempt = (data.attemptsBefore ?? 0) + retryCount + 1;
    const attempts = this.config.notifications.webhookAttempts;
    const deferred = await this.webhooks.deliver(data.webhookId, data.eventId, attempt, attempt >= attempts);
    if (!deferred) return;
    await this.jobs.instance.send(
      QUEUES.deliverWebhook,
      { ...data, attemptsBefore: deferred.attempted ? attempt : attempt - 1 },
      {
        startAfter: new Date(Math.max(deferred.deferUntil.getTime(), Date.now())),
        retryLimit: Math.max(0, attempts - attempt - (deferred.attempted ? 1 : 0)),
        retryDelay: this.config.notifications.webhookRetryDelaySeconds,
        retryBackoff: true,
      },
    );
  }

  /** The mail queue's catch-up, one round at a time in this process (see `MailQueue.drain`). */
  drainMails(): Promise<number> {
    if (this.draining) return this.draining;
    if (this.stopped || !this.jobs.started) return Promise.resolve(0);
    this.draining = this.mails
      .drain(() => this.stopped)
      .catch((error: unknown) => {
        this.logger.warn(`mail queue: ${error instanceof Error ? error.message : String(error)}`);
        return 0;
      })
      .finally(() => (this.draining = null));
    return this.draining;
  }

  /**
   * Moves undispatched outbox rows into notify jobs: the rows are locked with SKIP LOCKED (so
   * instances share the work), the jobs are inserted and the rows marked in one transaction.
   * It runs after the change committed, outside any order's row lock.
   */
  relayOnce(): Promise<number> {
    const run = this.relaying.then(async () => {
      if (this.stopped || !this.jobs.started) return 0;
      let moved = 0;
      try {
        moved = await this.db.transaction(async (m) => {
          const events = await this.outbox.claimUndispatched(m, RELAY_BATCH);
          for (const { id: eventId, requestId } of events) {
            // The request that published the event, so the jobs it leads to log with its id.
            const data = requestId ? { eventId, requestId } : { eventId };
            await this.jobs.sendIn(m, QUEUES.notifyEvent, data, { retryLimit: 10, retryDelay: 5, retryBackoff: true });
          }
          await this.outbox.markDispatched(
            m,
            events.map((e) => e.id),
          );
          return events.length;
        });
      } catch (error) {
        this.logger.warn(`outbox relay failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return moved;
    });
    this.relaying = run;
    return run;
  }

  /**
   * One mail per user with the daily digest, listing what they were notified of since the last
   * one and not yet read. The key (digest of this day, user) makes a rerun add nothing.
   */
  async sendDigests(): Promise<number> {
    const users: { user_id: string }[] = await this.db.query(
      `SELECT p.user_id FROM notification_preferences p WHERE p.digest = 'daily' AND p.email
          AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.digested_at IS NULL AND n.read_at IS NULL)`,
    );
    const day = new Date().toISOString().slice(0, 10);
    const dayKey = `00000000-0000-4000-8000-${day.replaceAll('-', '').padStart(12, '0')}`;
    let sent = 0;
    for (const contact of await this.identity.contactsOf(users.map((u) => u.user_id))) {
      await this.db.transaction(async (m) => {
        if (!(await claim(m, dayKey, contact.id, 'digest'))) return;
        let [items] = (await m.query(
          `UPDATE notifications SET digested_at = now() WHERE user_id = $1 AND digested_at IS NULL AND read_at IS NULL
           RETURNING event, order_id, reference, title, link, created_at`,
          [contact.id],
        )) as [
          { event: string; order_id: string | null; reference: string | null; title: string; link: string | null; created_at: Date }[],
          number,
        ];
        // Only what they may still open: one who left a unit since is not told of its orders.
        const actor = await this.identity.actorOf(contact.id, m);
        if (!actor) return;
        const orderIds = [...new Set(items.flatMap((i) => (i.order_id ? [i.order_id] : [])))];
        const hidden = await this.orders.hiddenOrderIds(m, actor, orderIds);
        items = items.filter((i) => i.order_id === null || !hidden.has(i.order_id));
        if (!items.length) return;
        items.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
        const content = digestMail(
          isLanguage(contact.language) ? contact.language : 'en',
          contact.name,
          items.map((i) => ({
            type: i.event,
            reference: i.reference,
            title: i.title,
            link: i.order_id
              ? `${this.config.notifications.publicUrl}/orders/${i.order_id}`
              : i.link
                ? `${this.config.notifications.publicUrl}${i.link}`
                : null,
          })),
        );
        await this.dispatch.queueMail(m, { eventId: null, userId: contact.id, to: contact.email, kind: 'digest', ...content });
        sent++;
      });
    }
    return sent;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.relayTimer) clearInterval(this.relayTimer);
    if (this.mailTimer) clearInterval(this.mailTimer);
    await this.relaying;
    await this.draining;
    await this.jobs.stop();
  }
}
