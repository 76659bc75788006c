import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { PROBLEM_DETAILS_SCHEMA } from '../../src/common/problem-details.schema';
import { ContractChecker, useContractDocument } from '../support/contract-check';

/**
 * The contract check itself (test/support/contract-check.setup.ts hooks supertest): a tiny
 * server that answers what a test tells it to, checked against a small document, shows that
 * each kind of drift fails the request that met it, and that a right answer passes.
 */
const THING_ID = '0b7f7a52-3a4e-4d8c-9a55-0c9d3a3d1f10';

const problem = {
  description: 'A problem.',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
};
const document = {
  openapi: '3.0.0',
  info: { title: 'contract check test', version: '1' },
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { $ref: '#/components/responses/Problem404' },
        },
      },
      delete: { responses: { '204': { description: 'No content' } } },
    },
    // A download (any type its content has) and an image preview, as the attachment routes document them.
    '/api/v1/things/{id}/file': {
      get: {
        responses: {
          '200': { description: 'The bytes', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
          '206': { description: 'A range', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
        },
      },
    },
    '/api/v1/things/{id}/preview': {
      get: {
        responses: {
          '200': { description: 'A preview', content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } } },
          '404': { $ref: '#/components/responses/Problem404' },
        },
      },
    },
    '/api/v1/things': {
      get: {
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'nextCursor'],
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
                    nextCursor: { type: 'string', nullable: true },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      ProblemDetails: PROBLEM_DETAILS_SCHEMA,
      Thing: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          note: { type: 'string', nullable: true },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    responses: { Problem404: problem },
  },
};

type Answer = { status: number; type?: string; body?: unknown };
let answer: Answer;
let server: Server;

function answers(next: Answer): void {
  answer = next;
}

beforeAll(async () => {
  useContractDocument(document);
  server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    if (answer.type) res.setHeader('Content-Type', answer.type);
    res.statusCode = answer.status;
    res.end(answer.body === undefined ? undefined : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  useContractDocument(undefined);
  await new Promise((resolve) => server.close(resolve));
});

const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const thing = { id: THING_ID, name: 'A thing', note: null, tags: { colour: 'red' } };
const notFound = {
  type: 'https://support-orders.example/problems/not-found',
  title: 'Not found',
  status: 404,
  detail: 'No.',
  instance: '/api/v1/x',
};

describe('the contract check', () => {
  it('passes answers the document describes: bodies, nullable fields, open maps, documented problems, 204', async () => {
    answers({ status: 200, type: 'application/json; charset=utf-8', body: thing });
    expect((await request(url()).get(`/api/v1/things/${THING_ID}`)).body).toEqual(thing);
    answers({ status: 200, type: 'application/json', body: { items: [thing], nextCursor: null } });
    await request(url()).get('/api/v1/things?limit=1').expect(200);
    answers({ status: 404, type: 'application/problem+json', body: notFound });
    await request(url()).get(`/API/v1/things/${THING_ID}/`).expect(404);
    answers({ status: 204 });
    await request(url()).delete(`/api/v1/things/${THING_ID}`).expect(204);
  });

  it('fails on a field the document does not name, naming the route, the status and the field', async () => {
    answers({ status: 200, type: 'application/json', body: { ...thing, passwordHash: 'x' } });
    const failure = request(url()).get(`/api/v1/things/${THING_ID}`);
    await expect(failure).rejects.toThrow(/Contract check: GET \/api\/v1\/things\/[0-9a-f-]+ answered 200/);
    answers({ status: 200, type: 'application/json', body: { ...thing, passwordHash: 'x' } });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`)).rejects.toThrow(
      "(body) has a field the document does not name: 'passwordHash'",
    );
  });

  it('fails on a wrong type, a missing field, a bad format and a wrong item in a list', async () => {
    answers({ status: 200, type: 'application/json', body: { id: 'not-a-uuid', note: 3 } });
    const error = await request(url())
      .get(`/api/v1/things/${THING_ID}`)
      .then(() => null)
      .catch((e: Error) => e);
    expect(error?.message).toContain("(body) must have required property 'name'");
    expect(error?.message).toContain('/id must match format "uuid"');
    expect(error?.message).toContain('/note must be string,null');
    answers({ status: 200, type: 'application/json', body: { items: [{ id: THING_ID }], nextCursor: 7 } });
    const listError = await request(url())
      .get('/api/v1/things')
      .then(() => null)
      .catch((e: Error) => e);
    expect(listError?.message).toContain("/items/0 must have required property 'name'");
    expect(listError?.message).toContain('/nextCursor must be string,null');
  });

  it('fails on an undocumented status, and on an error answered without problem details', async () => {
    answers({ status: 409, type: 'application/problem+json', body: { ...notFound, status: 409, title: 'Conflict' } });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`)).rejects.toThrow('status 409 is not documented (documented: 200, 404)');
    answers({ status: 404, type: 'text/html', body: '<h1>Not found</h1>' });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`)).rejects.toThrow(
      'content type text/html is not documented for 404 (documented: application/problem+json)',
    );
    answers({ status: 404, type: 'application/problem+json', body: { ...notFound, stack: 'at x.ts:1' } });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`)).rejects.toThrow("has a field the document does not name: 'stack'");
  });

  it('fails on a wrong content type, a body where none is documented, and an empty body where one is', async () => {
    answers({ status: 200, type: 'text/plain', body: 'ok' });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`)).rejects.toThrow('content type text/plain is not documented for 200');
    // Node's server drops a 204's body, so this one is checked directly.
    const checker = new ContractChecker(document);
    const deleted = { method: 'DELETE', url: `/api/v1/things/${THING_ID}`, status: 204, headers: {}, text: '{"deleted":true}' };
    expect(checker.check(deleted)).toEqual(['204 documents no body, but one was sent']);
    answers({ status: 200 });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`)).rejects.toThrow(
      'documents content (application/json) but the body is empty',
    );
  });

  it('holds downloads to their documented types: any type for */*, only image/webp for a preview, a range only where documented', async () => {
    for (const type of ['application/pdf', 'application/octet-stream', 'image/png']) {
      answers({ status: 200, type, body: '%PDF-1.4 bytes' });
      await request(url()).get(`/api/v1/things/${THING_ID}/file`).expect(200);
    }
    answers({ status: 206, type: 'application/pdf', body: 'PDF' });
    await request(url()).get(`/api/v1/things/${THING_ID}/file`).expect(206);
    answers({ status: 200, type: 'image/webp', body: 'RIFF....WEBP' });
    await request(url()).get(`/api/v1/things/${THING_ID}/preview`).expect(200);
    answers({ status: 200, type: 'text/html', body: '<script>alert(1)</script>' });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}/preview`)).rejects.toThrow(
      'content type text/html is not documented for 200 (documented: image/webp)',
    );
    answers({ status: 206, type: 'image/webp', body: 'RIFF' });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}/preview`)).rejects.toThrow('status 206 is not documented');
    answers({ status: 200, type: 'image/webp' });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}/preview`)).rejects.toThrow(
      'documents content (image/webp) but the body is empty',
    );
  });

  it('fails on a route or method the document lacks, unless it is refused with problem details', async () => {
    answers({ status: 200, type: 'application/json', body: {} });
    await expect(request(url()).get('/api/v1/secrets')).rejects.toThrow('the document has no path matching /api/v1/secrets');
    await expect(request(url()).patch(`/api/v1/things/${THING_ID}`)).rejects.toThrow(
      'the document has no PATCH on /api/v1/things/{id} (it has GET, DELETE)',
    );
    answers({ status: 404, type: 'application/problem+json', body: notFound });
    await request(url()).get('/api/v1/secrets').expect(404);
    answers({ status: 415, type: 'application/problem+json', body: { ...notFound, status: 415, title: 'Unsupported media type' } });
    await request(url()).post('/api/v1/secrets').set('Content-Type', 'text/plain').send('x').expect(415);
  });

  it('in strict mode (the default), fails on a success body the document has no content for', () => {
    const undescribed = { ...document, paths: { '/api/v1/things': { get: { responses: { '200': { description: 'OK' } } } } } };
    const listed = { method: 'GET', url: '/api/v1/things', status: 200, headers: { 'content-type': 'application/json' }, text: '[]' };
    expect(new ContractChecker(undescribed).check(listed)).toEqual([]);
    expect(new ContractChecker(undescribed, { strict: true }).check(listed)).toEqual([
      'status 200 documents no content, but a body was sent',
    ]);
  });

  it('leaves paths outside the API alone, and lets a test’s own expectation fail first', async () => {
    answers({ status: 200, type: 'text/html', body: '<p>a page</p>' });
    await request(url()).get('/orders').expect(200);
    answers({ status: 200, type: 'text/plain', body: 'wrong' });
    await expect(request(url()).get(`/api/v1/things/${THING_ID}`).expect(201)).rejects.toThrow('expected 201 "Created", got 200 "OK"');
  });
});
