import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Sign-in limits over real sockets from distinct loopback addresses (Linux routes all of
 * 127.0.0.0/8 to lo), so the client address is the socket's, not a header's.
 */

const PASSWORD = 'correct horse battery staple';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

async function listening(t: TestApp): Promise<number> {
  await t.app.listen(0, '127.0.0.1');
  return (t.app.getHttpServer().address() as AddressInfo).port;
}

/** A sign-in sent from `localAddress`, optionally with extra headers. */
function signIn(
  port: number,
  localAddress: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body = JSON.stringify({ email, password });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: Date.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('sign-in limits by client address (default settings)', () => {
  let t: TestApp;
  let w: World;
  let port: number;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    port = await listening(t);
  });
  beforeEach(async () => {
    user = await w.aUser([[await w.aUnit('core'), 'requester']], { password: PASSWORD });
  });
  afterAll(() => t.close());

  it('lets the owner sign in from their address while another address has failed five times; that address gets 429', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(port, '127.0.0.2', user.email, `wrong guess number ${i}`)).status).toBe(401);

    const owner = await signIn(port, '127.0.0.3', user.email, PASSWORD);
    expect(owner.status).toBe(200);
    expect(JSON.parse(owner.body)).toMatchObject({ user: { id: user.id } });

    // The guessing address stays shut for this account, even with the right password.
    const attacker = await signIn(port, '127.0.0.2', user.email, PASSWORD);
    expect(attacker.status).toBe(429);
    expect(attacker.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(attacker.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);

    // The owner's success does not give the guessing address a fresh allowance.
    expect((await signIn(port, '127.0.0.2', user.email, 'one more wrong guess')).status).toBe(429);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM login_failures WHERE email = $1 AND ip = '127.0.0.2'`, [user.email]);
    expect(n).toBe(5);
  });

  it('slows, and never closes, an account guessed at from many addresses', async () => {
    // Two failures from each of four addresses: no address reaches its limit of five.
    for (let i = 0; i < 8; i++) {
      expect((await signIn(port, `127.0.1.${(i % 4) + 1}`, user.email, `wrong guess number ${i}`)).status).toBe(401);
    }
    // Eight failures against a threshold of five: each attempt now waits 2 s (capped at 3 s).
    const owner = await signIn(port, '127.0.0.9', user.email, PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(1900);
    expect(owner.ms).toBeLessThan(10_000);
  }, 60_000); // the failures before it wait too: 0.25 + 0.5 + 1 + 2 s

  it('slows, and never closes, an address that failed at 100 made-up accounts: a right password from there still gets in', async () => {
    // 100 failures from one address (everyone behind a NAT, or an untrusted proxy) at accounts that do not exist.
    await t.db.query(
      `INSERT INTO login_failures (email, ip) SELECT 'nobody-' || n || '@made-up.example', '127.0.0.20' FROM generate_series(1, 100) n`,
    );
    const guess = await signIn(port, '127.0.0.20', 'nobody-101@made-up.example', 'wrong guess');
    expect(guess.status).toBe(401);
    expect(guess.ms).toBeGreaterThanOrEqual(200);

    // The owner of an account that has not failed from there signs in, after the address's slow-down.
    const owner = await signIn(port, '127.0.0.20', user.email, PASSWORD);
    expect(owner.status).toBe(200);
    expect(JSON.parse(owner.body)).toMatchObject({ user: { id: user.id } });
    expect(owner.ms).toBeGreaterThanOrEqual(400); // 102 failures against 100: 0.5 s
    expect(owner.ms).toBeLessThan(10_000);
    // Another address is not slowed by it.
    const elsewhere = await signIn(port, '127.0.0.21', user.email, PASSWORD);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.ms).toBeLessThan(guess.ms);
  }, 30_000);

  it('past the per-address limit takes attempts from that address one after another: a parallel burst is not all checked at once', async () => {
    // 110 failures against 100: each attempt from there waits the longest slow-down, 3 s.
    await t.db.query(
      `INSERT INTO login_failures (email, ip) SELECT 'burst-' || n || '@made-up.example', '127.0.0.30' FROM generate_series(1, 110) n`,
    );
    // Sleeping in parallel would let any number of password checks through every 3 s.
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(port, '127.0.0.30', `burst-x${i}@made-up.example`, 'wrong guess')),
    );
    const checked = answers.filter((a) => a.status === 401);
    const refused = answers.filter((a) => a.status === 429);
    expect(checked.length + refused.length).toBe(answers.length);
    expect(checked.length).toBeGreaterThanOrEqual(1);
    expect(checked.length).toBeLessThanOrEqual(4);
    for (const r of refused) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(15);
    }
    // The checked ones came one slow-down apart.
    const times = checked.map((a) => a.ms).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(2500);
    // What was refused was not recorded either: the table does not grow with the burst.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM login_failures WHERE ip = '127.0.0.30'`);
    expect(n).toBe(110 + checked.length);
  }, 60_000);

  it('takes the client address from X-Forwarded-For only when the request comes through a trusted proxy', async () => {
    // 127.0.0.2 is loopback and so a trusted proxy by default: its header names the client.
    for (let i = 0; i < 5; i++) {
      const res = await signIn(port, '127.0.0.2', user.email, `wrong guess number ${i}`, { 'X-Forwarded-For': '198.51.100.1' });
      expect(res.status).toBe(401);
    }
    expect((await signIn(port, '127.0.0.2', user.email, PASSWORD, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(429);
    expect((await signIn(port, '127.0.0.2', user.email, PASSWORD, { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('false: the socket address counts, whatever X-Forwarded-For says', async () => {
    const t = await startTestApp({ TRUST_PROXY: 'false', LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    try {
      const w = new World(t);
      const user = await w.aUser([[await w.aUnit('core'), 'requester']], { password: PASSWORD });
      const port = await listening(t);
      for (let i = 0; i < 2; i++) {
        expect((await signIn(port, '127.0.0.4', user.email, `wrong guess ${i}`, { 'X-Forwarded-For': `198.51.100.${i}` })).status).toBe(
          401,
        );
      }
      expect((await signIn(port, '127.0.0.4', user.email, PASSWORD, { 'X-Forwarded-For': '198.51.100.77' })).status).toBe(429);
      expect((await signIn(port, '127.0.0.5', user.email, PASSWORD)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('warns once when X-Forwarded-For arrives from a peer it does not name, and never for a trusted one', async () => {
    const lines: Array<{ level: number; msg: string; peer?: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const t = await startTestApp({ TRUST_PROXY: '127.0.0.6/32' }, logger);
    try {
      const port = await listening(t);
      const forwarded = { 'X-Forwarded-For': '198.51.100.5' };
      await signIn(port, '127.0.0.6', 'someone@test.example', 'wrong guess', forwarded);
      await signIn(port, '127.0.0.8', 'someone@test.example', 'wrong guess'); // no header: nothing to say
      expect(lines.filter((l) => /X-Forwarded-For/.test(l.msg))).toEqual([]);
      for (let i = 0; i < 3; i++) await signIn(port, '127.0.0.7', 'someone@test.example', 'wrong guess', forwarded);
      const warnings = lines.filter((l) => /X-Forwarded-For/.test(l.msg));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 40, peer: '127.0.0.7' });
      expect(warnings[0].msg).toContain('TRUST_PROXY');
    } finally {
      await t.close();
    }
  });

  it('a list of ranges: only peers in them are believed', async () => {
    const t = await startTestApp({ TRUST_PROXY: '127.0.0.6/32', LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    try {
      const w = new World(t);
      const user = await w.aUser([[await w.aUnit('core'), 'requester']], { password: PASSWORD });
      const port = await listening(t);
      // From the trusted proxy, the header names distinct clients: nobody reaches the limit.
      for (let i = 0; i < 3; i++) {
        expect((await signIn(port, '127.0.0.6', user.email, `wrong guess ${i}`, { 'X-Forwarded-For': `198.51.100.${i}` })).status).toBe(
          401,
        );
      }
      // From any other peer, the header is ignored.
      for (let i = 0; i < 2; i++) {
        expect((await signIn(port, '127.0.0.7', user.email, `wrong guess ${i}`, { 'X-Forwarded-For': `198.51.100.${i}` })).status).toBe(
          401,
        );
      }
      expect((await signIn(port, '127.0.0.7', user.email, PASSWORD, { 'X-Forwarded-For': '198.51.100.99' })).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
