import type { EntityManager } from 'typeorm';

/**
 * Called inside the transaction of every change to an order, so that whatever is derived
 * from orders (the feedback-loop report's rollups) commits together with the change.
 * Provided by the insights module; orders do not depend on how the report is kept.
 */
export interface OrderFactsPort {
  refresh(m: EntityManager, orderId: string): Promise<void>;
}

export const ORDER_FACTS = Symbol('ORDER_FACTS');
