import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/logging/logger';
import { EventPublisher } from './event-publisher';
import type { OrderEventBase, PublishedEvent } from './order-events';

const base: OrderEventBase = {
  orderId: '7b0d3a8e-0000-4000-8000-000000000001',
  reference: 'ORD-2026-000001',
  title: 'Posters',
  status: 'confirmed',
  requesterId: 'u1',
  requesterUnitId: 'unit-r',
  supportUnitId: 'unit-s',
  serviceId: 'svc',
  assigneeId: null,
  actorId: 'u2',
};

/** Only the insert of the outbox row; the real write is covered by test/events/outbox.e2e-spec.ts. */
const manager = { query: async () => [{ id: 'event-1' }] } as unknown as EntityManager;
/** Publishing outside any request; the request id's way into jobs is test/foundation/observability.e2e-spec.ts. */
const outsideRequests = { requestId: null } as RequestContext;

describe('EventPublisher', () => {
  it('runs the subscribers of the published type, in registration order, with the event id', async () => {
    const publisher = new EventPublisher(outsideRequests);
    const seen: string[] = [];
    publisher.onEvent('order.accepted', async (_m, e) => void seen.push(`first ${e.id} ${e.payload.dueDate}`));
    publisher.onEvent('order.accepted', async () => void seen.push('second'));
    publisher.onEvent('order.delivered', async () => void seen.push('not this one'));

    const id = await publisher.publish(manager, 'order.accepted', { ...base, dueDate: '2026-12-01' });

    expect(id).toBe('event-1');
    expect(seen).toEqual(['first event-1 2026-12-01', 'second']);
  });

  it('checks payloads against the event map at compile time', () => {
    const publisher = new EventPublisher(outsideRequests);
    // These lines are type-checked by ts-jest and `npm run typecheck`: if any of them compiled,
    // the unused @ts-expect-error would itself be an error and this file would fail.

    // @ts-expect-error a subscriber of order.submitted cannot take order.advised's payload
    publisher.onEvent('order.submitted', async (_m: EntityManager, _e: PublishedEvent<'order.advised'>) => {});

    publisher.onEvent('order.accepted', async (_m, e) => {
      // @ts-expect-error order.accepted carries a dueDate, not a messageId
      void e.payload.messageId;
    });

    // @ts-expect-error order.accepted needs its dueDate
    void publisher.publish(manager, 'order.accepted', base).catch(() => undefined);

    // @ts-expect-error not an event type
    publisher.onEvent('order.exploded', async () => {});

    expect(true).toBe(true);
  });
});
