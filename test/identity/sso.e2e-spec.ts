import { generateKeyPairSync } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
// @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed below
import UntypedProvider from 'oidc-provider';
import { UsersService } from '../../src/identity/users.service';
import { startTestApp, TestApp } from '../support/test-app';
import { freePort } from '../../src/common/free-port';

/** The part of oidc-provider's API this test uses. */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
}
interface InteractionDetails {
  prompt: { name: 'login' | 'consent' | string };
  params: { client_id: string };
  session?: { accountId: string };
}
const Provider = UntypedProvider as new (issuer: string, configuration: object) => OidcProvider;

interface Person {
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Leave profile claims out of the ID token, so the app must ask UserInfo. */
  userInfoOnly?: boolean;
}

interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  memberships: unknown[];
}

const CLIENT_ID = 'support-orders';
const CLIENT_SECRET = 'a-client-secret-for-tests-only';

/** The people the identity provider knows, by subject; tests add to it. */
const people = new Map<string, Person>();
/** Who the next sign-in at the provider logs in as. */
let loginAs = '';

describe('single sign-on with OpenID Connect', () => {
  let t: TestApp;
  let idp: Server;
  let provider: OidcProvider | undefined;
  let issuer: string;
  let appUrl: string;
  let redirectUri: string;

  beforeAll(async () => {
    idp = createServer((req, res) => {
      if (!provider) return void res.writeHead(503).end();
      if (req.url?.startsWith('/interaction/')) return void interact(provider, req, res).catch(() => res.writeHead(500).end());
      provider.callback()(req, res);
    });
    issuer = `http://127.0.0.1:${await listen(idp)}`;

    const appPort = await freePort();
    appUrl = `http://127.0.0.1:${appPort}`;
    redirectUri = `${appUrl}/api/v1/auth/sso/callback`;
    t = await startTestApp({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_ALLOWED_DOMAINS: 'example.org, school.example',
    });
    await t.app.listen(appPort, '127.0.0.1');

    const quiet = [jest.spyOn(console, 'warn').mockImplementation(() => {}), jest.spyOn(console, 'info').mockImplementation(() => {})];
    provider = new Provider(issuer, {
      jwks: {
        keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }],
      },
      ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], grant_types: ['authorization_code'] }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      scopes: ['openid', 'email', 'profile'],
      cookies: { keys: ['test-cookie-key'] },
      features: { devInteractions: { enabled: false } },
      // Profile claims in the ID token too (by default only in UserInfo for the code flow).
      conformIdTokenClaims: false,
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx: unknown, sub: string) => {
        const person = people.get(sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          claims: (use: 'id_token' | 'userinfo') => {
            const { userInfoOnly, ...claims } = person;
            return use === 'id_token' && userInfoOnly ? { sub } : { sub, ...claims };
          },
        };
      },
    });
    quiet.forEach((spy) => spy.mockRestore()); // oidc-provider's "development only adapter" notice
  });

  afterAll(async () => {
    await t?.close();
    idp?.closeAllConnections();
    await new Promise((resolve) => idp?.close(resolve));
  });

  /** Logs in and grants consent at the provider without a browser. */
  async function interact(provider: OidcProvider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: loginAs } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider.Grant({ accountId: details.session?.accountId ?? loginAs, clientId: details.params.client_id });
    grant.addOIDCScope('openid email profile');
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  /** GET /sso/start, then through the provider until it redirects to our callback. */
  async function startAtProvider(subject: string): Promise<{ callbackUrl: URL; attemptCookie: string; start: Response }> {
    loginAs = subject;
    const start = await fetch(`${appUrl}/api/v1/auth/sso/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const attemptCookie = cookieFrom(start, 'sso_attempt');
    expect(attemptCookie).toBeTruthy();
    const jar = new Map<string, string>();
    let location = new URL(start.headers.get('location') ?? '');
    for (let hops = 0; !location.href.startsWith(redirectUri); hops++) {
      if (hops > 10) throw new Error(`too many redirects at the provider, at ${location.href}`);
      const res = await fetch(location, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      if (res.status < 300 || res.status >= 400)
        throw new Error(`provider answered ${res.status} at ${location.href}: ${await res.text()}`);
      location = new URL(res.headers.get('location') ?? '', location);
    }
    return { callbackUrl: location, attemptCookie: attemptCookie!, start };
  }

  function callback(url: URL, attemptCookie: string | null): Promise<Response> {
    return fetch(url, { redirect: 'manual', headers: attemptCookie ? { cookie: `sso_attempt=${attemptCookie}` } : {} });
  }

  /** The whole flow; returns the callback's answer. */
  async function signIn(subject: string): Promise<Response> {
    const { callbackUrl, attemptCookie } = await startAtProvider(subject);
    return callback(callbackUrl, attemptCookie);
  }

  async function me(res: Response): Promise<Me> {
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const sid = cookieFrom(res, 'sid');
    expect(sid).toBeTruthy();
    const answer = await fetch(`${appUrl}/api/v1/me`, { headers: { cookie: `sid=${sid}` } });
    expect(answer.status).toBe(200);
    return (await answer.json()) as Me;
  }

  async function usersWithEmail(email: string): Promise<{ id: string; oidc_subject: string | null; password_hash: string | null }[]> {
    return t.db.query('SELECT id, oidc_subject, password_hash FROM users WHERE email = $1', [email]);
  }

  async function expectProblem(res: Response, status: number, detail: RegExp): Promise<void> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(cookieFrom(res, 'sid')).toBeNull();
    const body = await res.json();
    expect(body).toMatchObject({ status, detail: expect.stringMatching(detail) });
  }

  it('start redirects to the provider with PKCE and keeps the attempt in a short-lived cookie', async () => {
    const res = await fetch(`${appUrl}/api/v1/auth/sso/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin).toBe(issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sso_attempt='));
    expect(cookie).toMatch(/Max-Age=600/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const attempt = JSON.parse(Buffer.from(cookieFrom(res, 'sso_attempt')!, 'base64url').toString('utf8'));
    expect(attempt.state).toBe(location.searchParams.get('state'));
    expect(attempt.nonce).toBe(location.searchParams.get('nonce'));
    expect(typeof attempt.verifier).toBe('string');
  });

  it('signs a new person in and provisions an active user without password or memberships', async () => {
    people.set('alice', { email: 'Alice@Example.org', email_verified: true, name: 'Alice Anders' });
    const res = await signIn('alice');
    const user = await me(res);
    expect(user).toMatchObject({ email: 'alice@example.org', name: 'Alice Anders', isAdmin: false, memberships: [] });
    expect(cookieFrom(res, 'sso_attempt')).toBe(''); // the attempt is used up
    const [row] = await usersWithEmail('alice@example.org');
    expect(row).toMatchObject({ id: user.id, oidc_subject: `${issuer}|alice`, password_hash: null });
    const audit = await t.db.query(`SELECT action, after FROM audit_events WHERE entity = 'user' AND entity_id = $1`, [user.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'user.created', after: expect.objectContaining({ source: 'sso' }) })]);
    const [session] = await t.db.query('SELECT kind FROM sessions WHERE user_id = $1', [user.id]);
    expect(session.kind).toBe('sso');
  });

  it('gives the page the CSRF token in a readable cookie, so an SSO session can change things', async () => {
    people.set('aron', { email: 'aron@example.org', email_verified: true, name: 'Aron' });
    const res = await signIn('aron');
    const sid = cookieFrom(res, 'sid');
    const csrf = cookieFrom(res, 'csrf');
    expect(csrf).toBeTruthy();
    const line = res.headers.getSetCookie().find((c) => c.startsWith('csrf='));
    expect(line).not.toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    const headers = { cookie: `sid=${sid}` };
    expect((await fetch(`${appUrl}/api/v1/auth/logout`, { method: 'POST', headers })).status).toBe(403);
    const out = await fetch(`${appUrl}/api/v1/auth/logout`, { method: 'POST', headers: { ...headers, 'x-csrf-token': csrf! } });
    expect(out.status).toBe(204);
    expect(cookieFrom(out, 'csrf')).toBe('');
  });

  it('makes no account for an email the provider has not verified: 401, audited', async () => {
    people.set('ivan', { email: 'ivan@example.org', email_verified: false, name: 'Ivan?' });
    await expectProblem(await signIn('ivan'), 401, /not verified your email address/);
    expect(await usersWithEmail('ivan@example.org')).toHaveLength(0);
    const [failed] = await t.db.query(
      `SELECT after FROM audit_events WHERE action = 'auth.login_failed' AND after->>'source' = 'sso' AND after->>'reason' LIKE '%not verified%'`,
    );
    expect(failed).toBeDefined();
  });

  it('reuses the same user on a second sign-in', async () => {
    people.set('bruno', { email: 'bruno@example.org', email_verified: true, name: 'Bruno' });
    const first = await me(await signIn('bruno'));
    const second = await me(await signIn('bruno'));
    expect(second.id).toBe(first.id);
    expect(await usersWithEmail('bruno@example.org')).toHaveLength(1);
  });

  it('names a person without a name claim after their email', async () => {
    people.set('nameless', { email: 'nameless@example.org', email_verified: true });
    expect(await me(await signIn('nameless'))).toMatchObject({ email: 'nameless@example.org', name: 'nameless@example.org' });
  });

  it('reads the email from UserInfo when the ID token carries none', async () => {
    people.set('uma', { email: 'uma@example.org', email_verified: true, name: 'Uma', userInfoOnly: true });
    expect(await me(await signIn('uma'))).toMatchObject({ email: 'uma@example.org', name: 'Uma' });
  });

  it('links an existing password user with the same verified email instead of duplicating', async () => {
    const existing = await t.app
      .get(UsersService)
      .create(null, { email: 'carla@example.org', name: 'Carla', password: 'a-long-password-123', memberships: [] });
    people.set('carla', { email: 'CARLA@example.org', email_verified: true, name: 'Carla from the IdP' });
    const user = await me(await signIn('carla'));
    expect(user.id).toBe(existing.id);
    expect(user.name).toBe('Carla'); // the account keeps its own name
    const rows = await usersWithEmail('carla@example.org');
    expect(rows).toHaveLength(1);
    expect(rows[0].oidc_subject).toBe(`${issuer}|carla`);
    const [linked] = await t.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'user.sso_linked'`, [existing.id]);
    expect(linked).toBeDefined();
  });

  it('does not link an unverified email to an existing account: 409, no session', async () => {
    const existing = await t.app.get(UsersService).create(null, { email: 'dora@example.org', name: 'Dora', memberships: [] });
    people.set('mallory', { email: 'dora@example.org', email_verified: false, name: 'Not Dora' });
    await expectProblem(await signIn('mallory'), 409, /an account with this email exists; ask an admin to link it/i);
    expect(await usersWithEmail('dora@example.org')).toEqual([expect.objectContaining({ id: existing.id, oidc_subject: null })]);
  });

  it('refuses a deactivated user with 401', async () => {
    people.set('erik', { email: 'erik@example.org', email_verified: true, name: 'Erik' });
    const user = await me(await signIn('erik'));
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    await expectProblem(await signIn('erik'), 401, /deactivated/);
  });

  it('refuses a tampered state with 400 and sets no session', async () => {
    people.set('fiona', { email: 'fiona@example.org', email_verified: true });
    const { callbackUrl, attemptCookie } = await startAtProvider('fiona');
    callbackUrl.searchParams.set('state', 'forged-state');
    const res = await callback(callbackUrl, attemptCookie);
    await expectProblem(res, 400, /sign-in attempt is invalid or expired/);
    expect(cookieFrom(res, 'sso_attempt')).toBe('');
    expect(await usersWithEmail('fiona@example.org')).toHaveLength(0);
    const failures = await t.db.query(`SELECT after FROM audit_events WHERE action = 'auth.login_failed' AND after->>'source' = 'sso'`);
    expect(failures).toContainEqual({ after: { source: 'sso', reason: expect.stringMatching(/sign-in attempt is invalid or expired/) } });
  });

  it('refuses a callback without the attempt cookie with 400', async () => {
    people.set('gina', { email: 'gina@example.org', email_verified: true });
    const { callbackUrl } = await startAtProvider('gina');
    await expectProblem(await callback(callbackUrl, null), 400, /sign-in attempt is invalid or expired/);
  });

  it('refuses to use an attempt cookie twice', async () => {
    people.set('hugo', { email: 'hugo@example.org', email_verified: true });
    const { callbackUrl, attemptCookie } = await startAtProvider('hugo');
    await me(await callback(callbackUrl, attemptCookie));
    // The browser dropped the cookie; a replay of the code with a copy is refused by the provider.
    await expectProblem(await callback(callbackUrl, attemptCookie), 401, /single sign-on failed/i);
  });

  describe('OIDC_ALLOWED_DOMAINS', () => {
    it('makes no new account for a verified address outside the allowed domains: 403, audited', async () => {
      people.set('olga', { email: 'olga@elsewhere.example', email_verified: true, name: 'Olga' });
      await expectProblem(await signIn('olga'), 403, /only for addresses of the organisation's own domains/);
      expect(await usersWithEmail('olga@elsewhere.example')).toHaveLength(0);
      const [failed] = await t.db.query(
        `SELECT 1 FROM audit_events WHERE action = 'auth.login_failed' AND after->>'source' = 'sso' AND after->>'reason' LIKE '%own domains%'`,
      );
      expect(failed).toBeDefined();
      // Exact domains: a subdomain is not the domain.
      people.set('sub', { email: 'sub@mail.example.org', email_verified: true });
      await expectProblem(await signIn('sub'), 403, /own domains/);
    });

    it('makes accounts for the allowed domains, any of them', async () => {
      people.set('sami', { email: 'sami@school.example', email_verified: true, name: 'Sami' });
      expect(await me(await signIn('sami'))).toMatchObject({ email: 'sami@school.example' });
    });

    it('still signs in an account an admin made outside those domains', async () => {
      const existing = await t.app
        .get(UsersService)
        .create(null, { email: 'contractor@elsewhere.example', name: 'Contractor', memberships: [] });
      people.set('contractor', { email: 'contractor@elsewhere.example', email_verified: true });
      expect((await me(await signIn('contractor'))).id).toBe(existing.id);
    });

    it('unset, any verified domain gets an account (as before the setting existed)', async () => {
      const settings = t.config.oidc!;
      const allowed = settings.allowedDomains;
      settings.allowedDomains = null;
      try {
        people.set('una', { email: 'una@anywhere.example', email_verified: true });
        expect(await me(await signIn('una'))).toMatchObject({ email: 'una@anywhere.example' });
      } finally {
        settings.allowedDomains = allowed;
      }
    });
  });

  it('never links a single sign-on to an existing admin account: 403, audited, not linked', async () => {
    const admin = await t.app.get(UsersService).create(null, { email: 'boss@example.org', name: 'Boss', isAdmin: true, memberships: [] });
    people.set('boss', { email: 'boss@example.org', email_verified: true, name: 'Boss at the IdP' });
    await expectProblem(await signIn('boss'), 403, /admin account, which single sign-on never links on its own/);
    expect(await usersWithEmail('boss@example.org')).toEqual([expect.objectContaining({ id: admin.id, oidc_subject: null })]);
    const [failed] = await t.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'auth.login_failed' AND after->>'source' = 'sso' AND after->>'reason' LIKE '%admin account%'`,
    );
    expect(failed).toBeDefined();
  });

  describe('without OIDC configured', () => {
    let plain: TestApp;
    beforeAll(async () => {
      plain = await startTestApp();
    });
    afterAll(() => plain.close());

    it('answers start with 404 problem+json', async () => {
      const res = await fetch(`http://127.0.0.1:${await listen(plain.http)}/api/v1/auth/sso/start`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/not configured/);
    });
  });
});

/** The value of cookie `name` set by the response; '' when it is cleared; null when not set. */
function cookieFrom(res: Response, name: string): string | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return null;
  const value = line.slice(name.length + 1).split(';')[0];
  return /Expires=Thu, 01 Jan 1970/i.test(line) ? '' : decodeURIComponent(value);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
