import request from 'supertest';
import { aScenario, aSubmittedOrder } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** Pulls the hidden CSRF field and the cookies a form page set, as a browser would keep them. */
function formState(res: request.Response): { csrf: string; cookies: string[] } {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  return { csrf, cookies };
}

describe('web pages: content-aware HTTP', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => t.close());

  it('sends a signed-out reader of a page to sign-in, and back after, while /api keeps answering 401 problem+json', async () => {
    const page = await request(t.http).get('/account/sessions?x=1').expect(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Faccount%2Fsessions%3Fx%3D1');
    const api = await request(t.http).get('/api/v1/me').expect(401);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown page with an HTML 404 page that names no internals, and an unknown API route with problem+json', async () => {
    const page = await request(t.http).get('/no-such-page').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Page not found');
    expect(page.text).not.toMatch(/Cannot GET|NotFoundException|No route|at \//);
    const api = await request(t.http).get('/api/v1/no-such-route').expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('signs in with the form (CSRF double-submit), lists sessions, signs out elsewhere and signs out', async () => {
    const user = await w.aUser([], { password: 'correct horse battery', email: 'page-user@test.example' });
    const form = await request(t.http).get('/sign-in?next=/account/sessions').expect(200);
    const { csrf, cookies } = formState(form);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{32,}$/);

    // Without the token the form is refused with an HTML page, not JSON.
    const refused = await request(t.http)
      .post('/sign-in')
      .type('form')
      .set('Cookie', cookies)
      .send({ email: user.email, password: 'correct horse battery', _csrf: 'wrong'.repeat(10) })
      .expect(403);
    expect(refused.text).toContain('The form has expired');

    const wrong = await request(t.http)
      .post('/sign-in')
      .type('form')
      .set('Cookie', cookies)
      .send({ email: user.email, password: 'nope', _csrf: csrf, next: '/account/sessions' })
      .expect(401);
    expect(wrong.text).toContain('govuk-error-summary');
    expect(wrong.text).toContain('The email address or password is wrong');

    const signedIn = await request(t.http)
      .post('/sign-in')
      .type('form')
      .set('Cookie', cookies)
      .send({ email: user.email, password: 'correct horse battery', _csrf: csrf, next: '/account/sessions' })
      .expect(303);
    expect(signedIn.headers.location).toBe('/account/sessions');
    const session = formState(signedIn).cookies.filter((c) => /^(sid|csrf)=/.test(c));

    const sessions = await request(t.http).get('/account/sessions').set('Cookie', session).expect(200);
    expect(sessions.text).toContain('This session');
    expect(sessions.text).toContain('Sign out everywhere else');
    const pageCsrf = formState(sessions).csrf;

    await request(t.http).post('/account/sessions/end-others').type('form').set('Cookie', session).send({ _csrf: pageCsrf }).expect(303);
    // The session the factory made for the bearer token is one of the others.
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(401);

    const out = await request(t.http).post('/sign-out').type('form').set('Cookie', session).send({ _csrf: pageCsrf }).expect(303);
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    await request(t.http).get('/account/sessions').set('Cookie', session).expect(303);
  });

  it('refuses an unsafe next after sign-in', async () => {
    const form = await request(t.http).get('/sign-in?next=//evil.example').expect(200);
    expect(form.text).toContain('name="next" value=""');
  });

  it('follows Accept-Language until a language is picked, then remembers it for the user (and PATCH /api/v1/me)', async () => {
    const fi = await request(t.http).get('/').set('Accept-Language', 'fi-FI,fi;q=0.9,en;q=0.5').expect(200);
    expect(fi.text).toContain('<html lang="fi"');
    expect(fi.headers['content-language']).toBe('fi');

    const user = await w.aUser([], { password: 'correct horse battery' });
    const form = await request(t.http).get('/sign-in').expect(200);
    const { csrf, cookies } = formState(form);
    const signedIn = await request(t.http)
      .post('/sign-in')
      .type('form')
      .set('Cookie', cookies)
      .send({ email: user.email, password: 'correct horse battery', _csrf: csrf })
      .expect(303);
    const session = formState(signedIn).cookies.filter((c) => /^(sid|csrf)=/.test(c));
    const home = await request(t.http).get('/').set('Cookie', session).set('Accept-Language', 'fi').expect(200);
    await request(t.http)
      .post('/language')
      .type('form')
      .set('Cookie', session)
      .send({ _csrf: formState(home).csrf, language: 'sv', next: '/' })
      .expect(303);
    // Remembered for the user, whatever the browser says, on any device.
    const sv = await request(t.http).get('/').set('Cookie', session).set('Accept-Language', 'fi').expect(200);
    expect(sv.text).toContain('<html lang="sv"');
    const me = await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(me.body.language).toBe('sv');

    const patched = await request(t.http)
      .patch('/api/v1/me')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ language: 'fi' })
      .expect(200);
    expect(patched.body.language).toBe('fi');
    const bad = await request(t.http).patch('/api/v1/me').set('Authorization', `Bearer ${user.token}`).send({ language: 'de' }).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/language');
  });

  it('serves the fingerprinted stylesheet with long cache headers, with the product font and none of GOV.UK’s', async () => {
    const home = await request(t.http).get('/').expect(200);
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)![1];
    expect(href).toMatch(/^\/assets\/[0-9a-f]{12}\/app\.css$/);
    const css = await request(t.http).get(href).expect(200);
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.text).toContain('system-ui');
    expect(css.text).not.toContain('GDS Transport');
    expect(home.text).not.toMatch(/crown|GOV\.UK/i);
  });

  it('takes a form’s version as a number, answers a bad one with the 400 page and a stale one with the 409 page', async () => {
    const base = await aScenario(w);
    const s = { ...base, requester: await w.aUser([[base.school, 'requester']], { password: 'correct horse battery' }) };
    const order = await aSubmittedOrder(w, s);
    const form = await request(t.http).get('/sign-in').expect(200);
    const { csrf, cookies } = formState(form);
    const signedIn = await request(t.http)
      .post('/sign-in')
      .type('form')
      .set('Cookie', cookies)
      .send({ email: s.requester.email, password: 'correct horse battery', _csrf: csrf })
      .expect(303);
    const session = formState(signedIn).cookies.filter((c) => /^(sid|csrf)=/.test(c));
    const page = await request(t.http).get(`/orders/${order.id}`).set('Cookie', session).expect(200);
    const pageCsrf = formState(page).csrf;
    const cancel = (version: string) =>
      request(t.http)
        .post(`/orders/${order.id}/cancel`)
        .type('form')
        .set('Cookie', session)
        .send({ _csrf: pageCsrf, version, reason: 'Plans changed' });

    const bad = await cancel('three').expect(400);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect(bad.text).toContain('The request could not be handled');
    const stale = await cancel(String(order.version - 1)).expect(409);
    expect(stale.text).toContain('Someone changed this order');
    expect(stale.text).toContain(`href="/orders/${order.id}"`);
    const done = await cancel(String(order.version)).expect(303);
    expect(done.headers.location).toBe(`/orders/${order.id}?done=cancel`);
    const after = await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200);
    expect(after.body.status).toBe('cancelled');
    // The API keeps answering problem+json for the same mistake.
    const api = await w.as(s.requester).post(`/api/v1/orders/${order.id}/cancel`, { version: order.version, reason: 'x' }).expect(409);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
