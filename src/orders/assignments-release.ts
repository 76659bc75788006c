import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventPublisher } from '../events/event-publisher';
import type { InTransactionSignalMap } from '../events/order-events';
import { isTerminal, ORDER_STATUSES } from './domain/order-lifecycle';
import { OrderTransitions } from './order-transitions.service';

/** Statuses in which an order still has work, reminders and deadlines ahead: its assignee matters. */
const STILL_OPEN = ORDER_STATUSES.filter((s) => !isTerminal(s));

/**
 * When a deliverer's membership of a support unit ends, the unit's open orders assigned to them
 * are taken off them (each audited, in the same transaction as the membership change): they can
 * no longer open those orders, and the unit sees them unassigned in its queue. Closed and
 * cancelled orders keep the name of whoever worked them.
 */
@Injectable()
export class AssignmentsRelease {
  constructor(
    events: EventPublisher,
    private readonly transitions: OrderTransitions,
  ) {
    events.onSignal('membership.ended', async (m, ended) => void (await this.release(m, ended)));
  }

  async release(m: EntityManager, ended: InTransactionSignalMap['membership.ended']): Promise<number> {
    if (ended.role !== 'deliverer') return 0;
    const orders: Array<{ id: string }> = await m.query(
      `SELECT id FROM orders WHERE support_unit_id = $1 AND assignee_id = $2 AND status = ANY($3::text[]) ORDER BY id`,
      [ended.unitId, ended.userId, STILL_OPEN],
    );
    let released = 0;
    for (const { id } of orders) {
      if (await this.transitions.releaseAssignee(m, id, ended.userId, ended.actorId, 'membership ended')) released++;
    }
    return released;
  }
}
