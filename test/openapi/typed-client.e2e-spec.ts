import type { AddressInfo } from 'node:net';
import createClient, { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../support/api-types';
import { ContractMismatch, contractChecker } from '../support/contract-check';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The whole cycle through a client typed by the generated document (openapi-fetch over
 * test/support/api-types.ts), against the app listening on a port: paths, parameters and
 * bodies that drift from the document do not compile (`npm run typecheck`), and every answer
 * is held to the document by the contract check as well.
 */
type Api = Client<paths>;

/**
 * The body of a successful answer, typed by the document. An answer the document gives no
 * schema yet is read loosely; once it has one, the fields read here are checked against it.
 */
type Loose = { [field: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Body<T> = [T] extends [never] ? Loose : unknown extends T ? Loose : [T] extends [undefined] ? Loose : T;

async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Body<T>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${JSON.stringify(error)}`);
  return data as Body<T>;
}

/** Every answer the typed client gets is checked against the document, as supertest's are. */
const contract: Middleware = {
  async onResponse({ request, response }) {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    const checked = { method: request.method, url: request.url, status: response.status, headers, text: await response.clone().text() };
    const mismatches = contractChecker().check(checked);
    if (mismatches.length) throw new ContractMismatch(checked, mismatches);
    return undefined;
  },
};

const PASSWORD = 'correct horse battery staple 42';

describe('a typed client (openapi-fetch) through the whole cycle', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  function client(token?: string): Api {
    const api = createClient<paths>({ baseUrl, headers: token ? { Authorization: `Bearer ${token}` } : {} });
    api.use(contract);
    return api;
  }

  async function signIn(email: string): Promise<Api> {
    const session = await ok(client().POST('/api/v1/auth/login', { body: { email, password: PASSWORD } }));
    expect(typeof session.token).toBe('string');
    return client(session.token as string);
  }

  it('sets up units, people and a service, orders, delivers, learns and recommends', async () => {
    const w = new World(t);
    const adminUser = await w.aUser([], { isAdmin: true, password: PASSWORD });
    const admin = await signIn(adminUser.email);

    // The organisation: a school that orders, a support unit that delivers, its people.
    const school = await ok(admin.POST('/api/v1/units', { body: { name: 'Typed Client School', kind: 'core' } }));
    const support = await ok(admin.POST('/api/v1/units', { body: { name: 'Typed Client Communications', kind: 'support', code: 'TCC' } }));
    const person = async (name: string, unitId: string, role: 'requester' | 'deliverer' | 'manager') => {
      const email = `${name}.${process.pid}@typed-client.example`;
      await ok(admin.POST('/api/v1/users', { body: { email, name, password: PASSWORD, memberships: [{ unitId, role }] } }));
      return signIn(email);
    };
    const requester = await person('anna', school.id as string, 'requester');
    const deliverer = await person('david', support.id as string, 'deliverer');
    const manager = await person('maria', support.id as string, 'manager');

    // The service and its questionnaire.
    const service = await ok(
      manager.POST('/api/v1/services', {
        body: { supportUnitId: support.id as string, name: 'Flyer', description: 'Printed flyers', targetLeadTimeDays: 5 },
      }),
    );
    const serviceId = service.id as string;
    const draft = await ok(
      manager.POST('/api/v1/services/{id}/questionnaires', {
        params: { path: { id: serviceId } },
        body: { questions: [{ key: 'copies', type: 'number', label: 'How many copies?', required: true, min: 1 }] },
      }),
    );
    await ok(
      manager.POST('/api/v1/services/{id}/questionnaires/{qid}/publish', { params: { path: { id: serviceId, qid: draft.id as string } } }),
    );
    const questionnaire = await ok(requester.GET('/api/v1/services/{id}/questionnaire', { params: { path: { id: serviceId } } }));
    expect(questionnaire.status).toBe('published');

    // Order → submit → accept → start → checklist → deliver → accept delivery.
    const order = await ok(
      requester.POST('/api/v1/orders', {
        body: {
          serviceId,
          requesterUnitId: school.id as string,
          title: 'Open day flyer',
          purpose: 'Parents of new pupils know when the open day is, so more of them come.',
          answers: { copies: 400 },
        },
      }),
    );
    const id = order.id as string;
    expect(order.status).toBe('draft');
    expect(order.reference).toMatch(/^TCC-\d{4}-\d+$/);
    const path = { params: { path: { id } } };
    let current = await ok(requester.POST('/api/v1/orders/{id}/submit', { ...path, body: { version: order.version as number } }));
    expect(current.status).toBe('submitted');
    const queue = await ok(
      deliverer.GET('/api/v1/orders', { params: { query: { supportUnitId: support.id as string, status: 'submitted' } } }),
    );
    expect((queue.items as Array<{ id: string }>).map((o) => o.id)).toContain(id);
    current = await ok(deliverer.POST('/api/v1/orders/{id}/accept', { ...path, body: { version: current.version as number } }));
    expect(current.status).toBe('confirmed');
    current = await ok(deliverer.POST('/api/v1/orders/{id}/start', { ...path, body: { version: current.version as number } }));
    for (const item of current.checklist as Array<{ id: string }>) {
      await ok(
        deliverer.PATCH('/api/v1/orders/{id}/checklist/{itemId}', { params: { path: { id, itemId: item.id } }, body: { done: true } }),
      );
    }
    current = await ok(deliverer.GET('/api/v1/orders/{id}', path));
    current = await ok(
      deliverer.POST('/api/v1/orders/{id}/deliver', {
        ...path,
        body: { version: current.version as number, deliveryNote: '400 flyers delivered.' },
      }),
    );
    expect(current.status).toBe('delivered');
    current = await ok(requester.POST('/api/v1/orders/{id}/accept-delivery', { ...path, body: { version: current.version as number } }));
    expect(current.status).toBe('accepted');

    // The retrospective recommends; the next order of the school meets the recommendation.
    const retrospective = await ok(
      deliverer.POST('/api/v1/orders/{id}/retrospective', {
        ...path,
        body: {
          outcome: 'Delivered on time; few flyers reached home.',
          purposeAssessment: 'Partly achieved.',
          recommendations: [
            {
              text: 'Announce it in the digital newsletter.',
              rationale: 'Parents read it on their phone.',
              category: 'channel',
              targetServiceId: serviceId,
            },
          ],
        },
      }),
    );
    expect(retrospective.recommendations).toHaveLength(1);
    const timeline = await ok(requester.GET('/api/v1/orders/{id}/timeline', path));
    expect((timeline.items as Array<{ action: string }>).map((e) => e.action)).toEqual(expect.arrayContaining(['submit', 'deliver']));

    const next = await ok(
      requester.POST('/api/v1/orders', {
        body: {
          serviceId,
          requesterUnitId: school.id as string,
          title: 'Concert flyer',
          purpose: 'Families come to the concert.',
          answers: { copies: 200 },
        },
      }),
    );
    const [recommendation] = next.recommendations as Array<{ id: string; category: string }>;
    expect(recommendation.category).toBe('channel');
    await ok(
      requester.POST('/api/v1/orders/{id}/recommendations/{recId}/decision', {
        params: { path: { id: next.id as string, recId: recommendation.id } },
        body: { decision: 'adopted' },
      }),
    );
    const submitted = await ok(
      requester.POST('/api/v1/orders/{id}/submit', {
        params: { path: { id: next.id as string } },
        body: {
          version: (await ok(requester.GET('/api/v1/orders/{id}', { params: { path: { id: next.id as string } } }))).version as number,
        },
      }),
    );
    expect(submitted.status).toBe('submitted');
    const adopted = await ok(requester.GET('/api/v1/recommendations', { params: { query: { status: 'adopted' } } }));
    expect((adopted.items as Array<{ id: string }>).map((r) => r.id)).toContain(recommendation.id);
  });
});
