import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderEventBase } from '../events/order-events';
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
}
