import type { Question } from '../../src/catalog/domain/question';
import { PURPOSE } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const FLYER: Question[] = [
  {
    key: 'channel',
    type: 'choice',
    label: 'How should it reach people?',
    help: 'The channel decides who sees it, and when.',
    required: true,
    options: [
      { value: 'print', label: 'Printed flyer' },
      { value: 'digital', label: 'Digital (newsletter, web)' },
    ],
  },
  { key: 'copies', type: 'number', label: 'Copies', min: 1, max: 10000, showIf: { key: 'channel', equals: 'print' } },
];

/**
 * The whole cycle twice for one school and one service: the support unit's advice is not
 * followed, it delivers as ordered anyway, and its recommendation comes back at the next order.
 */
describe('order → deliver → influence the next order', () => {
  let t: TestApp;
  let w: World;
  let town: TestUnit, school: TestUnit, comms: TestUnit;
  let anna: TestUser, carla: TestUser, maria: TestUser;
  let serviceId: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    town = await w.aUnit('core');
    school = await w.aUnit('core', { parent: town });
    comms = await w.aUnit('support', { parent: town });
    [anna, carla, maria] = await Promise.all([w.aRequester(school), w.aDeliverer(comms), w.aManager(town)]);
    serviceId = (await w.aService(comms, FLYER, { name: 'Printed flyer or poster' })).id;
  });
  afterAll(() => t.close());

  it('carries the recommendation, with its reason, to the next order, and the report shows the loop', async () => {
    const requester = w.as(anna);
    const deliverer = w.as(carla);

    // First cycle: a printed flyer.
    let order = (
      await requester
        .post('/api/v1/orders', {
          serviceId,
          requesterUnitId: school.id,
          title: 'Open day flyer',
          purpose: PURPOSE,
          answers: { channel: 'print', copies: 400 },
        })
        .expect(201)
    ).body;
    expect(order.recommendations).toEqual([]);
    order = (await requester.post(`/api/v1/orders/${order.id}/submit`, { version: order.version }).expect(200)).body;
    const advice = (
      await deliverer
        .post(`/api/v1/orders/${order.id}/messages`, {
          kind: 'advice',
          body: 'Parents read the school newsletter; a digital invitation reaches them sooner.',
          suggestedAnswers: { channel: 'digital' },
        })
        .expect(201)
    ).body;
    order = (
      await requester
        .post(`/api/v1/orders/${order.id}/keep`, { version: advice.order.version, reason: 'Our parents expect paper in the school bag.' })
        .expect(200)
    ).body;
    order = (await deliverer.post(`/api/v1/orders/${order.id}/accept`, { version: order.version }).expect(200)).body;
    expect(order.specVersions[0].answers).toEqual({ channel: 'print', copies: 400 });
    order = (await deliverer.post(`/api/v1/orders/${order.id}/start`, { version: order.version }).expect(200)).body;
    for (const item of order.checklist)
      await deliverer.patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
    order = (await deliverer.get(`/api/v1/orders/${order.id}`).expect(200)).body;
    order = (
      await deliverer
        .post(`/api/v1/orders/${order.id}/deliver`, {
          version: order.version,
          deliveryNote: '400 flyers printed and delivered to the school office.',
          professionalNote: 'Delivered as ordered; in my view a digital invitation would reach more parents.',
        })
        .expect(200)
    ).body;
    expect(order.status).toBe('delivered');
    order = (await requester.post(`/api/v1/orders/${order.id}/accept-delivery`, { version: order.version }).expect(200)).body;
    expect(order.status).toBe('accepted');

    const retro = (
      await deliverer
        .post(`/api/v1/orders/${order.id}/retrospective`, {
          outcome: 'Flyers delivered on time; 60 of 400 were taken home.',
          purposeAssessment: 'Partly achieved: attendance was lower than hoped.',
          recommendations: [
            {
              text: 'Announce the open day in the digital newsletter, with a short printed reminder.',
              rationale: 'Most parents read the newsletter on their phone; paper in school bags often does not reach home.',
              category: 'channel',
              targetServiceId: serviceId,
            },
          ],
        })
        .expect(201)
    ).body;
    expect(retro.recommendations).toHaveLength(1);
    await requester
      .post(`/api/v1/orders/${order.id}/feedback`, {
        satisfaction: 4,
        purposeAchieved: 'partly',
        comment: 'Good flyers; fewer parents came.',
      })
      .expect(201);
    expect((await requester.get(`/api/v1/orders/${order.id}`).expect(200)).body.status).toBe('closed');

    // Second cycle: the next draft for the same service carries the recommendation.
    let next = (
      await requester
        .post('/api/v1/orders', {
          serviceId,
          requesterUnitId: school.id,
          title: 'Spring concert invitation',
          purpose: 'Families of all pupils know about the spring concert and come.',
          answers: { channel: 'digital' },
        })
        .expect(201)
    ).body;
    expect(next.recommendations).toHaveLength(1);
    expect(next.recommendations[0]).toMatchObject({
      status: 'open',
      category: 'channel',
      rationale: expect.stringContaining('newsletter'),
    });
    const blocked = await requester.post(`/api/v1/orders/${next.id}/submit`, { version: next.version }).expect(400);
    expect(blocked.body.errors).toEqual([
      { pointer: `/recommendations/${next.recommendations[0].id}`, code: 'decisionNeeded', detail: 'needs a decision' },
    ]);
    await requester
      .post(`/api/v1/orders/${next.id}/recommendations/${next.recommendations[0].id}/decision`, { decision: 'declined' })
      .expect(400);
    const adopted = (
      await requester
        .post(`/api/v1/orders/${next.id}/recommendations/${next.recommendations[0].id}/decision`, { decision: 'adopted' })
        .expect(200)
    ).body;
    expect(adopted.status).toBe('adopted');
    next = (await requester.get(`/api/v1/orders/${next.id}`).expect(200)).body;
    next = (await requester.post(`/api/v1/orders/${next.id}/submit`, { version: next.version }).expect(200)).body;
    expect(next.status).toBe('submitted');

    // A later draft no longer asks: the recommendation is closed by its first decision.
    const third = (
      await requester
        .post('/api/v1/orders', {
          serviceId,
          requesterUnitId: school.id,
          title: 'Third',
          purpose: 'A third order to check the recommendation is closed.',
          answers: { channel: 'digital' },
        })
        .expect(201)
    ).body;
    expect(third.recommendations).toEqual([]);

    // The manager's report: one issued, one adopted, advice followed 0 of 1 in the first order.
    const report = (await w.as(maria).get(`/api/v1/reports/feedback-loop?groupBy=service`).expect(200)).body;
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({
      group: { key: serviceId, label: 'Printed flyer or poster' },
      orders: 2,
      consultationRate: 0.5,
      adviceFollowedRate: 0,
      recommendationsIssued: 1,
      recommendationsAdopted: 1,
      recommendationAdoptionRate: 1,
      satisfactionAvg: 4,
      purposeAchievedRate: 0.5,
      firstTimeRightRate: 1,
      onTimeRate: 1,
    });

    const csv = await w.as(maria).get(`/api/v1/reports/feedback-loop.csv?groupBy=service`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, line] = csv.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 4)).toEqual(['group', 'label', 'orders', 'consultationRate']);
    expect(line.split(',').slice(0, 4)).toEqual([serviceId, 'Printed flyer or poster', '2', '0.5']);

    const chart = await w.as(maria).get(`/api/v1/reports/feedback-loop.svg?groupBy=service&metric=recommendationAdoptionRate`).expect(200);
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(chart.body.toString()).toContain('Printed flyer or poster');
    expect(chart.body.toString()).toContain('100 %');

    // The recommendation list shows it to both units.
    const recs = (await requester.get('/api/v1/recommendations?status=adopted').expect(200)).body;
    expect(recs.items.map((r: { id: string }) => r.id)).toEqual([adopted.id]);
  });

  it('keeps the report to managers, scoped to the units they manage', async () => {
    await w.as(anna).get('/api/v1/reports/feedback-loop').expect(403);
    await w.as(carla).get('/api/v1/reports/feedback-loop').expect(403);
    await w.as(null).get('/api/v1/reports/feedback-loop').expect(401);
    const elsewhere = await w.aManager(await w.aUnit('core'));
    expect((await w.as(elsewhere).get('/api/v1/reports/feedback-loop?groupBy=service').expect(200)).body.rows).toEqual([]);
    const bad = await w.as(maria).get('/api/v1/reports/feedback-loop?groupBy=colour').expect(400);
    expect(bad.body.errors[0].pointer).toBe('/groupBy');
  });

  it('fills empty months in a period with zero orders and null rates', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const res = (await w.as(maria).get(`/api/v1/reports/feedback-loop?groupBy=month&from=${year}-01-01&to=${year}-03-31`).expect(200)).body;
    expect(res.rows.map((r: { group: { key: string } }) => r.group.key)).toEqual([`${year}-01`, `${year}-02`, `${year}-03`]);
    expect(res.rows[0]).toMatchObject({ orders: 0, consultationRate: null, leadTimeMedianDays: null, satisfactionAvg: null });
  });

  it('lists questionnaire recommendations as the owning unit’s catalog backlog, and expires undecided ones', async () => {
    const delivered = await deliverOne('Backlog check');
    await w
      .as(carla)
      .post(`/api/v1/orders/${delivered}/retrospective`, {
        outcome: 'Delivered.',
        purposeAssessment: 'Reached.',
        recommendations: [
          {
            text: 'Ask for the print deadline in the questionnaire.',
            rationale: 'Three orders this term missed the printer’s slot.',
            category: 'questionnaire',
          },
          { text: 'Order a week earlier.', rationale: 'The printer needs five days.', category: 'timing' },
        ],
      })
      .expect(201);
    const backlog = (await w.as(carla).get('/api/v1/recommendations?category=questionnaire&status=open').expect(200)).body.items;
    expect(backlog.map((r: { text: string }) => r.text)).toEqual(['Ask for the print deadline in the questionnaire.']);
    // Neither names a service: both count for every service of the unit that made them.
    const forService = (await w.as(anna).get(`/api/v1/recommendations?serviceId=${serviceId}&status=open`).expect(200)).body.items;
    expect(forService.map((r: { text: string }) => r.text).sort()).toEqual([
      'Ask for the print deadline in the questionnaire.',
      'Order a week earlier.',
    ]);

    const shownBefore = (
      await w
        .as(anna)
        .post('/api/v1/orders', {
          serviceId,
          requesterUnitId: school.id,
          title: 'Before expiry',
          purpose: PURPOSE,
          answers: { channel: 'digital' },
        })
        .expect(201)
    ).body;
    expect(shownBefore.recommendations).toHaveLength(2);

    // An undecided recommendation stops asking once it expires, even on a draft that showed it.
    await t.db.query(`UPDATE recommendations SET expires_at = now() - interval '1 day' WHERE source_order_id = $1`, [delivered]);
    const late = await w
      .as(anna)
      .post(`/api/v1/orders/${shownBefore.id}/recommendations/${shownBefore.recommendations[0].id}/decision`, { decision: 'adopted' })
      .expect(409);
    expect(late.body).toMatchObject({ currentStatus: 'expired' });
    await w.as(anna).post(`/api/v1/orders/${shownBefore.id}/submit`, { version: shownBefore.version }).expect(200);
    const draft = (
      await w
        .as(anna)
        .post('/api/v1/orders', {
          serviceId,
          requesterUnitId: school.id,
          title: 'After expiry',
          purpose: PURPOSE,
          answers: { channel: 'digital' },
        })
        .expect(201)
    ).body;
    expect(draft.recommendations).toEqual([]);
    const expired = (await w.as(anna).get('/api/v1/recommendations?status=expired').expect(200)).body.items;
    expect(expired).toHaveLength(2);

    // A page at a time: newest first, then the rest through the cursor.
    const first = (await w.as(anna).get('/api/v1/recommendations?status=expired&limit=1').expect(200)).body;
    expect(first.items.map((r: { id: string }) => r.id)).toEqual([expired[0].id]);
    const second = (await w.as(anna).get(`/api/v1/recommendations?status=expired&limit=1&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second).toEqual({ items: [expect.objectContaining({ id: expired[1].id })], nextCursor: null });
    await w.as(anna).get('/api/v1/recommendations?cursor=bm90LW91cnM').expect(400);
  });

  async function deliverOne(title: string): Promise<string> {
    const requester = w.as(anna);
    const deliverer = w.as(carla);
    let order = (
      await requester
        .post('/api/v1/orders', { serviceId, requesterUnitId: school.id, title, purpose: PURPOSE, answers: { channel: 'digital' } })
        .expect(201)
    ).body;
    for (const rec of order.recommendations) {
      await requester
        .post(`/api/v1/orders/${order.id}/recommendations/${rec.id}/decision`, { decision: 'declined', reason: 'Not now.' })
        .expect(200);
    }
    order = (await requester.get(`/api/v1/orders/${order.id}`).expect(200)).body;
    order = (await requester.post(`/api/v1/orders/${order.id}/submit`, { version: order.version }).expect(200)).body;
    order = (await deliverer.post(`/api/v1/orders/${order.id}/accept`, { version: order.version }).expect(200)).body;
    order = (await deliverer.post(`/api/v1/orders/${order.id}/start`, { version: order.version }).expect(200)).body;
    for (const item of order.checklist)
      await deliverer.patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
    order = (await deliverer.get(`/api/v1/orders/${order.id}`).expect(200)).body;
    await deliverer.post(`/api/v1/orders/${order.id}/deliver`, { version: order.version, deliveryNote: 'Done.' }).expect(200);
    return order.id;
  }
});
