import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { positional } from '../database/prepared-query';
import type { OrderEventBase } from '../events/order-events';
import type { Actor } from '../identity/access/actor';
import { visibleOrdersWhere } from './order-access';
import { ORDER_STATUSES, OrderStatus } from './domain/order-lifecycle';
import { OrderEntity } from './entities/order.entity';
import { orderEventBase, OrderTransitions } from './order-transitions.service';

/** What other modules may ask of orders beyond the lifecycle actions they run through `OrderTransitions`. */
@Injectable()
export class OrdersFacade {
  constructor(private readonly transitions: OrderTransitions) {}

  /** Closes the order as the system would (when the lifecycle allows it), publishing order.closed. */
  closeAsSystem(m: EntityManager, orderId: string, reason: string): Promise<boolean> {
    return this.transitions.runAsSystem(m, orderId, 'close', reason);
  }

  /** The common event fields of an order as it is now, for events other modules publish about it. */
  async eventBaseOf(m: EntityManager, orderId: string, actorId: string | null): Promise<OrderEventBase> {
    return orderEventBase(await m.findOneByOrFail(OrderEntity, { id: orderId }), actorId);
  }

  /** Of `orderIds`, the orders that exist and `actor` may not see now (the one visibility rule, `visibleOrdersWhere`). */
  async hiddenOrderIds(m: EntityManager, actor: Actor, orderIds: string[]): Promise<Set<string>> {
    if (!orderIds.length) return new Set();
    const visible = visibleOrdersWhere(actor);
    const { text, values } = positional(`SELECT o.id FROM orders o WHERE o.id = ANY(:ids::uuid[]) AND NOT (${visible.sql})`, {
      ids: orderIds,
      ...visible.params,
    });
    const rows: Array<{ id: string }> = await m.query(text, values);
    return new Set(rows.map((r) => r.id));
  }

  /** How many orders are in each status, every status listed (0 when none): for monitoring. */
  async countByStatus(m: EntityManager): Promise<Record<OrderStatus, number>> {
    const rows: { status: OrderStatus; n: number }[] = await m.query('SELECT status, count(*)::int AS n FROM orders GROUP BY status');
    const counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /**
   * Orders in work past their due date, by the rule of the list's `overdue` filter: due before
   * today in UTC, confirmed or in progress (on hold pauses the clock).
   */
  async countOverdue(m: EntityManager, today: string): Promise<number> {
    const [row]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM orders WHERE status IN ('confirmed', 'in_progress') AND due_date < $1::date`,
      [today],
    );
    return row.n;
  }
}
