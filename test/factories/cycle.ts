import request from 'supertest';
import type { Question } from '../../src/catalog/domain/question';
import { PAGE_PASSWORD } from '../support/page-browser';
import { PURPOSE } from './orders';
import type { TestUnit, TestUser, World } from './world';

export const FLYER: Question[] = [
  {
    key: 'channel',
    type: 'choice',
    label: 'How should it reach people?',
    required: true,
    options: [
      { value: 'print', label: 'Printed flyer' },
      { value: 'digital', label: 'Digital (newsletter, web)' },
    ],
  },
  { key: 'copies', type: 'number', label: 'Copies', min: 1, max: 10000, showIf: { key: 'channel', equals: 'print' } },
];

export interface Cycle {
  school: TestUnit;
  comms: TestUnit;
  /** Requester; signs in with PAGE_PASSWORD. */
  anna: TestUser;
  carla: TestUser;
  admin: TestUser;
  serviceId: string;
  orderIds: string[];
}

/**
 * One of everything the product keeps: a closed order (advice kept, delivered, retrospective
 * with a recommendation, feedback), the next order adopting that recommendation, one in
 * consultation, one confirmed with a change request, and a cancelled one.
 */
export async function aFullCycle(w: World): Promise<Cycle> {
  const town = await w.aUnit('core');
  const school = await w.aUnit('core', { parent: town });
  const comms = await w.aUnit('support', { parent: town });
  const anna = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
  const [carla, admin] = await Promise.all([w.aDeliverer(comms), w.anAdmin()]);
  const serviceId = (await w.aService(comms, FLYER, { name: 'Printed flyer or poster' })).id;
  const requester = w.as(anna);
  const deliverer = w.as(carla);
  const draft = (title: string, answers: object) =>
    requester.post('/api/v1/orders', { serviceId, requesterUnitId: school.id, title, purpose: PURPOSE, answers }).expect(201);

  let order = (await draft('Open day flyer', { channel: 'print', copies: 400 })).body;
  order = (await requester.post(`/api/v1/orders/${order.id}/submit`, { version: order.version }).expect(200)).body;
  const advice = (
    await deliverer
      .post(`/api/v1/orders/${order.id}/messages`, {
        kind: 'advice',
        body: 'A digital invitation reaches parents sooner.',
        suggestedAnswers: { channel: 'digital' },
      })
      .expect(201)
  ).body;
  order = (
    await requester
      .post(`/api/v1/orders/${order.id}/keep`, { version: advice.order.version, reason: 'Our parents expect paper.' })
      .expect(200)
  ).body;
  order = (await deliverer.post(`/api/v1/orders/${order.id}/accept`, { version: order.version }).expect(200)).body;
  order = (await deliverer.post(`/api/v1/orders/${order.id}/start`, { version: order.version }).expect(200)).body;
  for (const item of order.checklist) await deliverer.patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
  order = (await deliverer.get(`/api/v1/orders/${order.id}`).expect(200)).body;
  order = (
    await deliverer
      .post(`/api/v1/orders/${order.id}/deliver`, { version: order.version, deliveryNote: '400 flyers delivered.' })
      .expect(200)
  ).body;
  order = (await requester.post(`/api/v1/orders/${order.id}/accept-delivery`, { version: order.version }).expect(200)).body;
  await deliverer
    .post(`/api/v1/orders/${order.id}/retrospective`, {
      outcome: 'Delivered on time; 60 of 400 were taken home.',
      purposeAssessment: 'Partly achieved.',
      recommendations: [
        {
          text: 'Use the digital newsletter.',
          rationale: 'Parents read it on their phone.',
          category: 'channel',
          targetServiceId: serviceId,
        },
      ],
    })
    .expect(201);
  await requester.post(`/api/v1/orders/${order.id}/feedback`, { satisfaction: 4, purposeAchieved: 'partly' }).expect(201);

  let next = (await draft('Spring concert invitation', { channel: 'digital' })).body;
  await requester
    .post(`/api/v1/orders/${next.id}/recommendations/${next.recommendations[0].id}/decision`, { decision: 'adopted' })
    .expect(200);
  next = (await requester.get(`/api/v1/orders/${next.id}`).expect(200)).body;
  next = (await requester.post(`/api/v1/orders/${next.id}/submit`, { version: next.version }).expect(200)).body;

  const asked = (await draft('Sports day poster', { channel: 'print', copies: 20 })).body;
  await requester.post(`/api/v1/orders/${asked.id}/submit`, { version: asked.version }).expect(200);
  await deliverer.post(`/api/v1/orders/${asked.id}/messages`, { kind: 'question', body: 'Which size?' }).expect(201);
  await requester.post(`/api/v1/orders/${asked.id}/messages`, { kind: 'answer', body: 'A3.' }).expect(201);

  let changed = (await draft('Choir leaflet', { channel: 'print', copies: 30 })).body;
  changed = (await requester.post(`/api/v1/orders/${changed.id}/submit`, { version: changed.version }).expect(200)).body;
  changed = (await deliverer.post(`/api/v1/orders/${changed.id}/accept`, { version: changed.version }).expect(200)).body;
  await requester
    .post(`/api/v1/orders/${changed.id}/change-requests`, {
      version: changed.version,
      reason: 'Twice as many.',
      answers: { channel: 'print', copies: 60 },
    })
    .expect(201);

  let cancelled = (await draft('Cancelled leaflet', { channel: 'digital' })).body;
  cancelled = (await requester.post(`/api/v1/orders/${cancelled.id}/submit`, { version: cancelled.version }).expect(200)).body;
  await requester
    .post(`/api/v1/orders/${cancelled.id}/cancel`, { version: cancelled.version, reason: 'The event moved online.' })
    .expect(200);

  return { school, comms, anna, carla, admin, serviceId, orderIds: [order.id, next.id, asked.id, changed.id, cancelled.id] };
}

/** What an admin reads of everything: orders with timelines, recommendations, users, and the report at every grouping. */
export async function everythingAnAdminReads(w: World, admin: TestUser) {
  const as = w.as(admin);
  const list = (await as.get('/api/v1/orders?limit=200').expect(200)).body;
  const orders = [];
  for (const item of list.items as Array<{ id: string }>) {
    orders.push({
      order: (await as.get(`/api/v1/orders/${item.id}`).expect(200)).body,
      timeline: (await as.get(`/api/v1/orders/${item.id}/timeline`).expect(200)).body,
    });
  }
  const report: Record<string, unknown> = {};
  for (const groupBy of ['month', 'service', 'supportUnit', 'requesterUnit']) {
    report[groupBy] = (await as.get(`/api/v1/reports/feedback-loop?groupBy=${groupBy}`).expect(200)).body;
  }
  return {
    orders,
    recommendations: (await as.get('/api/v1/recommendations?limit=200').expect(200)).body,
    users: (await as.get('/api/v1/users').expect(200)).body,
    report,
  };
}

export function signIn(http: Parameters<typeof request>[0], email: string, password = PAGE_PASSWORD) {
  return request(http).post('/api/v1/auth/login').send({ email, password });
}
