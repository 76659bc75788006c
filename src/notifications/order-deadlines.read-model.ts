import type { EntityManager } from 'typeorm';

/**
 * Declared cross-module read model (orders, retrospectives, feedback): which orders the
 * scheduler has to act on. Read only; every change goes through the orders facade or the
 * event publisher. Times are compared in the database's clock.
 */
export const OrderDeadlines = {
  /** Orders in work past their due date. */
  overdue(m: EntityManager): Promise<{ id: string; due_date: string }[]> {
    return m.query(
      `SELECT id, due_date::text AS due_date FROM orders
        WHERE status IN ('confirmed', 'in_progress', 'on_hold') AND due_date < current_date ORDER BY due_date, id LIMIT 1000`,
    );
  },

  /** Delivered or accepted at least `days` ago with no retrospective, or no feedback. */
  missingLoop(m: EntityManager, days: number): Promise<{ id: string; missing: 'retrospective' | 'feedback' }[]> {
    return m.query(
      `SELECT o.id, 'retrospective' AS missing FROM orders o
        WHERE o.status IN ('delivered', 'accepted') AND o.delivered_at <= now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM retrospectives r WHERE r.order_id = o.id)
       UNION ALL
       SELECT o.id, 'feedback' FROM orders o
        WHERE o.status IN ('delivered', 'accepted') AND o.delivered_at <= now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.order_id = o.id)
       LIMIT 1000`,
      [days],
    );
  },

  /** Accepted at least `days` ago and not yet closed. */
  acceptedBefore(m: EntityManager, days: number): Promise<{ id: string }[]> {
    return m.query(
      `SELECT id FROM orders WHERE status = 'accepted' AND accepted_at <= now() - make_interval(days => $1) ORDER BY accepted_at, id LIMIT 1000`,
      [days],
    );
  },
};
