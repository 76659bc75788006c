import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { EventDispatch } from '../../src/notifications/event-dispatch';
import { aFullCycle, Cycle, signIn } from '../factories/cycle';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64, 9)]);

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

/** The entries of a zip, by name, read from its central directory (stored or deflated). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return entries;
}

/** What the notify job does after the commit, run here directly for every stored event. */
async function notifyAll(t: TestApp): Promise<void> {
  const events: { id: string }[] = await t.db.query('SELECT id FROM outbox_events ORDER BY occurred_at, id');
  for (const e of events) await t.app.get(EventDispatch).dispatchStored(e.id);
}

/** Every row of every table in the public schema, as text, that holds `needle`. */
async function rowsHolding(t: TestApp, needle: string): Promise<string[]> {
  const tables: Array<{ table_name: string }> = await t.db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const found: string[] = [];
  for (const { table_name } of tables) {
    const rows: Array<{ row: string }> = await t.db.query(
      `SELECT x::text AS row FROM "${table_name}" x WHERE strpos(lower(x::text), lower($1)) > 0`,
      [needle],
    );
    found.push(...rows.map((r) => `${table_name}: ${r.row.slice(0, 300)}`));
  }
  return found;
}

/** Every file under `dir` whose bytes hold `needle`. */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if (!(await stat(path)).isFile()) continue;
    if ((await readFile(path)).includes(Buffer.from(needle))) found.push(path);
  }
  return found;
}

describe('privacy: export a person, erase a person (issue 27)', () => {
  let t: TestApp;
  let w: World;
  let c: Cycle;
  let dataDir: string;
  let annaName: string;
  let carlaName: string;
  let fileId: string;
  const ssoSubject = `anna-sso-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'privacy-e2e-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    w = new World(t);
    c = await aFullCycle(w);
    annaName = `Annika Privacy-${randomBytes(3).toString('hex')}`;
    carlaName = `Carla Other-${randomBytes(3).toString('hex')}`;
    await w.as(c.admin).patch(`/api/v1/users/${c.anna.id}`, { name: annaName }).expect(200);
    await w.as(c.admin).patch(`/api/v1/users/${c.carla.id}`, { name: carlaName }).expect(200);
    await w.as(c.admin).post(`/api/v1/users/${c.anna.id}/sso-link`, { issuer: 'https://idp.test', subject: ssoSubject }).expect(200);
    // Anna uploads a file to the order she answered a question on; she sets her preferences.
    const asked = c.orderIds[2];
    const upload = await request(t.http)
      .post(`/api/v1/orders/${asked}/attachments`)
      .set('Authorization', `Bearer ${c.anna.token}`)
      .attach('file', PNG, 'venue-map.png')
      .expect(201);
    fileId = upload.body.items[0].id;
    await w
      .as(c.anna)
      .put('/api/v1/me/notification-preferences', { email: true, digest: 'off', events: { 'order.accepted': false } })
      .expect(200);
    await notifyAll(t);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('export', () => {
    it('holds everything the person did, and nothing of anybody else', async () => {
      const res = await w.as(c.anna).get('/api/v1/me/export').expect(200);
      const data = res.body;
      expect(data.userId).toBe(c.anna.id);
      expect(data.profile).toMatchObject({
        id: c.anna.id,
        email: c.anna.email,
        name: annaName,
        ssoIdentity: `https://idp.test|${ssoSubject}`,
      });
      expect(data.memberships).toEqual([expect.objectContaining({ unitId: c.school.id, role: 'requester' })]);
      expect(data.sessions.length).toBeGreaterThanOrEqual(1);
      expect(data.ordersPlaced.map((o: { id: string }) => o.id).sort()).toEqual([...c.orderIds].sort());
      expect(data.messagesWritten.map((m: { body: string }) => m.body)).toEqual(['A3.']);
      expect(data.changeRequests).toEqual([expect.objectContaining({ role: 'proposed', reason: 'Twice as many.' })]);
      expect(data.feedbackWritten).toEqual([expect.objectContaining({ satisfaction: 4, purposeAchieved: 'partly' })]);
      expect(data.recommendationDecisions).toEqual([expect.objectContaining({ status: 'adopted' })]);
      expect(data.orderActions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['submit', 'cancel']));
      expect(data.filesUploaded).toEqual([expect.objectContaining({ id: fileId, name: 'venue-map.png', size: PNG.length })]);
      expect(data.notifications.length).toBeGreaterThan(0);
      expect(data.notificationPreferences).toMatchObject({ digest: 'off', events: { 'order.accepted': false } });
      expect(data.mailsSentToYou.length).toBeGreaterThan(0);
      expect(data.mailsSentToYou.every((m: { recipient: string }) => m.recipient === c.anna.email)).toBe(true);
      expect(data.auditEventsAboutYou.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['user.created', 'user.updated']),
      );
      expect(data.auditEventsByYou.length).toBeGreaterThan(0);
      expect(data.retrospectivesWritten).toEqual([]);

      const text = JSON.stringify(data);
      for (const other of [c.carla.email, carlaName, c.carla.id, c.admin.email, c.admin.id]) expect(text).not.toContain(other);
    });

    it("gives the deliverer's export her retrospective and nothing of the requester", async () => {
      const data = (await w.as(c.carla).get('/api/v1/me/export').expect(200)).body;
      expect(data.retrospectivesWritten).toEqual([expect.objectContaining({ outcome: 'Delivered on time; 60 of 400 were taken home.' })]);
      expect(data.messagesWritten.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['advice', 'question']));
      const text = JSON.stringify(data);
      for (const other of [c.anna.email, annaName, c.anna.id]) expect(text).not.toContain(other);
    });

    it('answers an admin with the same export, and nobody else', async () => {
      const own = (await w.as(c.anna).get('/api/v1/me/export').expect(200)).body;
      const admins = (await w.as(c.admin).get(`/api/v1/users/${c.anna.id}/export`).expect(200)).body;
      expect({ ...admins, exportedAt: null, sessions: null, auditEventsAboutYou: null }).toEqual({
        ...own,
        exportedAt: null,
        sessions: null,
        auditEventsAboutYou: null,
      });
      await w.as(c.carla).get(`/api/v1/users/${c.anna.id}/export`).expect(403);
      await w.as(null).get('/api/v1/me/export').expect(401);
      await w.as(c.admin).get(`/api/v1/users/00000000-0000-4000-8000-000000000000/export`).expect(404);
    });

    it('zips the export with the files the person uploaded', async () => {
      const res = await request(t.http)
        .get('/api/v1/me/export.zip')
        .set('Authorization', `Bearer ${c.anna.token}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      const zip = res.body as Buffer;
      expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      expect(zip.includes(Buffer.from('export.json'))).toBe(true);
      expect(zip.includes(Buffer.from(`files/${fileId}-venue-map.png`))).toBe(true);
      expect(zip.includes(PNG)).toBe(true);
      const entries = unzip(zip);
      expect([...entries.keys()]).toEqual(['export.json', `files/${fileId}-venue-map.png`]);
      expect(JSON.parse(entries.get('export.json')!.toString())).toMatchObject({ userId: c.anna.id, profile: { email: c.anna.email } });
      expect(entries.get(`files/${fileId}-venue-map.png`)).toEqual(PNG);
      const admins = await request(t.http)
        .get(`/api/v1/users/${c.anna.id}/export.zip`)
        .set('Authorization', `Bearer ${c.admin.token}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((admins.body as Buffer).includes(PNG)).toBe(true);
      await request(t.http).get(`/api/v1/users/${c.anna.id}/export.zip`).set('Authorization', `Bearer ${c.carla.token}`).expect(403);
    });
  });

  describe('erasure', () => {
    it('refuses a missing reason, a caller who is not an admin and an unknown person', async () => {
      const res = await w.as(c.admin).post(`/api/v1/users/${c.anna.id}/erase`, {}).expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/reason');
      expect(res.body.errors.every((e: { pointer: string }) => e.pointer === '/reason')).toBe(true);
      await w.as(c.carla).post(`/api/v1/users/${c.anna.id}/erase`, { reason: 'Asked for it.' }).expect(403);
      await w.as(c.admin).post(`/api/v1/users/00000000-0000-4000-8000-000000000000/erase`, { reason: 'Asked for it.' }).expect(404);
    });

    it('says so when erasing would leave a unit without its only manager, and changes nothing', async () => {
      const unit = await w.aUnit('core');
      const boss = await w.aManager(unit);
      const res = await w.as(c.admin).post(`/api/v1/users/${boss.id}/erase`, { reason: 'Left the organisation.' }).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/id', code: 'onlyManager', params: { unit: unit.name } })]);
      await w.as(boss).get('/api/v1/me').expect(200);
      // With a second manager the first may go.
      const second = await w.aManager(unit);
      await w.as(c.admin).post(`/api/v1/users/${boss.id}/erase`, { reason: 'Left the organisation.' }).expect(200);
      await w.as(second).get('/api/v1/me').expect(200);
    });

    it('erases the person everywhere, keeps the records as "Former user", and leaves the figures as they were', async () => {
      const report = async () => (await w.as(c.admin).get('/api/v1/reports/feedback-loop?groupBy=service').expect(200)).body;
      const before = await report();
      const orderBefore = (await w.as(c.carla).get(`/api/v1/orders/${c.orderIds[0]}`).expect(200)).body;

      const res = await w
        .as(c.admin)
        .post(`/api/v1/users/${c.anna.id}/erase`, { reason: `${annaName} asked to be erased (${c.anna.email}).` })
        .expect(200);
      expect(res.body).toEqual({ id: c.anna.id, name: 'Former user', erasedAt: expect.any(String) });

      // A token she had no longer works.
      await w.as(c.anna).get('/api/v1/me').expect(401);

      // Not a row of any table, nor a stored file, holds her name or address.
      expect(await rowsHolding(t, annaName)).toEqual([]);
      expect(await rowsHolding(t, c.anna.email)).toEqual([]);
      expect(await rowsHolding(t, ssoSubject)).toEqual([]);
      expect(await filesHolding(dataDir, annaName)).toEqual([]);
      expect(await filesHolding(dataDir, c.anna.email)).toEqual([]);
      // Her id stays only as the pseudonymous reference of the kept records.
      const [user] = await t.db.query('SELECT name, email, active, password_hash, oidc_subject, erased_at FROM users WHERE id = $1', [
        c.anna.id,
      ]);
      expect(user).toEqual({
        name: 'Former user',
        email: `erased-${c.anna.id}@erased.invalid`,
        active: false,
        password_hash: null,
        oidc_subject: null,
        erased_at: expect.any(Date),
      });
      for (const table of ['sessions', 'notifications', 'notification_preferences', 'memberships']) {
        expect(await t.db.query(`SELECT 1 FROM ${table} WHERE user_id = $1`, [c.anna.id])).toEqual([]);
      }
      expect(await t.db.query('SELECT 1 FROM outbound_mails WHERE user_id = $1', [c.anna.id])).toEqual([]);

      // The orders, messages and feedback stay, with their content.
      const orderAfter = (await w.as(c.carla).get(`/api/v1/orders/${c.orderIds[0]}`).expect(200)).body;
      expect(orderAfter.messages).toEqual(orderBefore.messages);
      expect(orderAfter.feedback).toEqual(orderBefore.feedback);
      expect(orderAfter.requesterId).toBe(c.anna.id);
      const users = (await w.as(c.admin).get('/api/v1/users').expect(200)).body.items;
      expect(users.find((u: { id: string }) => u.id === c.anna.id)).toMatchObject({ name: 'Former user', active: false });

      // The figures are unchanged.
      expect(await report()).toEqual(before);

      // Audited, without her name or address again.
      const [audit] = await t.db.query(`SELECT actor_id, after FROM audit_events WHERE action = 'user.erased' AND entity_id = $1`, [
        c.anna.id,
      ]);
      expect(audit).toEqual({ actor_id: c.admin.id, after: { reason: 'Former user asked to be erased (Former user).' } });

      // She cannot sign in (the attempt is recorded as anyone's failed sign-in is).
      await signIn(t.http, c.anna.email).expect(401);

      // Once, and for good: the account can no longer change.
      await w.as(c.admin).patch(`/api/v1/users/${c.anna.id}`, { active: true }).expect(409);
      await w.as(c.admin).post(`/api/v1/users/${c.anna.id}/sso-link`, { issuer: 'https://idp.test', subject: ssoSubject }).expect(409);
      await w.as(c.admin).post(`/api/v1/users/${c.anna.id}/erase`, { reason: 'Again.' }).expect(409);
      const exported = (await w.as(c.admin).get(`/api/v1/users/${c.anna.id}/export`).expect(200)).body;
      expect(exported.profile).toMatchObject({ name: 'Former user', active: false, ssoIdentity: null });
    });

    it('erases a person once when two admins erase them at the same time', async () => {
      const person = await w.aRequester(c.school);
      const statuses = await Promise.all(
        [1, 2].map(async () => (await w.as(c.admin).post(`/api/v1/users/${person.id}/erase`, { reason: 'Asked twice.' })).status),
      );
      expect(statuses.sort()).toEqual([200, 409]);
      expect(
        await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.erased' AND entity_id = $1`, [person.id]),
      ).toEqual([{ n: 1 }]);
    });

    it('refuses to erase the last administrator', async () => {
      const last = await w.anAdmin();
      const others: Array<{ id: string }> = await t.db.query('SELECT id FROM users WHERE is_admin AND active AND id <> $1', [last.id]);
      for (const other of others) await w.as(last).patch(`/api/v1/users/${other.id}`, { isAdmin: false }).expect(200);
      const res = await w.as(last).post(`/api/v1/users/${last.id}/erase`, { reason: 'Leaving.' }).expect(409);
      expect(res.body.errors).toEqual([expect.objectContaining({ code: 'lastAdmin' })]);
    });
  });
});
