import { createServer as createHttpServer, IncomingMessage, Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { freePort } from '../../src/common/free-port';
import { EventPublisher } from '../../src/events/event-publisher';
import type { OrderEventMap } from '../../src/events/order-events';
import { EventDispatch } from '../../src/notifications/event-dispatch';
import { aScenario, aSubmittedOrder } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 28: the mail server (and a webhook receiver) goes away for a while and comes back, with
 * real sockets on one port: first a listener that counts each connection and drops it at once,
 * then the real server on the same port. Short breaker pauses keep it fast.
 */
const BREAKER = { DELIVERY_BREAKER_FAILURES: '3', DELIVERY_BREAKER_PROBE_MS: '500', DELIVERY_BREAKER_MAX_PROBE_MS: '1000' };
const OUTAGE_MS = 5000;

interface LogLine {
  level: number;
  msg: string;
  channel?: string;
  time: number;
}

/** Stands in for a server that is down: every connection is counted and dropped. */
async function deadPort(port: number): Promise<{ connections: number[]; close(): Promise<void> }> {
  const connections: number[] = [];
  const server: TcpServer = createTcpServer((socket) => {
    connections.push(Date.now());
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sample = (text: string, series: string): number | null => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
};

/** One logger for the file: nestjs-pino keeps the first application's for lines made outside requests. */
const lines: LogLine[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });

describe('mail through an outage of the mail server', () => {
  const received = new Map<string, number>(); // Message-ID's mail id → times received
  const receivedAt = new Map<string, number>();
  let port: number;
  let t: TestApp;
  let w: World;
  let dead: Awaited<ReturnType<typeof deadPort>>;
  let smtp: SMTPServer | null = null;

  beforeAll(async () => {
    port = await freePort();
    dead = await deadPort(port);
    t = await startTestApp(
      { ...BREAKER, WORKERS: 'true', JOB_POLL_MS: '100', SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: 'https://orders.test.example' },
      logger,
    );
    w = new World(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await dead?.close().catch(() => undefined);
    if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  });

  const queueMail = (subject: string, extra: { kind?: string; orderId?: string } = {}) =>
    t.db.transaction((m) =>
      t.app.get(EventDispatch).queueMail(m, {
        eventId: null,
        userId: null,
        to: `${subject.replace(/\W+/g, '-')}@test.example`,
        subject,
        text: subject,
        html: subject,
        ...extra,
      }),
    );
  const idOf = async (subject: string): Promise<string> =>
    (await t.db.query(`SELECT id FROM outbound_mails WHERE subject = $1`, [subject]))[0].id;

  it('pauses quietly while the server is down, and after it sends each mail still worth sending once, fresh mail first', async () => {
    const s = await aScenario(w);
    const admin = w.as(await w.anAdmin());
    const outageStarted = Date.now();
    const linesBefore = lines.length;
    // A backlog that had been waiting ten minutes, put in directly; and mails that no longer help.
    await t.db.query(
      `INSERT INTO outbound_mails (recipient, subject, text_body, html_body, status, created_at)
       SELECT 'backlog-' || n || '@test.example', 'backlog ' || n, 'b', '<p>b</p>', 'pending', now() - interval '10 minutes' + n * interval '1 ms'
         FROM generate_series(1, 3000) AS n`,
    );
    await t.db.query(
      `INSERT INTO outbound_mails (recipient, subject, text_body, html_body, status, created_at)
       SELECT 'stale-' || n || '@test.example', 'stale ' || n, 's', 's', 'pending', now() - interval '25 hours'
         FROM generate_series(1, 5) AS n`,
    );
    const submitted = await aSubmittedOrder(w, s); // its order.submitted mail to the deliverer waits too
    await queueMail('overdue notice for an order not in work', { kind: 'order.overdue', orderId: submitted.id });

    // During the outage: more mail is queued, the app serves, and says what waits.
    for (let i = 1; i <= 20; i++) await queueMail(`during outage ${i}`);
    await until('the breaker to open', async () => (await t.db.query(`SELECT 1 FROM delivery_breakers WHERE state = 'open'`)).length);
    await sleep(OUTAGE_MS);
    await request(t.http).get('/health/ready').expect(200);
    const metrics = (await request(t.http).get('/metrics').expect(200)).text;
    expect(sample(metrics, 'delivery_breaker_open{channel="mail",target="smtp"}')).toBe(1);
    expect(sample(metrics, 'mail_queue_waiting')).toBeGreaterThanOrEqual(3020);
    expect(sample(metrics, 'mail_queue_oldest_waiting_seconds')).toBeGreaterThan(590); // the backlog; the stale ones are gone
    const list = (await admin.get('/api/v1/admin/mails?status=pending&limit=5').expect(200)).body;
    expect(list.transport).toMatchObject({ state: 'open', lastError: expect.any(String) });
    expect(list.waitingCount).toBeGreaterThanOrEqual(3020);
    expect(list.items).toHaveLength(5);
    for (const item of list.items) expect(item).toMatchObject({ status: 'pending', waiting: 'transport_unreachable' });

    // A handful of connections, not thousands: the failures that opened it, then one probe a
    // pause (0.5 s, doubling to 1 s) — never a connection per waiting mail.
    const outageMs = Date.now() - outageStarted;
    const attempts = dead.connections.length;
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(3 + Math.ceil(outageMs / 500) + 1);
    const lastSecond = dead.connections.filter((at) => at > Date.now() - 2000).length;
    expect(lastSecond).toBeLessThanOrEqual(3);
    // One line when it opened; no line per mail.
    const outageLines = lines.slice(linesBefore);
    expect(outageLines.filter((l) => /breaker opened/.test(l.msg))).toHaveLength(1);
    // Besides it, at most the line that counts the mails dropped for their age.
    expect(outageLines.filter((l) => l.level >= 40 && !/breaker opened|^5 waiting mails dropped/.test(l.msg))).toEqual([]);
    expect(outageLines.length).toBeLessThan(10);

    // The server comes back on the same port; a mail queued now goes ahead of the backlog.
    await dead.close();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          const id = /^Message-ID: <([^@>]+)@/im.exec(raw)?.[1] ?? 'none';
          received.set(id, (received.get(id) ?? 0) + 1);
          if (!receivedAt.has(id)) receivedAt.set(id, Date.now());
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(port, '127.0.0.1', resolve));
    const back = Date.now();
    await queueMail('fresh after the outage');
    const fresh = await idOf('fresh after the outage');
    await until('the fresh mail', async () => received.has(fresh), 20_000);
    const freshMs = receivedAt.get(fresh)! - back;
    expect(freshMs).toBeLessThan(5000);
    // When it arrived most of the backlog was still waiting: it did not queue behind it.
    expect(received.size).toBeLessThan(2000);

    // Every mail worth sending arrives, once; what no longer helps is dropped, with the reason.
    await until(
      'the backlog to drain',
      async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbound_mails WHERE status = 'pending'`);
        return n === 0;
      },
      120_000,
    );
    const drainedMs = Date.now() - back;
    // The figures, for the record (as the worker-crash test prints its own).
    console.log(
      `mail outage: ${attempts} connection attempts in ${outageMs} ms of outage; fresh mail after ${freshMs} ms; ` +
        `${received.size} mails sent in ${drainedMs} ms after the server came back`,
    );
    await sleep(500);
    const rows: { id: string; subject: string; status: string; dropped_reason: string | null }[] = await t.db.query(
      `SELECT id, subject, status, dropped_reason FROM outbound_mails`,
    );
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.length).toBeGreaterThanOrEqual(3000 + 20 + 1 + 1);
    for (const r of sent) expect([r.subject, received.get(r.id)]).toEqual([r.subject, 1]);
    expect([...received.keys()].filter((id) => !sent.some((r) => r.id === id))).toEqual([]);
    expect(
      rows
        .filter((r) => r.status === 'dropped')
        .map((r) => [r.subject, r.dropped_reason])
        .sort(),
    ).toEqual([['overdue notice for an order not in work', 'outdated'], ...[1, 2, 3, 4, 5].map((n) => [`stale ${n}`, 'too_old'])]);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'dropped')).toEqual([]);
    const dropped = (await admin.get('/api/v1/admin/mails?status=dropped').expect(200)).body.items;
    expect(dropped).toHaveLength(6);
    for (const d of dropped)
      expect(d).toMatchObject({ droppedReason: expect.stringMatching(/^(too_old|outdated)$/), error: expect.any(String) });

    // One line when it closed; the gauges say it is over.
    expect(lines.filter((l) => /breaker opened/.test(l.msg))).toHaveLength(1);
    expect(lines.filter((l) => /breaker closed/.test(l.msg))).toHaveLength(1);
    const after = (await request(t.http).get('/metrics').expect(200)).text;
    expect(sample(after, 'delivery_breaker_open{channel="mail",target="smtp"}')).toBe(0);
    expect(sample(after, 'mail_queue_waiting')).toBe(0);
    expect((await admin.get('/api/v1/admin/mails?limit=1').expect(200)).body).toMatchObject({
      waitingCount: 0,
      transport: { state: 'closed' },
    });
  }, 240_000);
});

describe('webhooks through an outage of the receiver', () => {
  let t: TestApp;

  afterAll(async () => t?.close());

  it('pauses the host, keeps other work going, and delivers each event once when the receiver is back', async () => {
    const port = await freePort();
    const dead = await deadPort(port);
    const from = lines.length;
    const mine = () => lines.slice(from).filter((l) => l.channel !== 'mail');
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          mails.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    let receiver: HttpServer | null = null;
    try {
      t = await startTestApp(
        {
          ...BREAKER,
          WORKERS: 'true',
          JOB_POLL_MS: '100',
          WEBHOOK_RETRY_DELAY_SECONDS: '1',
          WEBHOOK_MAX_FAILURES: '1000',
          SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`,
        },
        logger,
      );
      const w = new World(t);
      const s = await aScenario(w);
      const admin = w.as(await w.anAdmin());
      const url = `http://127.0.0.1:${port}/hook`;
      await admin.post('/api/v1/webhooks', { url, events: ['order.kept'] }).expect(201);
      const publish = () =>
        t.db.transaction((m) =>
          t.app.get(EventPublisher).publish(m, 'order.kept', {
            orderId: randomUUID(),
            reference: 'COM-2026-0042',
            title: 'Spring newsletter',
            status: 'submitted',
            requesterId: s.requester.id,
            requesterUnitId: s.school.id,
            supportUnitId: s.support.id,
            serviceId: s.serviceId,
            assigneeId: null,
            actorId: s.requester.id,
          } as unknown as OrderEventMap['order.kept']),
        );
      const outageStarted = Date.now();
      const events: string[] = [];
      for (let i = 0; i < 30; i++) events.push(await publish());
      const opened = await until(
        'the host breaker to open',
        async () => (await t.db.query(`SELECT target FROM delivery_breakers WHERE channel = 'webhook' AND state = 'open'`))[0],
      );
      expect(opened.target).toBe(`http://127.0.0.1:${port}`);

      // Other work is not held up: an order's mail goes out at once meanwhile.
      const before = mails.length;
      await aSubmittedOrder(w, s);
      await until('the order mail', async () => mails.length > before, 10_000);
      expect(mails.slice(before)).toContain(s.deliverer.email.toLowerCase());

      await sleep(OUTAGE_MS);
      const outageMs = Date.now() - outageStarted;
      expect(dead.connections.length).toBeLessThanOrEqual(3 + Math.ceil(outageMs / 500) + 1);
      const metrics = (await request(t.http).get('/metrics').expect(200)).text;
      expect(sample(metrics, `delivery_breaker_open{channel="webhook",target="http://127.0.0.1:${port}"}`)).toBe(1);
      expect(mine().filter((l) => /breaker opened/.test(l.msg))).toHaveLength(1);
      expect(mine().filter((l) => l.level >= 40 && !/breaker opened/.test(l.msg))).toEqual([]);

      // Back on the same port.
      await dead.close();
      const calls: { eventId: string; at: number }[] = [];
      receiver = createHttpServer((req: IncomingMessage, res) => {
        req.resume();
        req.on('end', () => {
          calls.push({ eventId: String(req.headers['x-event-id']), at: Date.now() });
          res.statusCode = 204;
          res.end();
        });
      });
      await new Promise<void>((resolve) => receiver!.listen(port, '127.0.0.1', resolve));
      await until(
        'the breaker to close',
        async () => (await t.db.query(`SELECT 1 FROM delivery_breakers WHERE channel = 'webhook' AND state = 'closed'`)).length,
      );
      const back = Date.now();
      const fresh = await publish();
      events.push(fresh);
      await until('the fresh event', async () => calls.some((c) => c.eventId === fresh), 10_000);
      expect(calls.find((c) => c.eventId === fresh)!.at - back).toBeLessThan(5000);
      await until('every event', async () => new Set(calls.map((c) => c.eventId)).size === events.length, 60_000);
      await sleep(1500);
      expect(calls.map((c) => c.eventId).sort()).toEqual([...events].sort()); // each once, none lost
      expect(mine().filter((l) => /breaker closed/.test(l.msg))).toHaveLength(1);
    } finally {
      await dead.close().catch(() => undefined);
      if (receiver) {
        const closing = new Promise((resolve) => receiver!.close(resolve));
        receiver.closeAllConnections(); // the app's keep-alive connections, which close() would wait for
        await closing;
      }
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  }, 240_000);
});
