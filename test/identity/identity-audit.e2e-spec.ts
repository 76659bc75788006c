import request from 'supertest';
import { TestUnit, TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** Authentication and organisation changes leave rows in audit_events, in the same transaction. */
describe('identity audit trail', () => {
  let t: TestApp;
  let w: World;
  let school: TestUnit;
  let admin: TestUser;
  const PASSWORD = 'correct horse battery staple';

  const eventsFor = (entityId: string) =>
    t.db.query(
      `SELECT actor_id, action, entity, entity_id, before, after, ip, request_id FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    school = await w.aUnit('core');
    admin = await w.anAdmin();
  });
  afterAll(() => t.close());

  it('records sign-in, failed sign-in (known and unknown account) and sign-out', async () => {
    const user = await w.aUser([[school, 'requester']], { password: PASSWORD });
    const failed = await request(t.http)
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'req-failed-1')
      .send({ email: user.email, password: 'not the password!' })
      .expect(401);
    expect(failed.body.requestId).toBe('req-failed-1');
    await request(t.http).post('/api/v1/auth/login').send({ email: 'Unknown.Person@test.example', password: 'whatever it is' }).expect(401);
    const session = await request(t.http)
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'req-login-1')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    await request(t.http).post('/api/v1/auth/logout').set('Authorization', `Bearer ${session.body.token}`).expect(204);
    const [{ id: sessionId }] = await t.db.query('SELECT id FROM sessions WHERE user_id = $1 AND ip IS NOT NULL', [user.id]);

    expect(await eventsFor(user.id)).toEqual([
      expect.objectContaining({ action: 'user.created' }),
      expect.objectContaining({
        action: 'auth.login_failed',
        actor_id: user.id,
        entity: 'user',
        after: { email: user.email },
        ip: expect.stringContaining('127.0.0.1'),
        request_id: 'req-failed-1',
      }),
    ]);
    expect(await eventsFor(sessionId)).toEqual([
      expect.objectContaining({
        action: 'auth.login',
        actor_id: user.id,
        entity: 'session',
        request_id: 'req-login-1',
        ip: expect.stringContaining('127.0.0.1'),
      }),
      expect.objectContaining({ action: 'auth.logout', actor_id: user.id, entity: 'session' }),
    ]);
    const unknown = await t.db.query(
      `SELECT actor_id, entity_id, after FROM audit_events WHERE action = 'auth.login_failed' AND after->>'email' = $1`,
      ['unknown.person@test.example'],
    );
    expect(unknown).toEqual([{ actor_id: null, entity_id: null, after: { email: 'unknown.person@test.example' } }]);

    // A password typed into the email field is not kept in the append-only log.
    const pasted = 'my secret horse battery';
    await request(t.http).post('/api/v1/auth/login').set('X-Request-Id', 'req-pasted-1').send({ email: pasted, password: 'x' }).expect(401);
    const [kept] = await t.db.query(`SELECT after FROM audit_events WHERE action = 'auth.login_failed' AND request_id = 'req-pasted-1'`);
    expect(kept.after).toEqual({ email: null });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE after::text LIKE '%horse battery%'`);
    expect(n).toBe(0);
  });

  it('records a session ended from the session list', async () => {
    const user = await w.aUser([[school, 'requester']], { password: PASSWORD });
    const [{ id: other }] = await t.db.query('SELECT id FROM sessions WHERE user_id = $1', [user.id]);
    await w.as(user).get('/api/v1/me').expect(200);
    const session = await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    await request(t.http).delete(`/api/v1/me/sessions/${other}`).set('Authorization', `Bearer ${session.body.token}`).expect(204);
    expect(await eventsFor(other)).toEqual([expect.objectContaining({ action: 'auth.logout', actor_id: user.id, entity: 'session' })]);
  });

  it('records users created, memberships changed, and deactivation, with before and after', async () => {
    const support = await w.aUnit('support');
    const created = await w
      .as(admin)
      .post('/api/v1/users', { email: 'audited@test.example', name: 'Audited', memberships: [{ unitId: school.id, role: 'requester' }] })
      .expect(201);
    const id = created.body.id as string;
    await w
      .as(admin)
      .patch(`/api/v1/users/${id}`, {
        memberships: [
          { unitId: school.id, role: 'requester' },
          { unitId: support.id, role: 'deliverer' },
        ],
      })
      .expect(200);
    await w.as(admin).patch(`/api/v1/users/${id}`, { active: false }).expect(200);

    const events = await eventsFor(id);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['user.created', 'user.memberships_changed', 'user.updated']);
    expect(events.every((e: { actor_id: string; entity: string }) => e.actor_id === admin.id && e.entity === 'user')).toBe(true);
    expect(events[0].after).toMatchObject({ email: 'audited@test.example', memberships: [{ unitId: school.id, role: 'requester' }] });
    expect(events[1].before.memberships).toEqual([{ unitId: school.id, role: 'requester' }]);
    expect(events[1].after.memberships).toEqual(
      expect.arrayContaining([
        { unitId: school.id, role: 'requester' },
        { unitId: support.id, role: 'deliverer' },
      ]),
    );
    expect(events[1].after.memberships).toHaveLength(2);
    expect(events[2]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it('records units created', async () => {
    const res = await w.as(admin).post('/api/v1/units', { name: 'Audited School', kind: 'core', code: 'AUDS' }).expect(201);
    expect(await eventsFor(res.body.id)).toEqual([
      expect.objectContaining({
        action: 'unit.created',
        actor_id: admin.id,
        entity: 'unit',
        after: expect.objectContaining({ code: 'AUDS' }),
      }),
    ]);
  });

  it('derives a unique code for many units of the same name', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) {
      codes.push((await w.as(admin).post('/api/v1/units', { name: 'Zebra Support', kind: 'support' }).expect(201)).body.code);
    }
    expect(new Set(codes).size).toBe(40);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2,5}$/);
  });

  it('writes nothing when the change is refused', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    const user = await w.aRequester(school);
    const after = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    await w.as(user).post('/api/v1/users', { email: 'nope@test.example', name: 'Nope', memberships: [] }).expect(403);
    await w.as(admin).patch(`/api/v1/users/${user.id}`, { version: 99, active: false }).expect(409);
    const end = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
    expect(after[0].n).toBeGreaterThan(before[0].n); // the factory's user.created
    expect(end[0].n).toBe(after[0].n);
    await w.as(user).get('/api/v1/me').expect(200); // the stale deactivation did not happen
  });
});
