import { ScheduledWork } from '../../src/notifications/scheduled-work';
import { aDeliveredOrder, anAcceptedOrder, anInProgressOrder, aScenario, holdSince } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** The scheduler's work, run as its schedule would; time is moved by backdating the order rows. */
describe('scheduled work', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ AUTO_CLOSE_DAYS: '14', REMINDER_AFTER_DAYS: '3' });
    w = new World(t);
  });
  afterAll(() => t.close());

  const outbox = async (type: string, orderId: string) =>
    (await t.db.query('SELECT payload FROM outbox_events WHERE type = $1 AND order_id = $2', [type, orderId])).map(
      (r: { payload: unknown }) => r.payload,
    );

  it('publishes order.overdue once per order and due date', async () => {
    const s = await aScenario(w);
    const order = await anAcceptedOrder(w, s);
    await t.db.query(`UPDATE orders SET due_date = current_date - 2 WHERE id = $1`, [order.id]);
    const work = t.app.get(ScheduledWork);
    await work.detectOverdue();
    await work.detectOverdue();
    const events = await outbox('order.overdue', order.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ orderId: order.id, reference: order.reference, actorId: null });
    // a new due date (after an approved change) is overdue once more
    await t.db.query(`UPDATE orders SET due_date = current_date - 1 WHERE id = $1`, [order.id]);
    await work.detectOverdue();
    expect(await outbox('order.overdue', order.id)).toHaveLength(2);
  });

  it('reaches a new overdue order even when more already-noticed orders than one batch are overdue', async () => {
    const s = await aScenario(w);
    const [old1, old2] = [await anAcceptedOrder(w, s), await anAcceptedOrder(w, s)];
    await t.db.query(`UPDATE orders SET due_date = current_date - 30 WHERE id = ANY($1)`, [[old1.id, old2.id]]);
    const work = t.app.get(ScheduledWork);
    await work.detectOverdue(); // every overdue order so far is noticed
    expect(await outbox('order.overdue', old1.id)).toHaveLength(1);
    const fresh = await anAcceptedOrder(w, s);
    await t.db.query(`UPDATE orders SET due_date = current_date - 1 WHERE id = $1`, [fresh.id]);
    expect(await work.detectOverdue(1)).toBe(1); // a batch of one, smaller than the noticed orders
    expect(await outbox('order.overdue', fresh.id)).toHaveLength(1);
  });

  it('reaches a new missing-loop reminder even when more already-reminded orders than one batch are due', async () => {
    const s = await aScenario(w);
    const old = await aDeliveredOrder(w, s);
    await t.db.query(`UPDATE orders SET delivered_at = now() - interval '30 days' WHERE id = $1`, [old.id]);
    const work = t.app.get(ScheduledWork);
    await work.remindMissingLoop();
    const fresh = await aDeliveredOrder(w, s);
    await t.db.query(`UPDATE orders SET delivered_at = now() - interval '4 days' WHERE id = $1`, [fresh.id]);
    expect(await work.remindMissingLoop(1)).toBe(1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM scheduled_notices WHERE order_id = $1`, [fresh.id]);
    expect(n).toBe(1);
  });

  it('does not publish order.overdue for an order on hold past its due date (the SLA clock is paused)', async () => {
    const s = await aScenario(w);
    const order = await anInProgressOrder(w, s);
    await holdSince(w, s, order.id, 5);
    await t.db.query(`UPDATE orders SET due_date = current_date - 2 WHERE id = $1`, [order.id]);
    await t.app.get(ScheduledWork).detectOverdue();
    expect(await outbox('order.overdue', order.id)).toHaveLength(0);
  });

  it('closes orders accepted AUTO_CLOSE_DAYS ago as the system, and only those', async () => {
    const s = await aScenario(w);
    const [old, recent] = [await aDeliveredOrder(w, s), await aDeliveredOrder(w, s)];
    for (const o of [old, recent])
      await w.as(s.requester).post(`/api/v1/orders/${o.id}/accept-delivery`, { version: o.version }).expect(200);
    await t.db.query(`UPDATE orders SET accepted_at = now() - interval '15 days' WHERE id = $1`, [old.id]);
    expect(await t.app.get(ScheduledWork).autoClose()).toBeGreaterThanOrEqual(1);
    expect((await w.as(s.requester).get(`/api/v1/orders/${old.id}`).expect(200)).body.status).toBe('closed');
    expect((await w.as(s.requester).get(`/api/v1/orders/${recent.id}`).expect(200)).body.status).toBe('accepted');
    expect(await outbox('order.closed', old.id)).toHaveLength(1);
  });

  it('reminds of a missing retrospective and feedback once, REMINDER_AFTER_DAYS after delivery', async () => {
    const s = await aScenario(w);
    const order = await aDeliveredOrder(w, s);
    const work = t.app.get(ScheduledWork);
    await work.remindMissingLoop();
    const count = async (event: string) =>
      (await t.db.query('SELECT count(*)::int AS n FROM notifications WHERE order_id = $1 AND event = $2', [order.id, event]))[0].n;
    expect(await count('reminder.feedback')).toBe(0); // delivered just now
    await t.db.query(`UPDATE orders SET delivered_at = now() - interval '4 days' WHERE id = $1`, [order.id]);
    await work.remindMissingLoop();
    await work.remindMissingLoop();
    expect(await count('reminder.feedback')).toBe(1); // the requester
    expect(await count('reminder.retrospective')).toBe(1); // the deliverer of the unit
    const [mail] = await t.db.query(`SELECT subject, recipient FROM outbound_mails WHERE subject LIKE $1`, [
      `[${order.reference}] Reminder: give feedback%`,
    ]);
    expect(mail).toMatchObject({ recipient: s.requester.email, subject: `[${order.reference}] Reminder: give feedback: Open day flyer` });
  });
});
