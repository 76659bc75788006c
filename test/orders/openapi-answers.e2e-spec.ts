import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import request from 'supertest';
import { OrdersController } from '../../src/orders/orders.controller';
import { RetrospectivesController } from '../../src/retrospectives/retrospectives.controller';
import { startTestApp, TestApp } from '../support/test-app';

interface Route {
  method: string;
  path: string;
  status: number;
}

/** Each route of a controller, with the status Nest answers it with (`@HttpCode`, else 201 for POST and 200 otherwise). */
function routesOf(controller: new (...args: never[]) => unknown): Route[] {
  const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
  const proto = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .map((name) => proto[name])
    .filter((handler): handler is object => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler))
    .map((handler) => {
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
      const path = `/${[base, Reflect.getMetadata(PATH_METADATA, handler) as string].filter((p) => p && p !== '/').join('/')}`
        .replace(/\/+/g, '/')
        .replace(/:(\w+)/g, '{$1}');
      const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
      return { method, path, status };
    });
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('the OpenAPI document types every answer of the orders and retrospectives routes', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, { properties?: object }>;

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await request(t.http).get('/api/docs-json').expect(200)).body;
    paths = document.paths;
    schemas = document.components.schemas;
  });
  afterAll(() => t.close());

  const routes = [...routesOf(OrdersController), ...routesOf(RetrospectivesController)];

  it('finds the routes of both controllers', () => {
    expect(routes).toHaveLength(31);
    expect(routes).toContainEqual({ method: 'post', path: '/api/v1/orders/{id}/submit', status: 200 });
    expect(routes).toContainEqual({ method: 'post', path: '/api/v1/orders/{id}/retrospective', status: 201 });
  });

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s documents its success status, and only that, with a JSON schema (or no content)',
    (_, route) => {
      const operation = paths[route.path]?.[route.method];
      expect(operation).toBeDefined();
      const successes = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      expect(successes).toEqual([String(route.status)]);
      // No content has no body to type (deleting a draft).
      if (route.status === 204) return expect(operation.responses['204'].content).toBeUndefined();
      const ref = operation.responses[String(route.status)].content?.['application/json']?.schema?.$ref;
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(schemas[ref!.split('/').pop()!].properties).toBeDefined();
    },
  );

  it('documents lists as pages of items with the cursor of the next page', () => {
    const page = schemas.OrderSummaryResponsePage as { properties: Record<string, unknown>; required: string[] };
    expect(page.required.sort()).toEqual(['items', 'nextCursor']);
    expect(page.properties.items).toEqual({ type: 'array', items: { $ref: '#/components/schemas/OrderSummaryResponse' } });
    expect(paths['/api/v1/recommendations'].get.responses['200'].content?.['application/json']?.schema?.$ref).toBe(
      '#/components/schemas/RecommendationResponsePage',
    );
  });
});
