import { aDeliveredOrder, aDraftOrder, aScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

// Catalog asks orders and recommendations (through the checks they register) whether a
// service is in use, instead of reading their tables.
describe('catalog: a service in use stays with its support unit', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;

  const moveTo = async (serviceId: string, supportUnitId: string) => {
    const service = (await w.as(admin).get(`/api/v1/services/${serviceId}`).expect(200)).body;
    return w.as(admin).patch(`/api/v1/services/${serviceId}`, { version: service.version, supportUnitId });
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    admin = await w.anAdmin();
  });
  afterAll(() => t.close());

  it('moves an unused service, and refuses one with an order or a recommendation', async () => {
    const s = await aScenario(w);
    const elsewhere = await w.aUnit('support');
    const unused = await w.aService(s.support);
    const recommended = await w.aService(s.support);

    await aDraftOrder(w, s);
    const withOrder = await moveTo(s.serviceId, elsewhere.id);
    expect(withOrder.status).toBe(409);
    expect(withOrder.body.detail).toMatch(/has orders or recommendations/);

    const delivered = await aDeliveredOrder(w, s);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${delivered.id}/retrospective`, {
        outcome: 'Delivered.',
        purposeAssessment: 'Reached.',
        recommendations: [{ text: 'Use the other service', rationale: 'Faster', category: 'timing', targetServiceId: recommended.id }],
      })
      .expect(201);
    expect((await moveTo(recommended.id, elsewhere.id)).status).toBe(409);

    expect((await moveTo(unused.id, elsewhere.id)).status).toBe(200);
  });
});
