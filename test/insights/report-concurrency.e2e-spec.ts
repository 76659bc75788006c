import { rebuildRollups } from '../../src/insights/rollup-rebuild';
import { aDeliveredOrder, aDraftOrder, aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The report's rollups are kept up to date inside the transactions that change orders. Many
 * such transactions at once must neither lose a contribution nor deadlock each other.
 */
describe('feedback-loop rollups under concurrent changes', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    admin = await w.anAdmin();
  });
  afterAll(() => t.close());

  async function report(groupBy: string) {
    return (await w.as(admin).get(`/api/v1/reports/feedback-loop?groupBy=${groupBy}`).expect(200)).body.rows;
  }

  it('counts every adoption when drafts adopt one retrospective’s recommendations at the same time', async () => {
    const s = await aScenario(w);
    const source = await aDeliveredOrder(w, s);
    const count = 8;
    const retro = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${source.id}/retrospective`, {
        outcome: 'Delivered as ordered.',
        purposeAssessment: 'Partly met.',
        recommendations: Array.from({ length: count }, (_, i) => ({
          text: `Recommendation ${i + 1}`,
          rationale: 'It serves the purpose better.',
          category: 'other',
        })),
      })
      .expect(201);
    const recIds: string[] = retro.body.recommendations.map((r: { id: string }) => r.id);
    const drafts = [];
    for (let i = 0; i < count; i++) drafts.push(await aDraftOrder(w, s, { title: `Next order ${i + 1}` }));

    const results = await Promise.all(
      drafts.map((d, i) => w.as(s.requester).post(`/api/v1/orders/${d.id}/recommendations/${recIds[i]}/decision`, { decision: 'adopted' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(count).fill(200));

    const [{ facts }] = await t.db.query('SELECT facts FROM order_facts WHERE order_id = $1', [source.id]);
    expect(facts).toMatchObject({ recommendationsIssued: count, recommendationsAdopted: count, recommendationsDecided: count });
    const row = (await report('service')).find((r: { group: { key: string } }) => r.group.key === s.serviceId);
    expect(row).toMatchObject({ recommendationsIssued: count, recommendationsAdopted: count, recommendationAdoptionRate: 1 });
  });

  it('moves orders between two services in both directions at once without deadlock or drift', async () => {
    const s = await aScenario(w);
    const other = (await w.aService(s.support)).id;
    const back: OrderScenario = { ...s, serviceId: other };
    const rounds = 4;
    const pairs = 4;
    const orders: Array<{ id: string; version: number; serviceId: string }> = [];
    for (let i = 0; i < pairs; i++) orders.push(await aSubmittedOrder(w, s), await aSubmittedOrder(w, back));
    const statuses: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Each round, every order swaps service: half go X → Y while the other half go Y → X.
      const results = await Promise.all(
        orders.map((o) =>
          w.as(s.deliverer).post(`/api/v1/orders/${o.id}/transfer`, {
            version: o.version,
            serviceId: o.serviceId === other ? s.serviceId : other,
            note: 'Better served there.',
          }),
        ),
      );
      results.forEach((r, i) => {
        statuses.push(r.status);
        if (r.status === 200) Object.assign(orders[i], { version: r.body.version, serviceId: r.body.serviceId });
      });
    }
    // A deadlock would surface as a 409 (40P01) here.
    expect(statuses).toEqual(Array(rounds * pairs * 2).fill(200));

    const byService = await report('service');
    const counted = (serviceId: string) => byService.find((r: { group: { key: string } }) => r.group.key === serviceId)?.orders ?? 0;
    expect([counted(s.serviceId), counted(other)]).toEqual([pairs, pairs]);
    const before = { service: byService, requester: await report('requesterUnit') };
    await rebuildRollups(t.db);
    expect({ service: await report('service'), requester: await report('requesterUnit') }).toEqual(before);
  });
});
