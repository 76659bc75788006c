import type { Question } from '../../src/catalog/domain/question';
import { ACTOR_ROLES, decide, OrderAction, OrderStatus } from '../../src/orders/domain/order-lifecycle';
import { aDraftOrder, aScenario, anInProgressOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
  { key: 'audience', type: 'text', label: 'Audience', required: true },
  { key: 'copies', type: 'number', label: 'Copies', required: true },
  { key: 'format', type: 'text', label: 'Format', required: true },
];
const ANSWERS = { audience: 'Parents of year 1', copies: 200, format: 'A5' };

interface EventRow {
  seq: number;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  action: OrderAction | 'create';
}

describe('concurrency: parallel actions on one order', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w, QUESTIONS);
  });
  afterAll(() => t.close());

  async function events(orderId: string): Promise<EventRow[]> {
    return t.db.query(`SELECT seq, from_status, to_status, action FROM status_events WHERE order_id = $1 ORDER BY seq`, [orderId]);
  }

  it('serialises 20 parallel transitions and checklist toggles: only 200 or 409, a gap-free log', async () => {
    const order = await anInProgressOrder(w, s, { answers: ANSWERS });
    const before = await events(order.id);
    const items = order.checklist as Array<{ id: string }>;
    expect(items).toHaveLength(3);
    const deliverer = w.as(s.deliverer);
    const base = `/api/v1/orders/${order.id}`;

    type Attempt = { kind: 'transition' | 'toggle'; send: () => ReturnType<typeof deliverer.post> };
    const attempts: Attempt[] = [];
    for (let i = 0; i < 20; i++) {
      const withVersion = i % 2 === 0 ? { version: order.version } : {};
      switch (i % 5) {
        case 0:
          attempts.push({ kind: 'transition', send: () => deliverer.post(`${base}/hold`, { ...withVersion, note: `hold ${i}` }) });
          break;
        case 1:
          attempts.push({ kind: 'transition', send: () => deliverer.post(`${base}/resume`, { ...withVersion }) });
          break;
        case 2:
          attempts.push({ kind: 'transition', send: () => deliverer.post(`${base}/deliver`, { ...withVersion, deliveryNote: `d${i}` }) });
          break;
        case 3:
          attempts.push({ kind: 'transition', send: () => deliverer.post(`${base}/start`, { ...withVersion }) });
          break;
        default:
          attempts.push({
            kind: 'toggle',
            send: () => deliverer.patch(`${base}/checklist/${items[i % items.length].id}`, { done: i % 3 !== 0 }),
          });
      }
    }
    const results = await Promise.all(attempts.map((a) => a.send()));
    for (const r of results) {
      expect([200, 409]).toContain(r.status);
      if (r.status === 409) expect(r.body.status).toBe(409);
    }
    const movedOk = results.filter((r, i) => attempts[i].kind === 'transition' && r.status === 200).length;
    const toggledOk = results.filter((r, i) => attempts[i].kind === 'toggle' && r.status === 200).length;
    // At least the versioned requests compete: one of them, or a versionless one, wins.
    expect(movedOk).toBeGreaterThanOrEqual(1);
    expect(toggledOk).toBe(attempts.filter((a) => a.kind === 'toggle').length);

    const log = await events(order.id);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    expect(log).toHaveLength(before.length + movedOk);
    // Every event is a step the table allows, from where the previous one left the order.
    for (let i = 1; i < log.length; i++) {
      expect(log[i].from_status).toBe(log[i - 1].to_status);
      const allowed = ACTOR_ROLES.some((role) => {
        const decision = decide(log[i].from_status!, log[i].action as OrderAction, role);
        return decision.ok && decision.to === log[i].to_status;
      });
      expect({ event: log[i], allowed }).toEqual({ event: log[i], allowed: true });
    }

    // The timeline tells the same story, in the same order.
    const timeline = (await w.as(s.requester).get(`${base}/timeline`).expect(200)).body.items as Array<Record<string, unknown>>;
    expect(timeline.filter((i) => i.kind === 'status').map((i) => [i.action, i.from, i.to])).toEqual(
      log.map((e) => [e.action, e.from_status, e.to_status]),
    );

    const final = (await deliverer.get(base).expect(200)).body;
    expect(final.version).toBe(order.version + movedOk);
    expect(final.status).toBe(log[log.length - 1].to_status);
    expect(['in_progress', 'on_hold', 'delivered']).toContain(final.status);
    const [{ audits }] = await t.db.query(
      `SELECT count(*)::int AS audits FROM audit_events WHERE entity = 'order' AND entity_id = $1 AND action = 'order.check_item'`,
      [order.id],
    );
    expect(audits).toBe(toggledOk);
    // A delivery happened only with every item done at that moment.
    if (final.status === 'delivered') expect(final.deliveryNote).toMatch(/^d\d+$/);
  });

  it('lets exactly one of 20 parallel submits of one draft win', async () => {
    const draft = await aDraftOrder(w, s, { answers: ANSWERS });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, i % 2 === 0 ? { version: draft.version } : {}),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((c) => c === 200)).toHaveLength(1);
    expect(statuses.filter((c) => c === 409)).toHaveLength(19);
    const log = await events(draft.id);
    expect(log.map((e) => [e.seq, e.action])).toEqual([
      [1, 'create'],
      [2, 'submit'],
    ]);
    const order = (await w.as(s.requester).get(`/api/v1/orders/${draft.id}`).expect(200)).body;
    expect(order).toMatchObject({ status: 'submitted', version: draft.version + 1 });
  });

  it('gives one winner among parallel accepts, with one spec version and one checklist', async () => {
    const draft = await aDraftOrder(w, s, { answers: ANSWERS });
    const submitted = (await w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200)).body;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => w.as(s.deliverer).post(`/api/v1/orders/${submitted.id}/accept`, {})),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const order = (await w.as(s.deliverer).get(`/api/v1/orders/${submitted.id}`).expect(200)).body;
    expect(order.specVersions).toHaveLength(1);
    expect(order.checklist).toHaveLength(3);
  });
});
