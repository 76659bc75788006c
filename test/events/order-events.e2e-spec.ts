import { aDeliveredOrder, aScenario, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

describe('order events: every change through the lifecycle publishes its event in the same transaction', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  const eventsOf = async (orderId: string): Promise<Array<{ type: string; payload: Record<string, unknown> }>> =>
    t.db.query(`SELECT type, payload FROM outbox_events WHERE order_id = $1 ORDER BY occurred_at, id`, [orderId]);

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
  });
  afterAll(() => t.close());

  it('publishes one typed event per step of a whole cycle, and closes through the retrospectives subscriber', async () => {
    const req = w.as(s.requester);
    const del = w.as(s.deliverer);
    const other = await w.aService(s.support);
    let o = (
      await req
        .post('/api/v1/orders', {
          serviceId: s.serviceId,
          requesterUnitId: s.school.id,
          title: 'Flyer',
          purpose: 'x'.repeat(30),
          answers: {},
        })
        .expect(201)
    ).body;
    const id = o.id;
    expect(await eventsOf(id)).toEqual([]); // a draft is nobody's business yet

    await req.post(`/api/v1/orders/${id}/submit`, { version: o.version }).expect(200);
    const question = (await del.post(`/api/v1/orders/${id}/messages`, { kind: 'question', body: 'How many?' }).expect(201)).body;
    await req.post(`/api/v1/orders/${id}/revise`, { version: question.order.version, title: 'Flyer, 400' }).expect(200);
    const advice = (await del.post(`/api/v1/orders/${id}/messages`, { kind: 'advice', body: 'Go digital.' }).expect(201)).body;
    o = (await req.post(`/api/v1/orders/${id}/keep`, { version: advice.order.version, reason: 'Paper it is.' }).expect(200)).body;
    o = (await del.post(`/api/v1/orders/${id}/transfer`, { version: o.version, serviceId: other.id, note: 'Better there.' }).expect(200))
      .body;
    o = (await del.post(`/api/v1/orders/${id}/accept`, { version: o.version }).expect(200)).body;
    const cr = (
      await req.post(`/api/v1/orders/${id}/change-requests`, { version: o.version, reason: 'Typo', title: 'Flyer, 500' }).expect(201)
    ).body;
    o = (await req.get(`/api/v1/orders/${id}`).expect(200)).body;
    o = (await del.post(`/api/v1/orders/${id}/change-requests/${cr.id}/reject`, { version: o.version, note: 'Too late.' }).expect(200))
      .body;
    o = (await del.post(`/api/v1/orders/${id}/start`, { version: o.version }).expect(200)).body;
    o = (await del.post(`/api/v1/orders/${id}/hold`, { version: o.version, note: 'Printer broken.' }).expect(200)).body;
    o = (await del.post(`/api/v1/orders/${id}/resume`, { version: o.version }).expect(200)).body;
    for (const item of o.checklist) await del.patch(`/api/v1/orders/${id}/checklist/${item.id}`, { done: true }).expect(200);
    o = (await del.get(`/api/v1/orders/${id}`).expect(200)).body;
    o = (await del.post(`/api/v1/orders/${id}/deliver`, { version: o.version, deliveryNote: 'Done.' }).expect(200)).body;
    await req.post(`/api/v1/orders/${id}/reopen`, { version: o.version, reason: 'Wrong colour.' }).expect(200);
    o = (await del.get(`/api/v1/orders/${id}`).expect(200)).body;
    o = (await del.post(`/api/v1/orders/${id}/deliver`, { version: o.version, deliveryNote: 'Done again.' }).expect(200)).body;
    o = (await req.post(`/api/v1/orders/${id}/accept-delivery`, { version: o.version }).expect(200)).body;
    const retro = (
      await del
        .post(`/api/v1/orders/${id}/retrospective`, {
          outcome: 'Delivered.',
          purposeAssessment: 'Reached.',
          recommendations: [{ text: 'Order earlier', rationale: 'Printing takes time', category: 'timing' }],
        })
        .expect(201)
    ).body;
    await req.post(`/api/v1/orders/${id}/feedback`, { satisfaction: 4, purposeAchieved: 'yes' }).expect(201);

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'order.submitted',
      'order.question_asked',
      'order.revised',
      'order.advised',
      'order.kept',
      'order.transferred',
      'order.accepted',
      'order.change_requested',
      'order.change_decided',
      'order.started',
      'order.held',
      'order.resumed',
      'order.delivered',
      'order.reopened',
      'order.delivered',
      'order.delivery_accepted',
      'retrospective.written',
      'recommendation.pending',
      'feedback.given',
      'order.closed',
    ]);
    const byType = (type: string) => events.find((e) => e.type === type)!.payload;
    expect(byType('order.submitted')).toEqual({
      orderId: id,
      reference: o.reference,
      title: 'Flyer',
      status: 'submitted',
      requesterId: s.requester.id,
      requesterUnitId: s.school.id,
      supportUnitId: s.support.id,
      serviceId: s.serviceId,
      assigneeId: null,
      actorId: s.requester.id,
    });
    expect(byType('order.question_asked')).toMatchObject({ messageId: question.id, status: 'in_consultation', actorId: s.deliverer.id });
    expect(byType('order.advised')).toMatchObject({ messageId: advice.id });
    expect(byType('order.transferred')).toMatchObject({ serviceId: other.id, fromServiceId: s.serviceId, fromSupportUnitId: s.support.id });
    expect(byType('order.accepted')).toMatchObject({ status: 'confirmed', dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(byType('order.change_requested')).toMatchObject({ changeRequestId: cr.id, proposedBy: 'requester' });
    expect(byType('order.change_decided')).toMatchObject({ changeRequestId: cr.id, decision: 'rejected', proposedBy: 'requester' });
    expect(byType('retrospective.written')).toMatchObject({ retrospectiveId: retro.id, actorId: s.deliverer.id });
    expect(byType('recommendation.pending')).toMatchObject({
      recommendationId: retro.recommendations[0].id,
      targetUnitId: s.school.id,
      targetServiceId: null,
    });
    // The system closed it, in the feedback's transaction.
    expect(byType('order.closed')).toMatchObject({ status: 'closed', actorId: null });
    expect((await req.get(`/api/v1/orders/${id}`).expect(200)).body.status).toBe('closed');
  });

  it('publishes nothing when the change is refused', async () => {
    const req = w.as(s.requester);
    const draft = (
      await req
        .post('/api/v1/orders', {
          serviceId: s.serviceId,
          requesterUnitId: s.school.id,
          title: 'Flyer',
          purpose: 'x'.repeat(30),
          answers: {},
        })
        .expect(201)
    ).body;
    await req.post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version + 1 }).expect(409);
    expect(await eventsOf(draft.id)).toEqual([]);
  });

  it('closes on accept-delivery when retrospective and feedback came first, publishing both events', async () => {
    const fresh = await aScenario(w); // no recommendation from the first test waits on its drafts
    const req = w.as(fresh.requester);
    const del = w.as(fresh.deliverer);
    const o = await aDeliveredOrder(w, fresh);
    await del
      .post(`/api/v1/orders/${o.id}/retrospective`, { outcome: 'Delivered.', purposeAssessment: 'Reached.', recommendations: [] })
      .expect(201);
    await req.post(`/api/v1/orders/${o.id}/feedback`, { satisfaction: 5, purposeAchieved: 'yes' }).expect(201);
    const current = (await req.get(`/api/v1/orders/${o.id}`).expect(200)).body;
    expect(current.status).toBe('delivered');
    await req.post(`/api/v1/orders/${o.id}/accept-delivery`, { version: current.version }).expect(200);
    const types = (await eventsOf(o.id)).map((e) => e.type);
    expect(types.slice(-4)).toEqual(['retrospective.written', 'feedback.given', 'order.delivery_accepted', 'order.closed']);
  });
});
