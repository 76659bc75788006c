import * as access from '../../src/orders/order-access';
import { aScenario, anInProgressOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Who may decide a change request lives in one function (`decidesChangeRequest`). Changing it
 * there changes the API's answer, the order view's `canDecide` and the pages' buttons at once.
 */
describe('the rule for deciding a change request has one home', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    s.requester = await w.aUser([[s.school, 'requester']], { password: PAGE_PASSWORD });
    s.deliverer = await w.aUser([[s.support, 'deliverer']], { password: PAGE_PASSWORD });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  async function proposedBy(side: 'requester' | 'deliverer') {
    const order = await anInProgressOrder(w, s);
    const proposer = side === 'requester' ? s.requester : s.deliverer;
    const request = (
      await w
        .as(proposer)
        .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'One more line on the back.', title: 'Flyer (two-sided)' })
        .expect(201)
    ).body;
    return { order, request };
  }

  const approveButton = (html: string) => /\/change(?:-request)?s\/[0-9a-f-]{36}\/approve/.test(html);

  it('as it is: the other side decides, in the view, the list, the page and the API', async () => {
    const { order, request } = await proposedBy('deliverer');
    expect(request.canDecide).toBe(false); // the proposer's own
    const view = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.changeRequests).toEqual([expect.objectContaining({ id: request.id, canDecide: true })]);
    const mine = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}/change-requests`).expect(200)).body;
    expect(mine.items).toEqual([expect.objectContaining({ id: request.id, canDecide: false })]);

    const teacher = await new PageBrowser(t).signIn(s.requester);
    expect(approveButton((await teacher.get(`/orders/${order.id}`)).text)).toBe(true);
    const officer = await new PageBrowser(t).signIn(s.deliverer);
    expect(approveButton((await officer.get(`/orders/${order.id}`)).text)).toBe(false);

    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${request.id}/approve`).expect(200);
    const after = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(after.changeRequests[0]).toMatchObject({ status: 'approved', canDecide: false });
  });

  it('changed in its one place (nobody decides), the API refuses and the view and pages offer nothing', async () => {
    const { order, request } = await proposedBy('requester');
    jest.spyOn(access, 'decidesChangeRequest').mockReturnValue(false);

    const view = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.changeRequests).toEqual([expect.objectContaining({ id: request.id, canDecide: false })]);
    const officer = await new PageBrowser(t).signIn(s.deliverer);
    expect(approveButton((await officer.get(`/orders/${order.id}`)).text)).toBe(false);
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests/${request.id}/approve`).expect(403);

    // Changed back, the same order offers the decision again on every surface.
    jest.restoreAllMocks();
    const again = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(again.changeRequests[0].canDecide).toBe(true);
    expect(approveButton((await officer.get(`/orders/${order.id}`)).text)).toBe(true);
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/change-requests/${request.id}/reject`).expect(200);
  });

  it('changed in its one place (the proposer may decide too), API and pages follow', async () => {
    const { order, request } = await proposedBy('requester');
    jest.spyOn(access, 'decidesChangeRequest').mockReturnValue(true);
    const own = (await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(own.changeRequests[0].canDecide).toBe(true);
    await w.as(s.requester).post(`/api/v1/orders/${order.id}/change-requests/${request.id}/approve`).expect(200);
  });
});
