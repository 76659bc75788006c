import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventPublisher } from '../events/event-publisher';
import { SessionPurge } from '../identity/session-purge';
import { IdeasFacade } from '../ideas/ideas.facade';
import { OrdersFacade } from '../orders/orders.facade';
import { RecommendationExpirySweep } from '../retrospectives/recommendation-expiry.sweep';
import { EventDispatch } from './event-dispatch';
import { DEADLINE_BATCH, OrderDeadlines } from './order-deadlines.read-model';

/** An id that is the same every time for the same notice, so a rerun dispatches nothing new. */
function noticeId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The scheduler's work. Each runs from a pg-boss schedule (one job per tick across all
 * instances), and is idempotent besides: a notice once sent is remembered in
 * `scheduled_notices`, in the transaction that publishes it.
 */
@Injectable()
export class ScheduledWork {
  private readonly logger = new Logger(ScheduledWork.name);

  constructor(
    private readonly db: DataSource,
    private readonly events: EventPublisher,
    private readonly orders: OrdersFacade,
    private readonly dispatch: EventDispatch,
    private readonly sessions: SessionPurge,
    private readonly recommendations: RecommendationExpirySweep,
    private readonly ideas: IdeasFacade,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Publishes order.overdue once per order and due date; its audience is the assignee and the unit. */
  async detectOverdue(limit = DEADLINE_BATCH): Promise<number> {
    let published = 0;
    for (const order of await OrderDeadlines.overdue(this.db.manager, limit)) {
      await this.db.transaction(async (m) => {
        const [fresh] = await m.query(
          `INSERT INTO scheduled_notices (kind, order_id, key) VALUES ('order.overdue', $1, $2) ON CONFLICT DO NOTHING RETURNING order_id`,
          [order.id, order.due_date],
        );
        if (!fresh) return;
        await this.events.publish(m, 'order.overdue', { ...(await this.orders.eventBaseOf(m, order.id, null)), dueDate: order.due_date });
        published++;
      });
    }
    return published;
  }

  /**
   * Reminds the delivering side of a missing retrospective and the requester of missing
   * feedback, once per order, REMINDER_AFTER_DAYS after delivery.
   */
  async remindMissingLoop(limit = DEADLINE_BATCH): Promise<number> {
    let sent = 0;
    for (const row of await OrderDeadlines.missingLoop(this.db.manager, this.config.notifications.reminderAfterDays, limit)) {
      const type = `reminder.${row.missing}`;
      const done: unknown[] = await this.db.query(`SELECT 1 FROM scheduled_notices WHERE kind = $1 AND order_id = $2`, [type, row.id]);
      if (done.length) continue;
      const base = await this.orders.eventBaseOf(this.db.manager, row.id, null);
      // The id is fixed per (reminder, order): were this interrupted, the rerun adds nothing twice.
      await this.dispatch.dispatch({ id: noticeId(type, row.id), type, payload: base });
      await this.db.query(`INSERT INTO scheduled_notices (kind, order_id, key) VALUES ($1, $2, 'once') ON CONFLICT DO NOTHING`, [
        type,
        row.id,
      ]);
      sent++;
    }
    return sent;
  }

  /** Closes orders accepted AUTO_CLOSE_DAYS ago, as the system, through the orders facade. */
  async autoClose(): Promise<number> {
    let closed = 0;
    for (const order of await OrderDeadlines.acceptedBefore(this.db.manager, this.config.notifications.autoCloseDays)) {
      try {
        if (
          await this.db.transaction((m) =>
            this.orders.closeAsSystem(m, order.id, `closed ${this.config.notifications.autoCloseDays} days after acceptance`),
          )
        )
          closed++;
      } catch (error) {
        this.logger.warn(`auto-close of ${order.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return closed;
  }

  /** Reminds the managers of ideas left unanswered past IDEA_RESPONSE_DAYS, once each (`idea.overdue`). */
  remindUnansweredIdeas(): Promise<number> {
    return this.ideas.remindUnanswered();
  }

  expireRecommendations(): Promise<boolean> {
    return this.recommendations.runOnce();
  }

  purgeSessions() {
    return this.sessions.purge();
  }
}
