import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { prepareDatabase } from '../../src/prepare-database';
import { demoDataState } from '../../src/seed/demo-data';
import { UsersService } from '../../src/identity/users.service';
import { ORDER_STATUSES } from '../../src/orders/domain/order-lifecycle';
import { startTestApp, TestApp } from '../support/test-app';

/** What `npm start` loads into a new embedded database: a municipality mid-cycle. */
describe('demo data', () => {
  let t: TestApp;
  let dataDir: string;
  let printed: string[];
  const progress: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-'));
    t = await startTestApp({ SEED_DEMO: 'always', DATA_DIR: dataDir });
    expect(await demoDataState(t.db)).toBe('none');
    printed = await prepareDatabase(t.app, t.config, { embedded: false, log: (line) => progress.push(line) });
    expect(printed[0]).toMatch(/Demo data is loaded/);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function password(): string {
    return readFileSync(join(dataDir, 'demo-password'), 'utf8').trim();
  }

  it('reports its progress and marks itself complete', async () => {
    expect(progress[0]).toBe('demo data: units');
    expect(progress.at(-1)).toMatch(/^demo data loaded in \d+\.\d s$/);
    expect(await demoDataState(t.db)).toBe('complete');
  });

  it('has core and support units, and users for every role', async () => {
    const units: Array<{ name: string; kind: string }> = await t.db.query('SELECT name, kind FROM units');
    expect(units).toEqual(
      expect.arrayContaining([
        { name: 'Eastbrook Primary School', kind: 'core' },
        { name: 'Elderly Care', kind: 'core' },
        { name: 'Social Services', kind: 'core' },
        { name: 'Communications', kind: 'support' },
        { name: 'IT Services', kind: 'support' },
        { name: 'Human Resources', kind: 'support' },
      ]),
    );
    const roles: Array<{ role: string }> = await t.db.query('SELECT DISTINCT role FROM memberships ORDER BY role');
    expect(roles.map((r) => r.role)).toEqual(['deliverer', 'manager', 'requester']);
    const [{ admins }] = await t.db.query('SELECT count(*)::int AS admins FROM users WHERE is_admin');
    expect(admins).toBeGreaterThan(0);
  });

  it('offers services with published questionnaires that explain why they ask', async () => {
    const services: Array<{ name: string; questions: Array<{ help?: string }> }> = await t.db.query(
      `SELECT s.name, q.questions FROM services s JOIN questionnaires q ON q.service_id = s.id AND q.status = 'published'`,
    );
    expect(services.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'News article on the intranet',
        'Printed flyer or poster',
        'Event support',
        'New laptop',
        'Access rights to a system',
        'Recruitment advertisement',
      ]),
    );
    for (const s of services) {
      expect(s.questions.length).toBeGreaterThanOrEqual(3);
      expect(s.questions.filter((q) => q.help).length).toBeGreaterThan(0);
    }
  });

  it('has orders in every status, some overdue, and the loop closed at least once', async () => {
    const statuses: Array<{ status: string }> = await t.db.query('SELECT DISTINCT status FROM orders');
    expect(statuses.map((s) => s.status).sort()).toEqual([...ORDER_STATUSES].sort());
    const [{ overdue }] = await t.db.query(
      `SELECT count(*)::int AS overdue FROM orders WHERE due_date < current_date AND status IN ('confirmed', 'in_progress')`,
    );
    expect(overdue).toBeGreaterThan(0);
    const [{ adopted }] = await t.db.query(`SELECT count(*)::int AS adopted FROM recommendations WHERE status = 'adopted'`);
    expect(adopted).toBeGreaterThan(0);
  });

  it('has ideas, one answered, and a customer panel with an open survey', async () => {
    const ideas: Array<{ status: string; supporters: number }> = await t.db.query(
      `SELECT status, (SELECT count(*)::int FROM idea_supports s WHERE s.idea_id = i.id) AS supporters FROM ideas i ORDER BY created_at`,
    );
    expect(ideas).toEqual([
      { status: 'planned', supporters: 2 },
      { status: 'open', supporters: 1 },
    ]);
    const [{ open }] = await t.db.query(`SELECT count(*)::int AS open FROM surveys WHERE closes_at > now() AND invited = 3`);
    expect(open).toBe(1);
  });

  it('has a password generated at the first start, kept in DATA_DIR readable by its owner only, and printed', () => {
    expect(password()).toMatch(/^[\w-]{20}$/);
    expect(password()).not.toBe('demo-password-2026');
    expect((statSync(join(dataDir, 'demo-password')).mode & 0o777).toString(8)).toBe('600');
    expect(printed[0]).toContain(`password: ${password()}`);
  });

  it('signs in with the printed password and shows managers a report with orders in it', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'maria@eastbrook.example', password: password() })
      .expect(200);
    const report = await request(t.http)
      .get('/api/v1/reports/feedback-loop?groupBy=supportUnit')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(200);
    expect(report.body.rows.reduce((n: number, r: { orders: number }) => n + r.orders, 0)).toBeGreaterThan(10);
  });

  it('leaves the demo password alone on a start that shares the database and lacks the file', async () => {
    // Another instance over the same DATABASE_URL, with a DATA_DIR of its own: it must not
    // reset the demo users' password (and sign them out) under the instance that made it.
    const before = password();
    const elsewhere = mkdtempSync(join(tmpdir(), 'demo-elsewhere-'));
    try {
      const lines = await prepareDatabase(t.app, { ...t.config, dataDir: elsewhere }, { embedded: false, log: () => undefined });
      expect(lines[0]).toMatch(/demo-password file of the DATA_DIR that loaded it/);
      expect(existsSync(join(elsewhere, 'demo-password'))).toBe(false);
      await request(t.http).post('/api/v1/auth/login').send({ email: 'anna@eastbrook.example', password: before }).expect(200);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('gives the demo users a new password when its file is gone (an older version had a published one)', async () => {
    const before = password();
    rmSync(join(dataDir, 'demo-password'));
    const lines = await prepareDatabase(t.app, t.config, { embedded: true, log: () => undefined });
    expect(password()).not.toBe(before);
    expect(lines[0]).toContain(`password: ${password()}`);
    await request(t.http).post('/api/v1/auth/login').send({ email: 'anna@eastbrook.example', password: before }).expect(401);
    await request(t.http).post('/api/v1/auth/login').send({ email: 'anna@eastbrook.example', password: password() }).expect(200);
  });
});

describe('demo data cut short', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-'));
    t = await startTestApp({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so at start instead of passing for loaded', async () => {
    // A first start stopped right after the demo's first users were made.
    await t.app.get(UsersService).create(null, { email: 'admin@eastbrook.example', name: 'Alex Admin', isAdmin: true, memberships: [] });
    expect(await demoDataState(t.db)).toBe('partial');
    const lines = await prepareDatabase(t.app, t.config, { embedded: false, log: () => undefined });
    expect(lines[0]).toMatch(/Demo data is INCOMPLETE/);
  });
});

describe('demo data and production', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-'));
    t = await startTestApp({ NODE_ENV: 'production', DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not loaded into an embedded database in production unless SEED_DEMO=always', async () => {
    expect(t.config.seedDemo).toBe('auto');
    const lines = await prepareDatabase(t.app, t.config, { embedded: true, log: () => undefined });
    expect(lines).toEqual([]);
    expect(await demoDataState(t.db)).toBe('none');
    const [{ users }] = await t.db.query('SELECT count(*)::int AS users FROM users');
    expect(users).toBe(0);
  });
});
