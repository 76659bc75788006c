import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { positional } from '../database/prepared-query';
import type { OrderEventBase } from '../events/order-events';
import type { Actor } from '../identity/access/actor';
import { ActorRole, ORDER_STATUSES, OrderStatus } from './domain/order-lifecycle';
import { OrderEntity } from './entities/order.entity';
import { rolesOn, visibleOrdersWhere } from './order-access';
import { orderEventBase, OrderTransitions } from './order-transitions.service';

/** An order as another module needs to decide about it: where it stands and which sides the caller acts for. */
export interface OrderStanding {
  id: string;
  status: OrderStatus;
  requesterId: string;
  requesterUnitId: string;
  supportUnitId: string;
  /** The sides the caller acts for now (the same rule as the order's own actions). */
  sides: ActorRole[];
}

/** What other modules may ask of orders beyond the lifecycle actions they run through `OrderTransitions`. */
@Injectable()
export class OrdersFacade {
  constructor(
    private readonly transitions: OrderTransitions,
    private readonly db: DataSource,
  ) {}

  /**
   * The order when the caller may see it (the one visibility rule, in the query), else null:
   * what belongs to an order (its files) is visible exactly as the order is. `lock` takes the
   * order row for the rest of the caller's transaction.
   */
  async visibleStanding(actor: Actor, orderId: string, m: EntityManager = this.db.manager, lock = false): Promise<OrderStanding | null> {
    const order = await this.transitions.findVisible(actor, orderId, m, lock);
    if (!order) return null;
    return {
      id: order.id,
      status: order.status,
      requesterId: order.requesterId,
      requesterUnitId: order.requesterUnitId,
      supportUnitId: order.supportUnitId,
      sides: rolesOn(actor, order),
    };
  }

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
