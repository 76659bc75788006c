import request from 'supertest';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * What the browser is told about the connection: JSON-only API (no login CSRF by form),
 * helmet's headers, no caching of personal data, and HSTS and secure cookies whenever the
 * request came over TLS through the trusted proxy (supertest connects from loopback, which
 * TRUST_PROXY trusts by default, so X-Forwarded-Proto: https stands for a TLS request).
 */

const PASSWORD = 'correct horse battery staple';
const TLS = { 'X-Forwarded-Proto': 'https' };

function setCookies(res: request.Response): string[] {
  const raw = res.headers['set-cookie'] as unknown;
  return Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
}

function cookie(res: request.Response, name: string) {
  const line = setCookies(res).find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${JSON.stringify(setCookies(res))}`);
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair, attributes: attributes.map((a) => a.toLowerCase()) };
}

describe('transport security', () => {
  let t: TestApp;
  let w: World;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    user = await w.aUser([[await w.aUnit('core'), 'requester']], { password: PASSWORD });
  });
  afterAll(() => t.close());

  describe('the API takes JSON only', () => {
    it('answers a form post to the JSON sign-in 415, and signs nobody in', async () => {
      const [{ before }] = await t.db.query('SELECT count(*)::int AS before FROM sessions WHERE user_id = $1', [user.id]);
      const res = await request(t.http).post('/api/v1/auth/login').type('form').send({ email: user.email, password: PASSWORD }).expect(415);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 415, instance: '/api/v1/auth/login', detail: expect.stringMatching(/application\/json/) });
      expect(setCookies(res)).toEqual([]);
      const [{ after }] = await t.db.query('SELECT count(*)::int AS after FROM sessions WHERE user_id = $1', [user.id]);
      expect(after).toBe(before);
    });

    it('takes the API prefix in any case, as routing does: /API/v1 is the API too (415 to a form, no-store)', async () => {
      for (const path of ['/API/v1/auth/login', '/Api/v1/auth/login', '/aPi/v1/auth/login']) {
        const res = await request(t.http).post(path).type('form').send({ email: user.email, password: PASSWORD }).expect(415);
        expect(setCookies(res)).toEqual([]);
        expect(res.headers['cache-control']).toBe('no-store');
      }
      const signedIn = await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
      const me = await request(t.http).get('/API/v1/me').set('Authorization', `Bearer ${signedIn.body.token}`).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
    });

    it('answers 415 to other body types and to a body without a type, on any API route', async () => {
      await request(t.http).post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('{"email":"x","password":"y"}').expect(415);
      await request(t.http)
        .post('/api/v1/orders')
        .set('Authorization', `Bearer ${user.token}`)
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .send('--x--')
        .expect(415);
      const untyped = await new Promise<number>((resolve, reject) => {
        const req = request(t.http).post('/api/v1/auth/login').set('Content-Type', '');
        req.send('email=a').end((error, res) => (error && !res ? reject(error) : resolve(res.status)));
      });
      expect(untyped).toBe(415);
    });

    it('takes application/json with a charset and application/*+json', async () => {
      await request(t.http)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ email: user.email, password: PASSWORD }))
        .expect(200);
      await request(t.http)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ email: user.email, password: PASSWORD }))
        .expect(200);
      // Body-less requests need no type.
      await request(t.http).post('/api/v1/auth/logout').expect(401);
    });

    it('leaves form posts outside /api to the web pages', async () => {
      const res = await request(t.http).post('/not-an-api-route').type('form').send({ a: 'b' });
      expect(res.status).toBe(404);
    });
  });

  describe('headers', () => {
    it('sends no-store on the sign-in answer and on every API answer, errors included', async () => {
      const signIn = await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
      expect(signIn.headers['cache-control']).toBe('no-store');
      const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
      const unknown = await request(t.http).get('/api/v1/no-such-thing').expect(404);
      expect(unknown.headers['cache-control']).toBe('no-store');
    });

    it("sends helmet's headers with a same-origin Content-Security-Policy and no X-Powered-By", async () => {
      const res = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('serves Swagger UI at /api/docs: its own scripts only, inline styles allowed there alone, cacheable', async () => {
      const page = await request(t.http).get('/api/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self'");
      expect(page.headers['cache-control']).not.toBe('no-store');
      // Every script is a same-origin file (script-src 'self' allows no inline script), and each loads.
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(inline.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attributes)![1];
        expect(src).not.toMatch(/^[a-z]+:|^\/\//);
        const script = await request(t.http).get(new URL(src, 'http://app.invalid/api/docs/').pathname).expect(200);
        expect(script.headers['content-type']).toMatch(/javascript/);
      }
      const styles = [...page.text.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)];
      for (const [, href] of styles) await request(t.http).get(new URL(href, 'http://app.invalid/api/docs/').pathname).expect(200);
      await request(t.http).get('/api/docs-json').expect(200);
    });

    it('sends HSTS only when the request came over TLS', async () => {
      const plain = await request(t.http).get('/health/live');
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      const tls = await request(t.http).get('/health/live').set(TLS);
      expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    });
  });

  describe('the session cookie, decided per request', () => {
    it('over TLS: __Host-sid, Secure; only that cookie counts there', async () => {
      const res = await request(t.http).post('/api/v1/auth/login').set(TLS).send({ email: user.email, password: PASSWORD }).expect(200);
      expect(setCookies(res).some((c) => c.startsWith('sid='))).toBe(false);
      const sid = cookie(res, '__Host-sid');
      expect(sid.attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
      expect(cookie(res, '__Host-csrf').attributes).toContain('secure');

      await request(t.http).get('/api/v1/me').set(TLS).set('Cookie', sid.pair).expect(200);
      // The same token under the plain name (planted over HTTP or by a sibling domain) is ignored over TLS.
      await request(t.http).get('/api/v1/me').set(TLS).set('Cookie', `sid=${res.body.token}`).expect(401);

      const out = await request(t.http)
        .post('/api/v1/auth/logout')
        .set(TLS)
        .set('Cookie', sid.pair)
        .set('X-CSRF-Token', res.body.csrfToken)
        .expect(204);
      expect(cookie(out, '__Host-sid').attributes).toContain('secure');
    });

    it('over plain HTTP: sid, not Secure', async () => {
      const res = await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
      expect(cookie(res, 'sid').attributes).not.toContain('secure');
      expect(setCookies(res).some((c) => c.startsWith('__Host-'))).toBe(false);
    });
  });
});

describe('transport security with TRUST_PROXY=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'false' });
  });
  afterAll(() => t.close());

  it('does not take X-Forwarded-Proto from an untrusted peer: no HSTS, plain cookie', async () => {
    const w = new World(t);
    const user = await w.aUser([[await w.aUnit('core'), 'requester']], { password: PASSWORD });
    const res = await request(t.http).post('/api/v1/auth/login').set(TLS).send({ email: user.email, password: PASSWORD }).expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(cookie(res, 'sid').attributes).not.toContain('secure');
  });
});
