import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RequestContext } from '../common/logging/logger';
import type { InTransactionSignal, InTransactionSignalMap, OrderEventMap, OrderEventType, PublishedEvent } from './order-events';

/**
 * Runs inside the publisher's transaction: whatever it writes commits or rolls back with the
 * change. Keep it to work that must be consistent with the change (projections, rules that
 * follow from it); anything slow or external belongs to the outbox jobs.
 */
export type InTransactionSubscriber<T extends OrderEventType> = (m: EntityManager, event: PublishedEvent<T>) => Promise<void>;

type AnySubscriber = (m: EntityManager, event: PublishedEvent) => Promise<void>;
type AnySignalHandler = (m: EntityManager, payload: unknown) => Promise<void>;

export type SignalSubscriber<S extends InTransactionSignal> = (m: EntityManager, payload: InTransactionSignalMap[S]) => Promise<void>;

/**
 * The one way to say "when X happens, also do Y": `publish` writes the event to the outbox in
 * the caller's transaction and runs the in-transaction subscribers of that type, in the order
 * they registered. Modules register with `onEvent` (typically in their constructor).
 */
@Injectable()
export class EventPublisher {
  private readonly subscribers = new Map<OrderEventType, AnySubscriber[]>();
  private readonly signalHandlers = new Map<InTransactionSignal, AnySignalHandler[]>();

  constructor(private readonly context: RequestContext) {}

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
    // clock_timestamp(), not now(): events of one transaction keep the order they happened in.
    // The request id goes with the event to the jobs it leads to, and into their log lines.
    const [row]: Array<{ id: string }> = await m.query(
      `INSERT INTO outbox_events (type, order_id, payload, occurred_at, request_id)
       VALUES ($1, $2, $3, clock_timestamp(), $4) RETURNING id`,
      [type, orderId, JSON.stringify(payload), this.context.requestId],
    );
    const event: PublishedEvent<T> = { id: row.id, type, payload };
    for (const subscriber of this.subscribers.get(type) ?? []) await subscriber(m, event as PublishedEvent);
    return row.id;
  }

  onSignal<S extends InTransactionSignal>(type: S, handler: SignalSubscriber<S>): void {
    this.signalHandlers.set(type, [...(this.signalHandlers.get(type) ?? []), handler as AnySignalHandler]);
  }

  /** Runs the in-transaction subscribers of a signal; nothing is written to the outbox. */
  async signal<S extends InTransactionSignal>(m: EntityManager, type: S, payload: InTransactionSignalMap[S]): Promise<void> {
    for (const handler of this.signalHandlers.get(type) ?? []) await handler(m, payload);
  }
}
