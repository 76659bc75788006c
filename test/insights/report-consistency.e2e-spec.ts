import { computeMetrics, DraftFacts, OrderFacts } from '../../src/insights/domain/metrics';
import { OrderFactsService } from '../../src/insights/order-facts.service';
import { rebuildRollups } from '../../src/insights/rollup-rebuild';
import type { Question } from '../../src/catalog/domain/question';
import { PURPOSE } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
  {
    key: 'size',
    type: 'choice',
    label: 'Size',
    required: true,
    options: [
      { value: 's', label: 'Small' },
      { value: 'l', label: 'Large' },
    ],
  },
];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/**
 * The report reads rollups kept incrementally, at three grains, with lead-time histograms.
 * On generated orders taking random paths through the cycle, every report row must equal
 * the pure metric definitions applied to the orders' facts, and a rebuild from scratch
 * must change nothing.
 */
describe('feedback-loop report against the metric definitions', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;
  let manager: TestUser;
  const orderIds: string[] = [];
  let units: TestUnit[];
  let services: string[];

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    const org = await w.aUnit('core');
    const schools = [await w.aUnit('core', { parent: org }), await w.aUnit('core', { parent: org })];
    const support = await w.aUnit('support', { parent: org });
    units = schools;
    admin = await w.anAdmin();
    manager = await w.aManager(org);
    const deliverer = await w.aDeliverer(support);
    const requesters = await Promise.all(schools.map((s) => w.aRequester(s)));
    services = [(await w.aService(support, QUESTIONS)).id, (await w.aService(support, QUESTIONS)).id];
    const rnd = random(20261122);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

    for (let i = 0; i < 24; i++) {
      const which = Math.floor(rnd() * 2);
      const req = w.as(requesters[which]);
      const del = w.as(deliverer);
      let o = (
        await req
          .post('/api/v1/orders', {
            serviceId: pick(services),
            requesterUnitId: schools[which].id,
            title: `Order ${i}`,
            purpose: PURPOSE,
            answers: { size: pick(['s', 'l']) },
          })
          .expect(201)
      ).body;
      orderIds.push(o.id);
      for (const rec of o.recommendations) {
        await req
          .post(
            `/api/v1/orders/${o.id}/recommendations/${rec.id}/decision`,
            rnd() < 0.6 ? { decision: 'adopted' } : { decision: 'declined', reason: 'Not this time.' },
          )
          .expect(200);
      }
      o = (await req.get(`/api/v1/orders/${o.id}`).expect(200)).body;
      if (rnd() < 0.1) continue; // stays a draft: not in the report
      o = (await req.post(`/api/v1/orders/${o.id}/submit`, { version: o.version }).expect(200)).body;
      if (rnd() < 0.4) {
        const msg = (
          await del
            .post(`/api/v1/orders/${o.id}/messages`, { kind: 'advice', body: 'Consider the small size.', suggestedAnswers: { size: 's' } })
            .expect(201)
        ).body;
        o =
          rnd() < 0.5
            ? (
                await req
                  .post(`/api/v1/orders/${o.id}/revise`, { version: msg.order.version, answers: { size: 's' }, followedAdvice: true })
                  .expect(200)
              ).body
            : (await req.post(`/api/v1/orders/${o.id}/keep`, { version: msg.order.version, reason: 'We need it large.' }).expect(200)).body;
      }
      if (rnd() < 0.1) {
        await req.post(`/api/v1/orders/${o.id}/cancel`, { version: o.version, reason: 'No longer needed.' }).expect(200);
        continue;
      }
      if (rnd() < 0.15) continue; // waits for acceptance
      o = (await del.post(`/api/v1/orders/${o.id}/accept`, { version: o.version }).expect(200)).body;
      if (rnd() < 0.3) {
        const cr = (
          await del.post(`/api/v1/orders/${o.id}/change-requests`, { reason: 'Stock ran out.', answers: { size: 'l' } }).expect(201)
        ).body;
        o = (await req.post(`/api/v1/orders/${o.id}/change-requests/${cr.id}/${rnd() < 0.5 ? 'approve' : 'reject'}`, {}).expect(200)).body;
      }
      o = (await del.post(`/api/v1/orders/${o.id}/start`, { version: o.version }).expect(200)).body;
      if (rnd() < 0.2) continue; // in progress
      for (const item of o.checklist) await del.patch(`/api/v1/orders/${o.id}/checklist/${item.id}`, { done: true }).expect(200);
      o = (await del.get(`/api/v1/orders/${o.id}`).expect(200)).body;
      o = (await del.post(`/api/v1/orders/${o.id}/deliver`, { version: o.version, deliveryNote: 'Done.' }).expect(200)).body;
      if (rnd() < 0.25) {
        o = (await req.post(`/api/v1/orders/${o.id}/reopen`, { version: o.version, reason: 'Wrong colour.' }).expect(200)).body;
        o = (await del.post(`/api/v1/orders/${o.id}/deliver`, { version: o.version, deliveryNote: 'Fixed.' }).expect(200)).body;
      }
      if (rnd() < 0.8) o = (await req.post(`/api/v1/orders/${o.id}/accept-delivery`, { version: o.version }).expect(200)).body;
      if (rnd() < 0.7) {
        await req
          .post(`/api/v1/orders/${o.id}/feedback`, {
            satisfaction: 1 + Math.floor(rnd() * 5),
            purposeAchieved: pick(['yes', 'partly', 'no']),
          })
          .expect(201);
      }
      if (rnd() < 0.7) {
        const recommendations =
          rnd() < 0.6
            ? [
                {
                  text: 'Order earlier.',
                  rationale: 'Printing takes a week.',
                  category: 'timing',
                  targetServiceId: rnd() < 0.5 ? o.serviceId : undefined,
                },
              ]
            : [];
        await del
          .post(`/api/v1/orders/${o.id}/retrospective`, { outcome: 'Delivered.', purposeAssessment: 'Mostly.', recommendations })
          .expect(201);
      }
    }
  }, 120_000);
  afterAll(() => t.close());

  type Facts = { facts: OrderFacts; draft: DraftFacts; serviceId: string; requesterUnitId: string };
  async function factsByOrder(): Promise<Map<string, Facts>> {
    const service = t.app.get(OrderFactsService);
    const result = new Map<string, Facts>();
    for (const id of orderIds) {
      const found = await service.factsOf(t.db.manager, id);
      if (found) {
        const { facts, draft, row } = found;
        result.set(id, { facts, draft, serviceId: row.service_id, requesterUnitId: row.requester_unit_id });
      }
    }
    return result;
  }
  // Every order was a draft once: its draft counts too (intake measures).
  const definitions = (facts: Facts[]) =>
    computeMetrics(
      facts.map((f) => f.facts),
      facts.map((f) => f.draft),
    );

  async function expectReportToMatchDefinitions(): Promise<void> {
    const all = [...(await factsByOrder()).values()];
    expect(all.filter((f) => f.facts.submittedAt).length).toBeGreaterThan(15);
    const { group: _group, ...total } = (await w.as(admin).get('/api/v1/reports/feedback-loop?groupBy=supportUnit').expect(200)).body
      .rows[0];
    expect(total).toEqual(definitions(all));

    for (const serviceId of services) {
      const row = (await w.as(admin).get('/api/v1/reports/feedback-loop?groupBy=service').expect(200)).body.rows.find(
        (r: { group: { key: string } }) => r.group.key === serviceId,
      );
      const { group: _g, ...metrics } = row;
      expect(metrics).toEqual(definitions(all.filter((f) => f.serviceId === serviceId)));
    }
    for (const unit of units) {
      // The manager reads the fine grain (scoped), the admin the requester grain: both must agree with the definitions.
      for (const who of [admin, manager]) {
        const rows = (await w.as(who).get('/api/v1/reports/feedback-loop?groupBy=requesterUnit').expect(200)).body.rows;
        const { group: _g, ...metrics } = rows.find((r: { group: { key: string } }) => r.group.key === unit.id);
        expect(metrics).toEqual(definitions(all.filter((f) => f.requesterUnitId === unit.id)));
      }
    }
  }

  it('answers every grouping with the metrics the definitions give for the same orders', async () => {
    await expectReportToMatchDefinitions();
  });

  it('gives the same report after the rollups are rebuilt from scratch', async () => {
    const before = (await w.as(admin).get('/api/v1/reports/feedback-loop?groupBy=requesterUnit').expect(200)).body;
    await rebuildRollups(t.db);
    expect((await w.as(admin).get('/api/v1/reports/feedback-loop?groupBy=requesterUnit').expect(200)).body).toEqual(before);
    await expectReportToMatchDefinitions();
  });
});
