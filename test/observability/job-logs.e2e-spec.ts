import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { aDraftOrder, aScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  queue?: string;
  jobId?: string;
  context?: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
}

/**
 * What pino writes, captured line by line: the request id reaches the worker's lines through
 * the outbox event and the jobs, not through anything the test hands over.
 */
describe('the request id in the logs of the jobs a request causes', () => {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  let smtp: SMTPServer;
  let mails = 0;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          mails++;
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await startTestApp({ WORKERS: 'true', JOB_POLL_MS: '100', SMTP_URL: `smtp://127.0.0.1:${port}`, LOG_LEVEL: 'debug' }, logger);
    w = new World(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>): Promise<T> {
    for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 100))) {
      const value = await probe();
      if (value) return value;
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('logs the request with its id, echoes it, and carries it into the notify and mail jobs the change leads to', async () => {
    const s = await aScenario(w);
    const draft = await aDraftOrder(w, s);
    const submitted = await w
      .as(s.requester)
      .post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version })
      .set('X-Request-Id', 'submit-trace-42')
      .expect(200);
    expect(submitted.headers['x-request-id']).toBe('submit-trace-42');

    // The request's own completion line.
    const done = lines.find((l) => l.requestId === 'submit-trace-42' && l.res);
    expect(done).toMatchObject({
      req: { id: 'submit-trace-42', method: 'POST', url: `/api/v1/orders/${draft.id}/submit` },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(done)).not.toContain(s.requester.token);

    // order.submitted → a notify-event job → a mail to the deliverer → a send-mail job.
    const [event] = await t.db.query(`SELECT request_id FROM outbox_events WHERE order_id = $1 AND type = 'order.submitted'`, [draft.id]);
    expect(event.request_id).toBe('submit-trace-42');
    const notified = await until('the notify job', () =>
      lines.find((l) => l.queue === 'notify-event' && l.msg === 'job done' && l.requestId === 'submit-trace-42'),
    );
    const mailed = await until('the mail job', () =>
      lines.find((l) => l.queue === 'send-mail' && l.msg === 'job done' && l.requestId === 'submit-trace-42'),
    );
    expect(notified.context).toBe('JobQueue');
    expect(mailed.jobId).toEqual(expect.any(String));
    // The mail itself goes by its job or by the mail queue's catch-up, whichever takes it first.
    await until('the mail', () => mails >= 1);

    // Work nobody asked for over HTTP carries no request id: the schedules' jobs at start, for one.
    const unrelated = lines.filter((l) => l.msg === 'job done' && l.queue !== 'notify-event' && l.queue !== 'send-mail');
    for (const line of unrelated) expect(line.requestId).toBeUndefined();

    // And the process counted the jobs it ran.
    const metrics = (await request(t.http).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^job_runs_total\{queue="notify-event",outcome="completed"\} [1-9]/m);
    expect(metrics).toMatch(/^job_runs_total\{queue="send-mail",outcome="completed"\} [1-9]/m);

    // Probes and scrapes come every few seconds and are not logged; other requests are.
    await request(t.http).get('/health/ready').expect(200);
    await request(t.http).get('/health/live').expect(200);
    expect(lines.filter((l) => /^\/(health|metrics)/.test(l.req?.url ?? ''))).toEqual([]);
    expect(lines.filter((l) => l.req?.url === '/api/v1/orders' && l.res?.statusCode === 201)).toHaveLength(1);
  });

  it('gives a request without X-Request-Id one of its own, and its jobs that one', async () => {
    const s = await aScenario(w);
    const draft = await aDraftOrder(w, s);
    const res = await w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until('the notify job', () => lines.find((l) => l.queue === 'notify-event' && l.msg === 'job done' && l.requestId === id));
  });
});
