import { ChangeRequestEntity } from '../../src/orders/entities/change-request.entity';
import { ChecklistItemEntity } from '../../src/orders/entities/checklist-item.entity';
import { ConsultationMessageEntity } from '../../src/orders/entities/consultation-message.entity';
import { OrderEntity } from '../../src/orders/entities/order.entity';
import { SpecVersionEntity } from '../../src/orders/entities/spec-version.entity';
import { orderSummary } from '../../src/orders/order-views.service';
import { RecommendationsService } from '../../src/retrospectives/recommendations.service';
import { aDeliveredOrder, aDraftOrder, anInProgressOrder, aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * One order, and its timeline, are read in one query each: the order row filtered by the
 * visibility rule, its parts as subqueries of that row. These tests hold the single query to
 * what the parts' own entities say (the shape the API has always answered), and to the rule.
 */
describe('GET /api/v1/orders/:id and its timeline, one query each', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let outsider: TestUser;
  let otherSchoolsRequester: TestUser;
  let order: { id: string; version: number };
  let draftWithRecommendation: { id: string };
  let submitted: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    const elsewhere = await w.aUnit('support');
    outsider = await w.aDeliverer(elsewhere);
    otherSchoolsRequester = await w.aRequester(await w.aUnit('core'));

    // An order with every part: spec version and checklist (accepted), messages, a change request.
    order = await anInProgressOrder(w, s);
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'Is A3 possible?' }).expect(201);
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/messages`, { kind: 'answer', body: 'Yes, A3 it is.' }).expect(201);
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'The date moved', title: 'New title' })
      .expect(201);
    submitted = await aSubmittedOrder(w, s);

    // A recommendation from an earlier order, shown on the school's next draft.
    const earlier = await aDeliveredOrder(w, s);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${earlier.id}/retrospective`, {
        outcome: 'Delivered on time.',
        purposeAssessment: 'Achieved.',
        recommendations: [
          { text: 'Order a week earlier.', rationale: 'Printing took long.', category: 'timing', targetServiceId: s.serviceId },
        ],
      })
      .expect(201);
    // Last: an open recommendation must be decided before any later draft is submitted.
    draftWithRecommendation = await aDraftOrder(w, s);
  });
  afterAll(() => t.close());

  /** What each part's entities say, read one table at a time as the view did before (JSON as the API sends it). */
  async function partsFromEntities(orderId: string) {
    const m = t.db.manager;
    const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    const newest = async (entity: typeof ConsultationMessageEntity | typeof ChangeRequestEntity) =>
      (await m.getRepository(entity).find({ where: { orderId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 })).reverse();
    return {
      specVersions: json(await m.find(SpecVersionEntity, { where: { orderId }, order: { number: 'ASC' } })),
      checklist: json(await m.find(ChecklistItemEntity, { where: { orderId }, order: { position: 'ASC' } })),
      // No file is attached here (test/files covers them): each message and change request lists none.
      messages: (json((await newest(ConsultationMessageEntity)).map((x) => ({ ...x, attachments: [] }))) as object[]).map((x) => ({
        ...x,
        // …and says whether the caller may answer it (orders/conversation covers its value).
        canAnswer: expect.any(Boolean) as unknown,
      })),
      // …and says whether the caller may decide it (orders/change-request-rule covers its value).
      changeRequests: (json((await newest(ChangeRequestEntity)).map((x) => ({ ...x, attachments: [] }))) as object[]).map((x) => ({
        ...x,
        canDecide: expect.any(Boolean) as unknown,
      })),
      recommendations: json(await t.app.get(RecommendationsService).shownOn(orderId)),
    };
  }

  it('answers each part exactly as its entities serialise', async () => {
    const body = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    const expected = await partsFromEntities(order.id);
    expect(body.specVersions).toHaveLength(1);
    expect(body.checklist.length).toBeGreaterThan(0);
    expect(body.messages).toHaveLength(2);
    expect(body.changeRequests).toHaveLength(1);
    expect(body).toMatchObject(expected);
    // Nothing beyond the entities' own fields either.
    expect(Object.keys(body.messages[0]).sort()).toEqual(Object.keys((expected.messages as object[])[0]).sort());
    expect(Object.keys(body.changeRequests[0]).sort()).toEqual(Object.keys((expected.changeRequests as object[])[0]).sort());
    expect(Object.keys(body.specVersions[0]).sort()).toEqual(Object.keys((expected.specVersions as object[])[0]).sort());
    expect(Object.keys(body.checklist[0]).sort()).toEqual(Object.keys((expected.checklist as object[])[0]).sort());
    // The order's own fields, hydrated from the prepared statement's row, as TypeORM reads the entity.
    const entity = await t.db.manager.findOneByOrFail(OrderEntity, { id: order.id });
    expect(body).toMatchObject(JSON.parse(JSON.stringify({ ...orderSummary(entity), answers: entity.answers, closedAt: entity.closedAt })));
    const page = (await w.as(s.deliverer).get(`/api/v1/orders?status=in_progress&supportUnitId=${s.support.id}`).expect(200)).body;
    expect(page.items.find((i: { id: string }) => i.id === order.id)).toEqual(JSON.parse(JSON.stringify(orderSummary(entity))));
    expect(body.messagesHasMore).toBe(false);
    expect(body.messagesNextCursor).toBeNull();
  });

  it('answers the recommendations shown on a draft as the recommendations service reads them', async () => {
    const body = (await w.as(s.requester).get(`/api/v1/orders/${draftWithRecommendation.id}`).expect(200)).body;
    const expected = await partsFromEntities(draftWithRecommendation.id);
    expect(body.recommendations).toHaveLength(1);
    expect(body.recommendations).toEqual(expected.recommendations);
  });

  it('gives the same parts after an action, read inside its transaction', async () => {
    await w.as(s.requester).post(`/api/v1/orders/${submitted.id}/messages`, { kind: 'question', body: 'When?' }).expect(201);
    const version = (await w.as(s.deliverer).get(`/api/v1/orders/${submitted.id}`).expect(200)).body.version;
    const after = (await w.as(s.deliverer).post(`/api/v1/orders/${submitted.id}/accept`, { version }).expect(200)).body;
    const read = (await w.as(s.deliverer).get(`/api/v1/orders/${submitted.id}`).expect(200)).body;
    const parts = await partsFromEntities(submitted.id);
    expect(after.specVersions).toHaveLength(1);
    expect(after.messages).toHaveLength(1);
    for (const part of ['specVersions', 'checklist', 'messages', 'changeRequests', 'recommendations'] as const) {
      expect(after[part]).toEqual(read[part]);
      expect(after[part]).toEqual(parts[part]);
    }
  });

  it('answers 404 to anyone the visibility rule leaves out, for the order and its timeline alike', async () => {
    for (const path of [`/api/v1/orders/${order.id}`, `/api/v1/orders/${order.id}/timeline`]) {
      await w.as(outsider).get(path).expect(404);
      await w.as(otherSchoolsRequester).get(path).expect(404);
      await w.as(s.requester).get(path).expect(200);
      await w.as(s.deliverer).get(path).expect(200);
    }
    // A draft is the requesting side's own: the support unit does not see it yet.
    for (const path of [`/api/v1/orders/${draftWithRecommendation.id}`, `/api/v1/orders/${draftWithRecommendation.id}/timeline`]) {
      await w.as(s.deliverer).get(path).expect(404);
      await w.as(s.requester).get(path).expect(200);
    }
  });

  it('merges status and audit events oldest first, the status change first at the same instant', async () => {
    const items: Array<{ at: string; kind: string; action: string }> = (
      await w.as(s.requester).get(`/api/v1/orders/${order.id}/timeline`).expect(200)
    ).body.items;
    const statuses: Array<{ at: Date; action: string }> = await t.db.query(
      'SELECT at, action FROM status_events WHERE order_id = $1 ORDER BY at, seq',
      [order.id],
    );
    const audits: Array<{ at: Date; action: string }> = await t.db.query(
      `SELECT at, action FROM audit_events WHERE entity = 'order' AND entity_id = $1 ORDER BY at, id`,
      [order.id],
    );
    expect(items.filter((i) => i.kind === 'status').map((i) => i.action)).toEqual(statuses.map((r) => r.action));
    expect(items.filter((i) => i.kind === 'audit').map((i) => i.action)).toEqual(audits.map((r) => r.action));
    const times = items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Two events at the very same microsecond: the status change comes first.
    await t.db.query(
      `INSERT INTO audit_events (at, actor_id, action, entity, entity_id, after) VALUES ('2000-01-01T00:00:00.000001Z', NULL, 'order.noted', 'order', $1, '{}')`,
      [order.id],
    );
    await t.db.query(
      `INSERT INTO status_events (order_id, seq, from_status, to_status, action, at)
       SELECT $1, max(seq) + 1, 'in_progress', 'in_progress', 'noted', '2000-01-01T00:00:00.000001Z' FROM status_events WHERE order_id = $1`,
      [order.id],
    );
    const [first, second] = (await w.as(s.requester).get(`/api/v1/orders/${order.id}/timeline`).expect(200)).body.items;
    expect([first.kind, second.kind]).toEqual(['status', 'audit']);
    expect(first.at).toBe('2000-01-01T00:00:00.000Z');
    expect(first).toEqual({
      at: first.at,
      kind: 'status',
      action: 'noted',
      from: 'in_progress',
      to: 'in_progress',
      actorId: null,
      note: null,
    });
    expect(second).toEqual({ at: second.at, kind: 'audit', action: 'order.noted', actorId: null, note: null });
  });

  it('keeps answering when a migration changes the orders table under prepared statements', async () => {
    const read = () => Promise.all([1, 2, 3, 4, 5, 6].map(() => w.as(s.requester).get(`/api/v1/orders/${order.id}`)));
    const before = await read(); // prepares the view on several pooled connections
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const [{ data_type: titleType }]: Array<{ data_type: string }> = await t.db.query(
      `SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'title'`,
    );
    // Another instance's deploy adds a column and widens one the view returns.
    await t.db.query(`ALTER TABLE orders ADD COLUMN later_feature integer, ALTER COLUMN title TYPE varchar(5000)`);
    try {
      const after = await read();
      expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(after.map((r) => r.body.title)).toEqual(before.map((r) => r.body.title));
      await w.as(s.requester).get('/api/v1/orders?limit=5').expect(200);
    } finally {
      await t.db.query(`ALTER TABLE orders DROP COLUMN later_feature, ALTER COLUMN title TYPE ${titleType}`);
    }
  });
});
