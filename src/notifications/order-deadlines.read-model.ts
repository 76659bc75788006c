import type { EntityManager } from 'typeorm';

/** How many orders one scheduler tick handles; the rest wait for the next tick. */
export const DEADLINE_BATCH = 1000;

/**
 * Declared cross-module read model (orders, retrospectives, feedback): which orders the
 * scheduler has to act on. Read only; every change goes through the orders facade or the
 * event publisher. Orders already noticed (`scheduled_notices`) are left out, so they cannot
 * fill a batch and keep new ones from ever being reached.
 */
export const OrderDeadlines = {
  /**
   * Orders in work past their due date, by the same rule as the API's `overdue` filter: today in
   * UTC, and not on hold (the SLA clock is paused). Each due date is noticed once.
   */
  overdue(m: EntityManager, limit = DEADLINE_BATCH): Promise<{ id: string; due_date: string }[]> {
    return m.query(
      `SELECT o.id, o.due_date::text AS due_date FROM orders o
        WHERE o.status IN ('confirmed', 'in_progress') AND o.due_date < $1::date
          AND NOT EXISTS (SELECT 1 FROM scheduled_notices n
                           WHERE n.kind = 'order.overdue' AND n.order_id = o.id AND n.key = o.due_date::text)
        ORDER BY o.due_date, o.id LIMIT $2`,
      [new Date().toISOString().slice(0, 10), limit],
    );
  },

  /** Delivered or accepted at least `days` ago with no retrospective, or no feedback, not yet reminded. */
  missingLoop(m: EntityManager, days: number, limit = DEADLINE_BATCH): Promise<{ id: string; missing: 'retrospective' | 'feedback' }[]> {
    return m.query(
      `SELECT id, missing FROM (
         SELECT o.id, o.delivered_at, 'retrospective' AS missing FROM orders o
          WHERE o.status IN ('delivered', 'accepted') AND o.delivered_at <= now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM retrospectives r WHERE r.order_id = o.id)
            AND NOT EXISTS (SELECT 1 FROM scheduled_notices n WHERE n.kind = 'reminder.retrospective' AND n.order_id = o.id)
         UNION ALL
         SELECT o.id, o.delivered_at, 'feedback' FROM orders o
          WHERE o.status IN ('delivered', 'accepted') AND o.delivered_at <= now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.order_id = o.id)
            AND NOT EXISTS (SELECT 1 FROM scheduled_notices n WHERE n.kind = 'reminder.feedback' AND n.order_id = o.id)
       ) due ORDER BY delivered_at, id, missing LIMIT $2`,
      [days, limit],
    );
  },

  /** Accepted at least `days` ago and not yet closed. */
  acceptedBefore(m: EntityManager, days: number): Promise<{ id: string }[]> {
    return m.query(
      `SELECT id FROM orders WHERE status = 'accepted' AND accepted_at <= now() - make_interval(days => $1) ORDER BY accepted_at, id LIMIT 1000`,
      [days],
    );
  },

  /**
   * Of the orders a waiting reminder or overdue notice is about, those it still applies to:
   * a retrospective or feedback still missing, an order still in work past its due date. A
   * mail whose order has moved on since no longer helps anyone and is dropped, not sent late.
   */
  async stillApplies(m: EntityManager, items: { kind: string; orderId: string }[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    const rows: { kind: string; order_id: string }[] = await m.query(
      `SELECT i.kind, i.order_id FROM unnest($1::text[], $2::uuid[]) AS i(kind, order_id)
         JOIN orders o ON o.id = i.order_id
        WHERE (i.kind = 'reminder.retrospective' AND o.status IN ('delivered', 'accepted')
                AND NOT EXISTS (SELECT 1 FROM retrospectives r WHERE r.order_id = o.id))
           OR (i.kind = 'reminder.feedback' AND o.status IN ('delivered', 'accepted')
                AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.order_id = o.id))
           OR (i.kind = 'order.overdue' AND o.status IN ('confirmed', 'in_progress') AND o.due_date < $3::date)`,
      [items.map((i) => i.kind), items.map((i) => i.orderId), new Date().toISOString().slice(0, 10)],
    );
    return new Set(rows.map((r) => `${r.kind}:${r.order_id}`));
  },
};

/** Mails that ask someone to act on an order now: sent late, after the order moved on, they mislead. */
export const TIME_BOUND_MAIL_KINDS: readonly string[] = ['reminder.retrospective', 'reminder.feedback', 'order.overdue'];
