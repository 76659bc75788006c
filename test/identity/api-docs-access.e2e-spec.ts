import request from 'supertest';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';

/** Every way the API document, or a part of Swagger UI that carries it, can be asked for. */
const DOCUMENT_PATHS = [
  '/api/docs',
  '/api/docs/',
  '/api/docs-json',
  '/api/docs-yaml',
  '/API/DOCS-JSON',
  '/Api/Docs/',
  '/api/docs/swagger-ui-init.js',
  '/api/docs/swagger-ui.css',
];

/**
 * The API document lists every route, the admin ones included: in production it is for
 * signed-in people only (bearer token or session cookie); elsewhere it stays open.
 */
describe('the API document in production', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
    w = new World(t);
  });
  afterAll(() => t.close());

  it('answers 401 problem details to anyone not signed in, on every path that serves it, and reveals no route', async () => {
    for (const path of DOCUMENT_PATHS) {
      for (const auth of [undefined, 'Bearer not-a-session-token', 'Bearer ', 'Basic YWRtaW46YWRtaW4=']) {
        const req = request(t.http).get(path);
        if (auth) req.set('Authorization', auth);
        const res = await req;
        expect([path, auth, res.status]).toEqual([path, auth, 401]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 401, title: 'Not signed in' });
        expect(res.text).not.toContain('/api/v1/');
      }
    }
    // A session cookie that is not a session is no better.
    const forged = await request(t.http).get('/api/docs-json').set('Cookie', '__Host-sid=forged; sid=forged');
    expect(forged.status).toBe(401);
  });

  it('serves the document and Swagger UI to a signed-in user, by bearer token or session cookie', async () => {
    const user = await w.aUser([[await w.aUnit('core'), 'requester']], { password: PASSWORD });
    const byToken = await request(t.http).get('/api/docs-json').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(Object.keys(byToken.body.paths)).toContain('/api/v1/users');

    const signIn = await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    const cookies = ([] as string[]).concat(signIn.headers['set-cookie'] as unknown as string[]);
    const sid = cookies.find((c) => c.startsWith('__Host-sid='))!.split(';')[0];
    const byCookie = await request(t.http).get('/api/docs-json').set('Cookie', sid).expect(200);
    expect(byCookie.body.paths).toEqual(byToken.body.paths);
    const page = await request(t.http).get('/api/docs').set('Cookie', sid).redirects(1).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    await request(t.http).get('/api/docs/swagger-ui-init.js').set('Cookie', sid).expect(200);

    // Signed out, the same cookie opens nothing.
    await request(t.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${signIn.body.token}`).expect(204);
    await request(t.http).get('/api/docs-json').set('Cookie', sid).expect(401);
  });
});

describe('the API document outside production', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ NODE_ENV: 'development' })));
  afterAll(() => t.close());

  it('is open to anyone', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toContain('/api/v1/users');
    await request(t.http).get('/api/docs').redirects(1).expect(200);
  });
});
