import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/** The SSO button reuses the API's SSO routes; it is there only when single sign-on is configured. */
describe('sign-in page with single sign-on configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      OIDC_ISSUER: 'https://idp.example',
      OIDC_CLIENT_ID: 'support-orders',
      OIDC_CLIENT_SECRET: 'not-a-real-secret',
      OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/api/v1/auth/sso/callback',
    });
  });
  afterAll(() => t.close());

  it('offers the SSO button, in the reader’s language unless the operator named it', async () => {
    const en = await request(t.http).get('/sign-in').expect(200);
    expect(en.text).toContain('href="/api/v1/auth/sso/start"');
    expect(en.text).toContain('Sign in with your organisation');
    const sv = await request(t.http).get('/sign-in').set('Accept-Language', 'sv').expect(200);
    expect(sv.text).toContain('Logga in med din organisation');
  });

  it('has no SSO button without single sign-on', async () => {
    const plain = await startTestApp();
    try {
      const res = await request(plain.http).get('/sign-in').expect(200);
      expect(res.text).not.toContain('/api/v1/auth/sso/start');
    } finally {
      await plain.close();
    }
  });
});
