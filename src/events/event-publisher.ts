import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderEventMap, OrderEventType, PublishedEvent } from './order-events';

/**
 * Runs inside the publisher's transaction: whatever it writes commits or rolls back with the
 * change. Keep it to work that must be consistent with the change (projections, rules that
 * follow from it); anything slow or external belongs to the outbox jobs.
 */
export type InTransactionSubscriber<T extends OrderEventType> = (m: EntityManager, event: PublishedEvent<T>) => Promise<void>;

type AnySubscriber = (m: EntityManager, event: PublishedEvent) => Promise<void>;

/**
 * The one way to say "when X happens, also do Y": `publish` writes the event to the outbox in
 * the caller's transaction and runs the in-transaction subscribers of that type, in the order
 * they registered. Modules register with `onEvent` (typically in their constructor).
 */
@Injectable()
export class EventPublisher {
  private readonly subscribers = new Map<OrderEventType, AnySubscriber[]>();

  onEvent<T extends OrderEventType>(type: T, handler: InTransactionSubscriber<T>): void {
    const list = this.subscribers.get(type) ?? [];
    list.push(handler as unknown as AnySubscriber);
    this.subscribers.set(type, list);
  }

  /** Registers one handler for several types; its payload is the union of theirs. */
  onEvents<T extends OrderEventType>(types: readonly T[], handler: InTransactionSubscriber<T>): void {
    for (const type of types) this.onEvent(type, handler);
  }

  async publish<T extends OrderEventType>(m: EntityManager, type: T, payload: OrderEventMap[T]): Promise<string> {
    const orderId = (payload as { orderId?: string }).orderId ?? null;
    const [row]: Array<{ id: string }> = await m.query(
      'INSERT INTO outbox_events (type, order_id, payload) VALUES ($1, $2, $3) RETURNING id',
      [type, orderId, JSON.stringify(payload)],
    );
    const event: PublishedEvent<T> = { id: row.id, type, payload };
    for (const subscriber of this.subscribers.get(type) ?? []) await subscriber(m, event as PublishedEvent);
    return row.id;
  }
}
