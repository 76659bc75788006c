import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { SessionPurge } from '../../src/identity/session-purge';
import { startTestApp, TestApp } from '../support/test-app';
import { cloneTemplate } from '../support/test-database';

/** Ended sessions and old failed sign-ins are deleted at start and on a timer, by one instance at a time. */

const ENV = { SESSION_IDLE_MINUTES: '30', LOGIN_FAILURE_WINDOW_MINUTES: '15' };

/** A user with one session of each kind and failed sign-ins old and new; returns what should stay. */
async function plantRows(db: DataSource): Promise<{ live: string; fresh: string }> {
  const [user] = await db.query(`INSERT INTO users (email, name) VALUES ($1, 'Purge Test') RETURNING id`, [
    `purge-${randomBytes(4).toString('hex')}@test.example`,
  ]);
  const session = async (lastSeen: string, expires: string, revoked: string | null): Promise<string> => {
    const [row] = await db.query(
      `INSERT INTO sessions (user_id, kind, token_hash, csrf_hash, last_seen_at, expires_at, revoked_at)
       VALUES ($1, 'password', $2, $3, now() - $4::interval, now() + $5::interval, now() - $6::interval) RETURNING id`,
      [user.id, randomBytes(32).toString('hex'), randomBytes(32).toString('hex'), lastSeen, expires, revoked],
    );
    return row.id;
  };
  const live = await session('5 minutes', '2 hours', null);
  await session('5 minutes', '-1 minute', null); // past its absolute lifetime
  await session('5 minutes', '2 hours', '1 minute'); // signed out
  await session('31 minutes', '2 hours', null); // idle too long
  await db.query(`INSERT INTO login_failures (email, ip, at) VALUES ('old@test.example', '192.0.2.1', now() - interval '16 minutes')`);
  const [fresh] = await db.query(
    `INSERT INTO login_failures (email, ip, at) VALUES ('new@test.example', '192.0.2.1', now() - interval '14 minutes') RETURNING id`,
  );
  return { live, fresh: String(fresh.id) };
}

async function remaining(db: DataSource) {
  const sessions = await db.query('SELECT id FROM sessions ORDER BY id');
  const failures = await db.query('SELECT id::text FROM login_failures ORDER BY id');
  return { sessions: sessions.map((r: { id: string }) => r.id), failures: failures.map((r: { id: string }) => r.id) };
}

describe('purging ended sessions and old failed sign-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ENV);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query('DELETE FROM sessions');
    await t.db.query('DELETE FROM login_failures');
  });

  it('deletes revoked, expired and idle sessions and failures older than the window; keeps the rest', async () => {
    const kept = await plantRows(t.db);
    expect(await t.app.get(SessionPurge).purge()).toEqual({ sessions: 3, loginFailures: 1 });
    expect(await remaining(t.db)).toEqual({ sessions: [kept.live], failures: [kept.fresh] });
  });

  it('leaves the work to the instance that holds the lock', async () => {
    await plantRows(t.db);
    const other = new Client({ connectionString: (t.db.options as { url: string }).url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(7310001)');
      expect(await t.app.get(SessionPurge).purge()).toBeNull();
      expect((await remaining(t.db)).sessions).toHaveLength(4);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    expect(await t.app.get(SessionPurge).purge()).toEqual({ sessions: 3, loginFailures: 1 });
  });
});

describe('purging at start', () => {
  it('runs once when the application starts', async () => {
    const database = await cloneTemplate();
    const app = await createApp(
      loadConfig({ NODE_ENV: 'test', MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent', ...ENV }),
      database.url,
      pino({ level: 'silent' }),
    );
    try {
      const db = app.get(DataSource);
      const kept = await plantRows(db);
      await app.init();
      expect(await remaining(db)).toEqual({ sessions: [kept.live], failures: [kept.fresh] });
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
