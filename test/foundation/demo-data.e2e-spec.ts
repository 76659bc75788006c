import request from 'supertest';
import { prepareDatabase } from '../../src/database/prepare-database';
import { DEMO_PASSWORD, demoDataState } from '../../src/database/seed/demo-data';
import { UsersService } from '../../src/identity/users.service';
import { ORDER_STATUSES } from '../../src/orders/domain/order-lifecycle';
import { startTestApp, TestApp } from '../support/test-app';

/** What `npm start` loads into a new embedded database: a municipality mid-cycle. */
describe('demo data', () => {
  let t: TestApp;
  const progress: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'always' });
    expect(await demoDataState(t.db)).toBe('none');
    const lines = await prepareDatabase(t.app, t.config, { embedded: false, log: (line) => progress.push(line) });
    expect(lines[0]).toMatch(/Demo data is loaded/);
  }, 120_000);
  afterAll(() => t.close());

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

  it('signs in with the printed password and shows managers a report with orders in it', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'maria@eastbrook.example', password: DEMO_PASSWORD })
      .expect(200);
    const report = await request(t.http)
      .get('/api/v1/reports/feedback-loop?groupBy=supportUnit')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(200);
    expect(report.body.rows.reduce((n: number, r: { orders: number }) => n + r.orders, 0)).toBeGreaterThan(10);
  });
});

describe('demo data cut short', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('says so at start instead of passing for loaded', async () => {
    // A first start stopped right after the demo's first users were made.
    await t.app.get(UsersService).create(null, { email: 'admin@eastbrook.example', name: 'Alex Admin', isAdmin: true, memberships: [] });
    expect(await demoDataState(t.db)).toBe('partial');
    const lines = await prepareDatabase(t.app, t.config, { embedded: false, log: () => undefined });
    expect(lines[0]).toMatch(/Demo data is INCOMPLETE/);
  });
});
