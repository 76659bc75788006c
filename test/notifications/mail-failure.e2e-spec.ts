import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { EventDispatch, MAIL_ATTEMPTS } from '../../src/notifications/event-dispatch';
import { JobQueue } from '../../src/notifications/job-queue';
import { MailQueue } from '../../src/notifications/mail-queue';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function queueOne(t: TestApp, subject: string): Promise<string> {
  await t.db.transaction((m) =>
    t.app.get(EventDispatch).queueMail(m, { eventId: null, userId: null, to: 'x@test.example', subject, text: 't', html: 'h' }),
  );
  const [{ id }] = await t.db.query(`SELECT id FROM outbound_mails WHERE subject = $1`, [subject]);
  return id;
}

const rowOf = async (t: TestApp, id: string) =>
  (await t.db.query(`SELECT status, error, attempts, next_attempt_at > now() AS later FROM outbound_mails WHERE id = $1`, [id]))[0];

describe('a mail the SMTP server refuses', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(_address, _session, done) {
        done(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, WORKERS: 'false' });
    await t.app.get(JobQueue).start(); // to enqueue the mail's job; no worker takes it, the test sends
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('is tried again later while attempts are left, and marked failed with the last error on the last one; the transport stays up', async () => {
    const id = await queueOne(t, 'Refused');
    const queue = t.app.get(MailQueue);
    await queue.sendNow(id);
    expect(await rowOf(t, id)).toMatchObject({ status: 'pending', attempts: 1, later: true, error: expect.stringMatching(/550/) });
    await queue.sendNow(id); // not due yet: nothing happens
    expect(await rowOf(t, id)).toMatchObject({ attempts: 1 });

    const w = new World(t);
    const admin = w.as(await w.anAdmin());
    const waiting = (await admin.get('/api/v1/admin/mails?status=pending').expect(200)).body;
    expect(waiting.items.find((m: { id: string }) => m.id === id)).toMatchObject({ waiting: 'retry_scheduled', attempts: 1 });
    expect(waiting.transport).toMatchObject({ state: 'closed', consecutiveFailures: 0 });

    await t.db.query(`UPDATE outbound_mails SET attempts = $2, next_attempt_at = now() WHERE id = $1`, [id, MAIL_ATTEMPTS - 1]);
    await queue.sendNow(id);
    expect(await rowOf(t, id)).toMatchObject({ status: 'failed', attempts: MAIL_ATTEMPTS, error: expect.stringMatching(/550/) });
    const res = (await admin.get('/api/v1/admin/mails?limit=50').expect(200)).body;
    expect(res.items.find((m: { id: string }) => m.id === id)).toMatchObject({ status: 'failed', waiting: null, nextAttemptAt: null });
    expect(await t.db.query(`SELECT 1 FROM delivery_breakers WHERE state = 'open'`)).toHaveLength(0);
  });
});

describe('a mail server nobody answers at', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
      WORKERS: 'false',
      DELIVERY_BREAKER_FAILURES: '2',
      DELIVERY_BREAKER_PROBE_MS: '60000',
    });
    await t.app.get(JobQueue).start();
  });
  afterAll(() => t.close());

  it('keeps the mail waiting, its place kept, and opens the breaker after the failed connections in a row', async () => {
    const id = await queueOne(t, 'Unreachable');
    const queue = t.app.get(MailQueue);
    await queue.sendNow(id);
    expect(await rowOf(t, id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      later: false,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    await queue.sendNow(id);
    expect(await rowOf(t, id)).toMatchObject({ status: 'pending', attempts: 2 });
    // open now: no more connections, the mail's attempts stay as they were
    await queue.sendNow(id);
    await queue.drain();
    expect(await rowOf(t, id)).toMatchObject({ status: 'pending', attempts: 2 });

    const w = new World(t);
    const body = (
      await w
        .as(await w.anAdmin())
        .get('/api/v1/admin/mails?status=pending')
        .expect(200)
    ).body;
    expect(body.waitingCount).toBe(1);
    expect(body.items).toEqual([expect.objectContaining({ id, waiting: 'transport_unreachable', status: 'pending' })]);
    expect(body.transport).toMatchObject({ state: 'open', consecutiveFailures: 2, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(new Date(body.transport.nextProbeAt).getTime()).toBeGreaterThan(Date.now() + 50_000);
  });
});
