import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('errors are RFC 9457 problem details', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '10kb' });
  });
  afterAll(() => t.close());

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await request(t.http).get('/api/v1/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not found', instance: '/api/v1/no-such-thing' });
    expect(typeof res.body.type).toBe('string');
    expect(typeof res.body.detail).toBe('string');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await request(t.http).post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": ').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Malformed request body' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers an oversized body with 413', async () => {
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'x'.repeat(20_000), password: 'y' }))
      .expect(413);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('names each invalid field with a JSON pointer', async () => {
    const res = await request(t.http).post('/api/v1/auth/login').send({ email: 42, surprise: true }).expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(expect.arrayContaining(['/email', '/password', '/surprise']));
    for (const error of res.body.errors) expect(error.detail).toEqual(expect.any(String));
  });

  it('carries the request id, in the body and as a header', async () => {
    const res = await request(t.http).get('/api/v1/nothing').set('X-Request-Id', 'trace-me-123').expect(404);
    expect(res.headers['x-request-id']).toBe('trace-me-123');
    expect(res.body.requestId).toBe('trace-me-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health/ready', '/api/v1/auth/login']));
  });
});

describe('home page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('says what the product is and links to the API documentation', async () => {
    const res = await request(t.http).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Influence the next order');
    expect(res.text).toContain('href="/api/docs"');
  });
});
