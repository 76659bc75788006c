import { Controller, Get, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Public, RequireRole } from '../../src/identity/access/access.decorators';
import { startTestApp, TestApp } from '../support/test-app';
import { listRoutes, listRoutesWithAccess, routeKey, RouteWithAccess } from './routes';

/** Routes that would be reachable with no access decision: the guard refuses them, and so does this test. */
function undeclared(routes: RouteWithAccess[]): string[] {
  return routes.filter((r) => !r.isPublic && !r.requirement).map((r) => `${routeKey(r)} (${r.controller}.${r.handler})`);
}

/** What Express actually serves, from its router stack (Nest registers each route there). */
function expressRoutes(app: NestExpressApplication): string[] {
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> } };
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).flatMap((m) => [layer.route!.path].flat().map((p) => `${m.toUpperCase()} ${p}`)));
}

describe('every route says who may call it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds the routes of every module, with Nest path parameters', () => {
    const keys = listRoutes(t.app).map(routeKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'GET /api/v1/me',
        'DELETE /api/v1/me/sessions/:sessionId',
        'PATCH /api/v1/users/:id',
        'GET /api/v1/services/:id/questionnaire',
        'POST /api/v1/orders/:id/accept',
        'PATCH /api/v1/orders/:id/checklist/:itemId',
        'GET /health/ready',
        'GET /api/v1/auth/sso/callback',
      ]),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('enumerates exactly the controller routes Express serves (nothing is missed)', () => {
    // Swagger UI and its JSON document are mounted on Express directly, outside any controller.
    // Nest mounts module middleware for all methods (nestjs-pino's, which binds each request's
    // log context) as a route on the wildcard `{/*splat}`; it passes every request on.
    const served = expressRoutes(t.app)
      .filter((k) => !/ \/api\/docs/.test(k) && !k.endsWith(' {/*splat}'))
      .sort();
    expect(served.length).toBeGreaterThan(0);
    expect(listRoutes(t.app).map(routeKey).sort()).toEqual(served);
  });

  it('has no route without @Public() or @RequireRole(...)', () => {
    expect(undeclared(listRoutesWithAccess(t.app))).toEqual([]);
  });

  it('keeps public routes to the ones meant to be public', () => {
    const publicRoutes = listRoutesWithAccess(t.app)
      .filter((r) => r.isPublic)
      .map(routeKey)
      .sort();
    // Pages: the front door, the accessibility statement (the law wants it reachable by all), the
    // sign-in form, the language switch (before sign-in too) and the fingerprinted assets. Mail in
    // takes no session: it checks a token of its own (INBOUND_MAIL_TOKEN).
    expect(publicRoutes).toEqual([
      'GET /',
      'GET /accessibility',
      'GET /api/v1/auth/sso/callback',
      'GET /api/v1/auth/sso/start',
      'GET /api/v1/open-figures',
      'GET /api/v1/open-figures.csv',
      'GET /assets/:version/:name',
      'GET /figures',
      'GET /health/live',
      'GET /health/ready',
      'GET /sign-in',
      'POST /api/v1/auth/login',
      'POST /api/v1/inbound/mail',
      'POST /language',
      'POST /sign-in',
    ]);
  });

  it('would catch a route that declares nothing (the check is not vacuous)', async () => {
    @RequireRole('signedIn')
    @Controller('declared-on-class')
    class ClassLevel {
      @Get()
      list() {
        return [];
      }
    }
    @Controller('mixed')
    class Mixed {
      @Public()
      @Get('open')
      open() {
        return 'ok';
      }
      @Post('forgotten')
      forgotten() {
        return 'oops';
      }
    }
    @Module({ controllers: [ClassLevel, Mixed] })
    class Fixture {}
    const moduleRef = await Test.createTestingModule({ imports: [Fixture] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const routes = listRoutesWithAccess(app);
      expect(routes.map(routeKey).sort()).toEqual(['GET /declared-on-class', 'GET /mixed/open', 'POST /mixed/forgotten']);
      expect(undeclared(routes)).toEqual(['POST /mixed/forgotten (Mixed.forgotten)']);
    } finally {
      await app.close();
    }
  });
});
