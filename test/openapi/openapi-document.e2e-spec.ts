import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, REDIRECT_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { API_TYPES_PATH, generateApiTypes, OPENAPI_JSON_PATH } from '../../src/openapi/openapi-files';
import { listRoutesWithAccess } from '../identity/routes';
import { useContractDocument } from '../support/contract-check';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * docs/openapi.json and the generated client types are what the app serves (CI fails on a
 * stale copy), and the document tells the truth about what the metadata of each route
 * decides: who may call it, and which success status it answers.
 */
const root = join(__dirname, '..', '..');
const RUN_OPENAPI = 'run `npm run openapi` and commit the result';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { security?: Array<Record<string, string[]>>; responses: Record<string, unknown>; parameters?: Array<Record<string, unknown>> }
    >
  >;
  components: { securitySchemes: Record<string, Record<string, unknown>> };
};

/** The first few JSON pointers at which two documents differ, to say where a stale copy is wrong. */
function differences(a: unknown, b: unknown, at = '', found: string[] = []): string[] {
  if (found.length >= 10 || isDeepStrictEqual(a, b)) return found;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys)
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        found,
      );
  } else {
    found.push(at || '/');
  }
  return found;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: Doc;

  beforeAll(async () => {
    t = await startTestApp();
    served = (await request(t.http).get('/api/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => t.close());

  it(`is the one in ${OPENAPI_JSON_PATH}`, () => {
    const committed = JSON.parse(readFileSync(join(root, OPENAPI_JSON_PATH), 'utf8')) as unknown;
    const differing = differences(served, committed);
    if (differing.length) {
      throw new Error(
        `${OPENAPI_JSON_PATH} differs from what the app serves at /api/docs-json (at ${differing.join(', ')}): ${RUN_OPENAPI}.`,
      );
    }
  });

  it(`has its TypeScript types in ${API_TYPES_PATH}`, async () => {
    const committed = readFileSync(join(root, API_TYPES_PATH), 'utf8');
    const fresh = await generateApiTypes(served as never);
    if (fresh !== committed) throw new Error(`${API_TYPES_PATH} is stale: ${RUN_OPENAPI}.`);
  });

  it('says which security each route takes: none when public, else the bearer token or the session cookie with the CSRF header for writes', () => {
    const schemes = served.components.securitySchemes;
    expect(schemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.any(String) }); // opaque: no bearerFormat JWT
    expect(schemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'sid' });
    expect(schemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    expect(served.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(served.paths['/health/ready'].get.security).toEqual([]);
    expect(served.paths['/api/v1/me'].get.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(served.paths['/api/v1/orders/{id}/submit'].post.security).toEqual([{ bearer: [] }, { cookie: [], csrf: [] }]);
    for (const route of listRoutesWithAccess(t.app).filter((r) => r.path.startsWith('/api/'))) {
      const operation = served.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()];
      const statuses = Object.keys(operation.responses);
      expect([route.method, route.path, operation.security?.length === 0]).toEqual([route.method, route.path, route.isPublic]);
      // A public route does not ask for a sign-in (sign-in itself refuses wrong credentials with 401).
      // Besides sign-in, the open figures: public so that OPEN_FIGURES=public opens them, 401 without it;
      // and mail in, which takes no session but a token of its own (INBOUND_MAIL_TOKEN).
      if (
        route.isPublic &&
        !route.path.startsWith('/api/v1/auth/') &&
        !route.path.startsWith('/api/v1/open-figures') &&
        route.path !== '/api/v1/inbound/mail'
      )
        expect([route.path, statuses]).not.toContainEqual(expect.arrayContaining(['401']));
      if (!route.isPublic)
        expect([route.method, route.path, statuses]).toEqual([route.method, route.path, expect.arrayContaining(['401', '503'])]);
      if (route.requirement && route.requirement !== 'signedIn')
        expect([route.path, statuses]).toEqual([route.path, expect.arrayContaining(['403'])]);
    }
  });

  it('documents the success status each handler answers (201 only where a POST creates, 204 without a body)', () => {
    const scanner = new MetadataScanner();
    const checked: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const prototype = (wrapper.metatype as { prototype?: Record<string, unknown> } | null)?.prototype;
        if (!prototype) continue;
        for (const name of scanner.getAllMethodNames(prototype)) {
          const handler = prototype[name] as object;
          if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const route = listRoutesWithAccess(t.app).find((r) => r.controller === wrapper.metatype?.name && r.handler === name);
          const operation = route && served.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
          if (!operation) continue; // a page, left out of the document
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
          const redirect = Reflect.getMetadata(REDIRECT_METADATA, handler) as { statusCode?: number } | undefined;
          const answers =
            (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (redirect ? (redirect.statusCode ?? 302) : method === RequestMethod.POST ? 201 : 200);
          // 206 is a download's answer to `Range`, beside its 200.
          const documented = Object.keys(operation.responses).filter((s) => Number(s) < 400 && !(s === '206' && answers === 200));
          expect(`${route.method} ${route.path} documents ${documented.join(', ')}`).toBe(
            `${route.method} ${route.path} documents ${answers}`,
          );
          if (answers === 204) expect(operation.responses['204']).not.toHaveProperty('content');
          checked.push(route.path);
        }
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/orders', '/api/v1/orders/:id/accept', '/health/ready']));
  });

  it('documents the problems each route can answer, derived from what it declares, as problem details', () => {
    const statuses = (path: string, method: string) => Object.keys(served.paths[path][method].responses).filter((s) => Number(s) >= 400);
    expect(statuses('/health/live', 'get')).toEqual(['400', '413', '503']);
    expect(statuses('/api/v1/auth/login', 'post')).toEqual(['400', '401', '413', '415', '429', '503']);
    expect(statuses('/api/v1/me', 'get')).toEqual(['400', '401', '413', '415', '503']);
    expect(statuses('/api/v1/orders', 'get')).toEqual(['400', '401', '413', '415', '503']);
    expect(statuses('/api/v1/orders/{id}', 'get')).toEqual(['400', '401', '404', '413', '415', '503']);
    expect(statuses('/api/v1/orders', 'post')).toEqual(['400', '401', '403', '409', '413', '415', '429', '503']);
    expect(statuses('/api/v1/orders/{id}/accept', 'post')).toEqual(['400', '401', '403', '404', '409', '413', '415', '503']);
    expect(statuses('/api/v1/users', 'get')).toEqual(['400', '401', '403', '413', '415', '503']);
    const problem = served.paths['/api/v1/orders/{id}'].get.responses['404'] as { $ref: string };
    const shared = (served.components as unknown as { responses: Record<string, { content: Record<string, unknown> }> }).responses;
    expect(shared[problem.$ref.split('/').pop()!].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    });
  });

  it('documents what the body parser answers on any route, declared body or not (the contract check holds each)', async () => {
    await request(t.http).get('/api/v1/me').set('Content-Type', 'text/plain').send('hello').expect(415);
    await request(t.http).get('/api/v1/me').set('Content-Type', 'application/json').send('{"broken"').expect(400);
    await request(t.http)
      .post('/api/v1/auth/logout')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(2_000_000) }))
      .expect(413);
  });

  it('documents If-Match as optional where versioned actions read it, once', () => {
    const headers = served.paths['/api/v1/orders/{id}/accept'].post.parameters?.filter((p) => p.in === 'header');
    expect(headers).toEqual([expect.objectContaining({ name: 'If-Match', required: false })]);
  });

  it('is what the contract check holds the real app to: an undocumented status fails the request', async () => {
    await request(t.http).get('/api/v1/me').expect(401); // documented: passes
    const doctored = structuredClone(served);
    delete doctored.paths['/api/v1/me'].get.responses['401'];
    useContractDocument(doctored);
    try {
      await expect(request(t.http).get('/api/v1/me')).rejects.toThrow(
        /Contract check: GET \/api\/v1\/me answered 401[^]*status 401 is not documented/,
      );
    } finally {
      useContractDocument(undefined);
    }
  });
});
