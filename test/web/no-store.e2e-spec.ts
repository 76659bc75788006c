import request from 'supertest';
import { aDeliveredOrder, anInProgressOrder, aScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { fillPagePath, pageRoutes, PagePathIds } from '../support/page-routes';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Every answer that can carry personal or unit data says `Cache-Control: no-store`: each page
 * and download route, enumerated from the running application (as the route-requirements test
 * enumerates them), read by each role with ids that exist and signed out, and each form route
 * posted signed out (a redirect to sign-in) and without its CSRF token (an error page). The
 * fingerprinted assets alone may be cached.
 */
describe('no page, download, redirect or error page is kept by a cache', () => {
  let t: TestApp;
  let w: World;
  const actors: Record<string, TestUser | null> = {};
  const ids: PagePathIds = {};

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    const s = await aScenario(w);
    const [manager, admin] = await Promise.all([
      w.aUser([
        [s.support, 'manager'],
        [s.school, 'manager'],
      ]),
      w.anAdmin(),
    ]);
    Object.assign(actors, { anonymous: null, requester: s.requester, deliverer: s.deliverer, manager, admin });

    const order = await anInProgressOrder(w, s);
    const change = await w
      .as(s.requester)
      .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'A clearer title', title: 'Open day flyer, final' })
      .expect(201);
    const delivered = await aDeliveredOrder(w, s);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${delivered.id}/retrospective`, {
        outcome: 'Delivered on time.',
        purposeAssessment: 'Reached.',
        recommendations: [{ text: 'Order two weeks earlier', rationale: 'Printing takes time', category: 'timing' }],
      })
      .expect(201);
    const [recommendation] = await t.db.query('SELECT id FROM recommendations LIMIT 1');
    Object.assign(ids, {
      order: order.id,
      service: s.serviceId,
      user: s.requester.id,
      recommendation: recommendation.id,
      changeRequest: change.body.id,
      checklistItem: order.checklist[0]?.id,
      session: s.requester.actor.sessionId,
    });
  }, 60_000);
  afterAll(() => t.close());

  const asCookie = (user: TestUser | null) => (user ? `sid=${user.token}` : '');

  it('sends no-store on every page and download, for every role and signed out, errors and redirects included', async () => {
    const routes = pageRoutes(t.app).filter((r) => r.method === 'GET');
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/reports/feedback-loop.csv', '/orders/:id', '/admin/audit', '/']));
    const cacheable: string[] = [];
    const statuses = new Map<number, number>();
    for (const route of routes) {
      const path = fillPagePath(route.path, ids);
      for (const [name, user] of Object.entries(actors)) {
        const res = await request(t.http).get(path).set('Cookie', asCookie(user));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.headers['cache-control'] !== 'no-store') {
          cacheable.push(`GET ${path} as ${name}: ${res.status} with Cache-Control ${res.headers['cache-control'] ?? '(none)'}`);
        }
      }
    }
    expect(cacheable).toEqual([]);
    // The walk reached pages (200), redirects to sign-in (303) and error pages (403/404), not one kind only.
    expect(statuses.get(200)).toBeGreaterThan(routes.length);
    expect(statuses.get(303)).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  }, 120_000);

  it('sends no-store on the report CSV a manager downloads', async () => {
    const csv = await request(t.http)
      .get('/reports/feedback-loop.csv?groupBy=supportUnit')
      .set('Cookie', asCookie(actors.manager))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.headers['cache-control']).toBe('no-store');
  });

  it('sends no-store on every form route refused: signed out (to sign-in) and without the CSRF token (an error page)', async () => {
    const routes = pageRoutes(t.app).filter((r) => r.method === 'POST');
    expect(routes.length).toBeGreaterThan(20);
    const cacheable: string[] = [];
    for (const route of routes) {
      const path = fillPagePath(route.path, ids);
      for (const [name, user] of [
        ['anonymous', null],
        ['requester', actors.requester],
      ] as const) {
        const res = await request(t.http).post(path).type('form').set('Cookie', asCookie(user)).send({ note: 'x' });
        if (res.status < 300) cacheable.push(`POST ${path} as ${name} was taken (${res.status}) without a CSRF token`);
        if (res.headers['cache-control'] !== 'no-store') {
          cacheable.push(`POST ${path} as ${name}: ${res.status} with Cache-Control ${res.headers['cache-control'] ?? '(none)'}`);
        }
      }
    }
    expect(cacheable).toEqual([]);
  }, 60_000);

  it('leaves the fingerprinted assets cacheable', async () => {
    const home = await request(t.http).get('/sign-in').expect(200);
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(home.text)![1];
    const asset = await request(t.http).get(css).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });
});
