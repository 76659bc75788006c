import type { Question } from '../../src/catalog/domain/question';
import { addBusinessDays, businessDaysBetween, Calendar, toIsoDate } from '../../src/orders/domain/business-days';
import {
  aDeliveredOrder,
  aScenario,
  aSubmittedOrder,
  anAcceptedOrder,
  anInProgressOrder,
  OrderScenario,
  pointers,
  holdSince,
} from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
  { key: 'audience', type: 'text', label: 'Audience', required: true },
  { key: 'copies', type: 'number', label: 'Copies', required: true, min: 1, max: 1000 },
];
const ANSWERS = { audience: 'Parents of year 1', copies: 200 };
const NO_HOLIDAYS: Calendar = { holidays: new Set() };
const LEAD_TIME = 5; // World.aService's default targetLeadTimeDays

interface TimelineItem {
  at: string;
  kind: 'status' | 'audit';
  action: string;
  from?: string | null;
  to?: string;
  actorId: string | null;
  note?: string | null;
}

function today(): string {
  return toIsoDate(new Date());
}

describe('delivery: accept, work, hold, deliver, reopen, accept the delivery', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w, QUESTIONS);
  });
  afterAll(() => t.close());

  it('walks the whole delivery cycle with versions, checklist, notes and a timeline', async () => {
    const requester = w.as(s.requester);
    const deliverer = w.as(s.deliverer);
    const submitted = await aSubmittedOrder(w, s, { answers: ANSWERS });
    const id = submitted.id as string;
    let version = submitted.version as number;
    const step = (body: { status: string; version: number }, status: string) => {
      expect(body.status).toBe(status);
      expect(body.version).toBe(version + 1);
      version = body.version;
    };

    const accepted = (await deliverer.post(`/api/v1/orders/${id}/accept`, { version }).expect(200)).body;
    step(accepted, 'confirmed');
    expect(accepted.assigneeId).toBe(s.deliverer.id);
    expect(accepted.dueDate).toBe(addBusinessDays(today(), LEAD_TIME, NO_HOLIDAYS));
    expect(accepted.checklist).toHaveLength(2);

    step((await deliverer.post(`/api/v1/orders/${id}/start`, { version }).expect(200)).body, 'in_progress');

    // Holding needs a reason: the SLA clock stops on it.
    const noNote = await deliverer.post(`/api/v1/orders/${id}/hold`, { version }).expect(400);
    expect(pointers(noNote.body)).toContain('/note');
    const held = (await deliverer.post(`/api/v1/orders/${id}/hold`, { version, note: 'Waiting for the printer' }).expect(200)).body;
    step(held, 'on_hold');
    const resumed = (await deliverer.post(`/api/v1/orders/${id}/resume`, { version }).expect(200)).body;
    step(resumed, 'in_progress');
    // Held and resumed on the same day: no business day was lost, the due date stays.
    expect(resumed.dueDate).toBe(accepted.dueDate);

    // Delivery means everything that was ordered: each open item is named.
    const [first, second] = accepted.checklist as Array<{ id: string; done: boolean }>;
    const blocked = await deliverer.post(`/api/v1/orders/${id}/deliver`, { version, deliveryNote: 'Done' }).expect(409);
    expect(blocked.headers['content-type']).toMatch(/problem\+json/);
    expect(blocked.body.type).toMatch(/checklist-incomplete$/);
    expect(pointers(blocked.body)).toEqual([`/checklist/${first.id}`, `/checklist/${second.id}`].sort());

    const ticked = (await deliverer.patch(`/api/v1/orders/${id}/checklist/${first.id}`, { done: true }).expect(200)).body;
    expect(ticked).toMatchObject({ id: first.id, done: true, doneBy: s.deliverer.id });
    const stillBlocked = await deliverer.post(`/api/v1/orders/${id}/deliver`, { version, deliveryNote: 'Done' }).expect(409);
    expect(pointers(stillBlocked.body)).toEqual([`/checklist/${second.id}`]);
    // Only the deliverer ticks items off.
    await requester.patch(`/api/v1/orders/${id}/checklist/${second.id}`, { done: true }).expect(403);
    await deliverer.patch(`/api/v1/orders/${id}/checklist/${second.id}`, { done: true }).expect(200);
    // Ticking is not a change to the order row: the version stays.
    expect((await deliverer.get(`/api/v1/orders/${id}`).expect(200)).body.version).toBe(version);

    const delivered = (
      await deliverer
        .post(`/api/v1/orders/${id}/deliver`, {
          version,
          deliveryNote: '  200 flyers are at the school office.  ',
          professionalNote: 'Delivered as ordered; in my view a digital version would reach more parents.',
        })
        .expect(200)
    ).body;
    step(delivered, 'delivered');

    // The requester sees both notes.
    const seen = (await requester.get(`/api/v1/orders/${id}`).expect(200)).body;
    expect(seen).toMatchObject({
      status: 'delivered',
      deliveryNote: '200 flyers are at the school office.',
      professionalNote: 'Delivered as ordered; in my view a digital version would reach more parents.',
    });
    expect(seen.deliveredAt).toBeTruthy();
    expect(seen.allowedActions).toEqual(expect.arrayContaining(['accept_delivery', 'reopen']));

    // An action the table does not allow now: 409 naming the status and what is allowed.
    const illegal = await deliverer.post(`/api/v1/orders/${id}/start`, { version }).expect(409);
    expect(illegal.body.currentStatus).toBe('delivered');
    expect(illegal.body.allowedActions).toEqual(['message_deliverer', 'comment', 'note_internal', 'retrospective', 'log_effort']);
    expect(illegal.body.detail).toMatch(/delivered/);

    // Reopening needs a reason, and only the requester may.
    const noReason = await requester.post(`/api/v1/orders/${id}/reopen`, { version }).expect(400);
    expect(pointers(noReason.body)).toContain('/reason');
    await deliverer.post(`/api/v1/orders/${id}/reopen`, { version, reason: 'x' }).expect(403);
    const reopened = (
      await requester.post(`/api/v1/orders/${id}/reopen`, { version, reason: 'The back page has the wrong date.' }).expect(200)
    ).body;
    step(reopened, 'in_progress');

    const redelivered = (
      await deliverer.post(`/api/v1/orders/${id}/deliver`, { version, deliveryNote: 'Reprinted with the right date.' }).expect(200)
    ).body;
    step(redelivered, 'delivered');
    expect(redelivered.deliveryNote).toBe('Reprinted with the right date.');
    expect(redelivered.professionalNote).toBeNull();

    await deliverer.post(`/api/v1/orders/${id}/accept-delivery`, { version }).expect(403);
    const done = (await requester.post(`/api/v1/orders/${id}/accept-delivery`, { version }).expect(200)).body;
    step(done, 'accepted');
    expect(done.acceptedAt).toBeTruthy();

    // The timeline: status events oldest first, with audit items alongside.
    const timeline = (await requester.get(`/api/v1/orders/${id}/timeline`).expect(200)).body.items as TimelineItem[];
    const ats = timeline.map((i) => Date.parse(i.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    const statuses = timeline.filter((i) => i.kind === 'status');
    const R = s.requester.id;
    const D = s.deliverer.id;
    expect(statuses.map(({ action, from, to, actorId }) => ({ action, from, to, actorId }))).toEqual([
      { action: 'create', from: null, to: 'draft', actorId: R },
      { action: 'submit', from: 'draft', to: 'submitted', actorId: R },
      { action: 'accept', from: 'submitted', to: 'confirmed', actorId: D },
      { action: 'start', from: 'confirmed', to: 'in_progress', actorId: D },
      { action: 'hold', from: 'in_progress', to: 'on_hold', actorId: D },
      { action: 'resume', from: 'on_hold', to: 'in_progress', actorId: D },
      { action: 'deliver', from: 'in_progress', to: 'delivered', actorId: D },
      { action: 'reopen', from: 'delivered', to: 'in_progress', actorId: R },
      { action: 'deliver', from: 'in_progress', to: 'delivered', actorId: D },
      { action: 'accept_delivery', from: 'delivered', to: 'accepted', actorId: R },
    ]);
    expect(statuses.find((i) => i.action === 'hold')?.note).toBe('Waiting for the printer');
    expect(statuses.find((i) => i.action === 'reopen')?.note).toBe('The back page has the wrong date.');
    const audits = timeline.filter((i) => i.kind === 'audit').map((i) => i.action);
    expect(audits).toEqual(expect.arrayContaining(['order.created', 'order.accept', 'order.check_item', 'order.accept_delivery']));
    expect(audits.filter((a) => a === 'order.check_item')).toHaveLength(2);
    // Each status event comes before the audit item of the same transaction.
    expect(timeline.findIndex((i) => i.kind === 'status' && i.action === 'hold')).toBeLessThan(
      timeline.findIndex((i) => i.kind === 'audit' && i.action === 'order.hold'),
    );
  });

  it('lets the requester cancel with a reason before delivery, and nobody after', async () => {
    const submitted = await aSubmittedOrder(w, s, { answers: ANSWERS });
    const id = submitted.id as string;
    // Cancelling is the requester's action, not the deliverer's.
    await w.as(s.deliverer).post(`/api/v1/orders/${id}/cancel`, { version: submitted.version, reason: 'Too busy' }).expect(403);
    const noReason = await w.as(s.requester).post(`/api/v1/orders/${id}/cancel`, { version: submitted.version }).expect(400);
    expect(pointers(noReason.body)).toContain('/reason');
    const cancelled = (
      await w.as(s.requester).post(`/api/v1/orders/${id}/cancel`, { version: submitted.version, reason: 'The open day moved.' }).expect(200)
    ).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', version: submitted.version + 1 });
    const timeline = (await w.as(s.deliverer).get(`/api/v1/orders/${id}/timeline`).expect(200)).body.items as TimelineItem[];
    expect(timeline.filter((i) => i.kind === 'status').pop()).toMatchObject({
      action: 'cancel',
      from: 'submitted',
      to: 'cancelled',
      actorId: s.requester.id,
      note: 'The open day moved.',
    });

    const delivered = await aDeliveredOrder(w, s, { answers: ANSWERS });
    const late = await w
      .as(s.requester)
      .post(`/api/v1/orders/${delivered.id}/cancel`, { version: delivered.version, reason: 'Changed my mind' })
      .expect(409);
    expect(late.body).toMatchObject({ currentStatus: 'delivered' });
    expect(late.body.allowedActions).toEqual(expect.arrayContaining(['accept_delivery', 'reopen']));
    expect(late.body.allowedActions).not.toContain('cancel');
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const stale = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${order.id}/hold`, { version: order.version - 1, note: 'x' })
      .expect(409);
    expect(stale.body.title).toBe('Version conflict');
    const after = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'in_progress', version: order.version });
    // If-Match works as well as the body version.
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${order.id}/hold`, { note: 'x' })
      .set('If-Match', `"${order.version - 1}"`)
      .expect(409);
  });

  describe('due date', () => {
    it('is the acceptance day plus the lead time in business days, weekends skipped', async () => {
      const accepted = await anAcceptedOrder(w, s, { answers: ANSWERS });
      const expected = addBusinessDays(today(), LEAD_TIME, NO_HOLIDAYS);
      expect(accepted.dueDate).toBe(expected);
      // Independently: the due date is a weekday and exactly LEAD_TIME weekdays lie in (today, due].
      const weekday = (iso: string) => ![0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());
      expect(weekday(expected)).toBe(true);
      let weekdays = 0;
      for (let d = Date.parse(today()) + 86_400_000; d <= Date.parse(expected); d += 86_400_000) {
        if (weekday(toIsoDate(new Date(d)))) weekdays++;
      }
      expect(weekdays).toBe(LEAD_TIME);
    });

    it('is the desired date when that is later', async () => {
      const desired = addBusinessDays(today(), 30, NO_HOLIDAYS);
      const accepted = await anAcceptedOrder(w, s, { answers: ANSWERS, desiredDate: desired });
      expect(accepted.dueDate).toBe(desired);
      // An earlier desired date cannot shorten the lead time.
      const early = await anAcceptedOrder(w, s, { answers: ANSWERS, desiredDate: today() });
      expect(early.dueDate).toBe(addBusinessDays(today(), LEAD_TIME, NO_HOLIDAYS));
    });

    it('skips the public holidays configured in PUBLIC_HOLIDAYS', async () => {
      // A business day inside the lead-time window becomes a holiday.
      const holiday = addBusinessDays(today(), 2, NO_HOLIDAYS);
      const withHolidays = await startTestApp({ PUBLIC_HOLIDAYS: `${holiday}, ` });
      try {
        const w2 = new World(withHolidays);
        const s2 = await aScenario(w2, QUESTIONS);
        const accepted = await anAcceptedOrder(w2, s2, { answers: ANSWERS });
        const expected = addBusinessDays(today(), LEAD_TIME, { holidays: new Set([holiday]) });
        expect(accepted.dueDate).toBe(expected);
        expect(accepted.dueDate).not.toBe(addBusinessDays(today(), LEAD_TIME, NO_HOLIDAYS));
      } finally {
        await withHolidays.close();
      }
    });

    it('moves by the business days spent on hold when work resumes', async () => {
      const order = await anInProgressOrder(w, s, { answers: ANSWERS });
      await holdSince(w, s, order.id, 7);
      const [{ held_on }] = await t.db.query(
        `SELECT to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS held_on FROM status_events WHERE order_id = $1 AND to_status = 'on_hold'`,
        [order.id],
      );
      const paused = businessDaysBetween(held_on, today(), NO_HOLIDAYS);
      expect(paused).toBe(5);
      const resumed = (
        await w
          .as(s.deliverer)
          .post(`/api/v1/orders/${order.id}/resume`, { version: order.version + 1 })
          .expect(200)
      ).body;
      expect(resumed.status).toBe('in_progress');
      expect(resumed.dueDate).toBe(addBusinessDays(order.dueDate, paused, NO_HOLIDAYS));
    });
  });
});
