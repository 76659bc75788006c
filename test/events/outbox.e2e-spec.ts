import { EventPublisher } from '../../src/events/event-publisher';
import type { OrderEventBase } from '../../src/events/order-events';
import { startTestApp, TestApp } from '../support/test-app';

describe('outbox: an event is written in the transaction of the change', () => {
  let t: TestApp;
  let publisher: EventPublisher;
  const base = (orderId: string): OrderEventBase => ({
    orderId,
    reference: 'ORD-TEST',
    title: 'Outbox test',
    status: 'submitted',
    requesterId: '00000000-0000-4000-8000-000000000001',
    requesterUnitId: '00000000-0000-4000-8000-000000000002',
    supportUnitId: '00000000-0000-4000-8000-000000000003',
    serviceId: '00000000-0000-4000-8000-000000000004',
    assigneeId: null,
    actorId: null,
  });
  const rowsFor = (orderId: string) =>
    t.db.query(`SELECT id, type, payload, dispatched_at FROM outbox_events WHERE order_id = $1`, [orderId]);

  beforeAll(async () => {
    t = await startTestApp();
    publisher = t.app.get(EventPublisher, { strict: false });
  });
  afterAll(() => t.close());

  it('commits the row, and what subscribers wrote, with the transaction', async () => {
    const orderId = 'a0000000-0000-4000-8000-000000000001';
    const written: string[] = [];
    publisher.onEvent('order.submitted', async (m, e) => {
      if (e.payload.orderId !== orderId) return;
      // A subscriber sees the event row: it runs in the same transaction, after the insert.
      const [row] = await m.query(`SELECT type FROM outbox_events WHERE id = $1`, [e.id]);
      written.push(row.type);
    });
    const id = await t.db.transaction((m) => publisher.publish(m, 'order.submitted', base(orderId)));

    const rows = await rowsFor(orderId);
    expect(rows).toEqual([{ id, type: 'order.submitted', payload: base(orderId), dispatched_at: null }]);
    expect(written).toEqual(['order.submitted']);
  });

  it('rolls the row back with the transaction, including what a subscriber wrote', async () => {
    const orderId = 'a0000000-0000-4000-8000-000000000002';
    publisher.onEvent('order.cancelled', async (m, e) => {
      if (e.payload.orderId !== orderId) return;
      await m.query(`INSERT INTO outbox_events (type, order_id, payload) VALUES ('order.closed', $1, '{}')`, [orderId]);
    });
    await expect(
      t.db.transaction(async (m) => {
        await publisher.publish(m, 'order.cancelled', base(orderId));
        expect(await m.query(`SELECT type FROM outbox_events WHERE order_id = $1 ORDER BY type`, [orderId])).toEqual([
          { type: 'order.cancelled' },
          { type: 'order.closed' },
        ]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    expect(await rowsFor(orderId)).toEqual([]);
  });

  it('refuses a type outside the list at the database too', async () => {
    await expect(t.db.query(`INSERT INTO outbox_events (type, payload) VALUES ('order.exploded', '{}')`)).rejects.toThrow(
      /outbox_events_type_check/,
    );
  });
});
