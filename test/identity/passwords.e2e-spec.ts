import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { prepareDatabase } from '../../src/prepare-database';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** Passwords that are easy to guess are refused wherever a password is set, with advice. */
describe('password strength', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    admin = await w.anAdmin();
  });
  afterAll(() => t.close());

  it('refuses a common password on create, naming /password and saying why and what helps', async () => {
    const res = await w
      .as(admin)
      .post('/api/v1/users', { email: 'weak@test.example', name: 'Weak', password: 'password1234', memberships: [] })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/^The password is too easy to guess\. /);
    expect(res.body.errors).toEqual([
      { pointer: '/password', code: 'weakPassword', detail: expect.stringMatching(/commonly used password.*Add more words/) },
    ]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = 'weak@test.example'`);
    expect(n).toBe(0);
  });

  it('refuses a password built from the account’s own name or email', async () => {
    const res = await w
      .as(admin)
      .post('/api/v1/users', {
        email: 'helena.virtanen@test.example',
        name: 'Helena Virtanen',
        password: 'HelenaVirtanen',
        memberships: [],
      })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/password' })]);
  });

  it('refuses a weak new password on update and keeps the old one and the sessions', async () => {
    const password = 'glimmer orchard vapor 71';
    const user = await w.aUser([], { password });
    const res = await w.as(admin).patch(`/api/v1/users/${user.id}`, { password: 'qwertyuiop123' }).expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/password', detail: expect.stringMatching(/too easy to guess/) }),
    ]);
    await request(t.http).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password }).expect(200);
  });

  it('takes a long passphrase of uncommon words', async () => {
    await w
      .as(admin)
      .post('/api/v1/users', { email: 'strong@test.example', name: 'Strong', password: 'lantern quietly marmalade 42', memberships: [] })
      .expect(201);
    await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'strong@test.example', password: 'lantern quietly marmalade 42' })
      .expect(200);
  });

  it('creates a bootstrap admin with a weak ADMIN_PASSWORD outside production, with a warning that says why', async () => {
    const config = loadConfig({ NODE_ENV: 'development', ADMIN_EMAIL: 'boot@test.example', ADMIN_PASSWORD: 'password1234' });
    const lines: string[] = [];
    await t.db.query('UPDATE users SET is_admin = false'); // bootstrap only happens when no admin exists
    try {
      await prepareDatabase(t.app, config, { embedded: false, log: (line) => lines.push(line) });
    } finally {
      await t.db.query('UPDATE users SET is_admin = true WHERE id = $1', [admin.id]);
    }
    expect(lines).toContain('created the admin boot@test.example');
    expect(lines.find((l) => l.startsWith('warning: ADMIN_PASSWORD'))).toMatch(/too easy to guess.*commonly used password/);
    expect(lines.join('\n')).not.toContain('password1234');
  });
});
