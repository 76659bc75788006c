import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { EventPublisher } from '../../src/events/event-publisher';
import { ORDER_EVENT_TYPES, type OrderEventMap, type OrderEventType } from '../../src/events/order-events';
import { NotificationWorkers } from '../../src/notifications/notification-workers';
import { WebhookSender } from '../../src/notifications/webhook-sender';
import { verifySignature } from '../../src/notifications/domain/webhook-signature';
import { aScenario, aSubmittedOrder, pointers } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { startSmtp, subjectOf, until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';

const FAST = { WORKERS: 'true', JOB_POLL_MS: '100', PUBLIC_URL: 'https://orders.test.example', WEBHOOK_RETRY_DELAY_SECONDS: '1' };

interface Cast {
  requesterUnit: TestUnit;
  supportUnit: TestUnit;
  requester: TestUser;
  deliverers: TestUser[];
  admin: TestUser;
}

async function cast(t: TestApp): Promise<Cast> {
  const w = new World(t);
  const requesterUnit = await w.aUnit('core');
  const supportUnit = await w.aUnit('support');
  const requester = await w.aRequester(requesterUnit);
  await t.db.query(`UPDATE users SET language = 'fi' WHERE id = $1`, [requester.id]);
  const deliverers = [await w.aDeliverer(supportUnit), await w.aDeliverer(supportUnit)];
  await t.db.query(`UPDATE users SET language = 'sv' WHERE id = $1`, [deliverers[1].id]);
  return { requesterUnit, supportUnit, requester, deliverers, admin: await w.anAdmin() };
}

/** Publishes through the events module's publisher, in a transaction of its own. */
async function publish(t: TestApp, c: Cast, type: OrderEventType, orderId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const payload = {
    orderId,
    reference: 'COM-2026-0042',
    title: 'Spring newsletter',
    status: 'submitted',
    requesterId: c.requester.id,
    requesterUnitId: c.requesterUnit.id,
    supportUnitId: c.supportUnit.id,
    serviceId: randomUUID(),
    assigneeId: null,
    actorId: null,
    ...extra,
  } as unknown as OrderEventMap[typeof type];
  return t.db.transaction((m) => t.app.get(EventPublisher).publish(m, type, payload));
}

describe('notifications by mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ ...FAST, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Orders <orders@test.example>' });
    c = await cast(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends the mails of a whole cycle to the right people, in their language, with a link to the order', async () => {
    const orderId = randomUUID();
    const [d1, d2] = c.deliverers;
    await publish(t, c, 'order.submitted', orderId, { actorId: c.requester.id });
    await publish(t, c, 'order.advised', orderId, { actorId: d1.id });
    await publish(t, c, 'order.revised', orderId, { actorId: c.requester.id });
    await publish(t, c, 'order.accepted', orderId, { actorId: d1.id, assigneeId: d1.id, dueDate: '2026-12-18' });
    await publish(t, c, 'order.change_requested', orderId, {
      actorId: c.requester.id,
      changeRequestId: randomUUID(),
      proposedBy: 'requester',
    });
    await publish(t, c, 'order.delivered', orderId, { actorId: d1.id });
    await publish(t, c, 'order.reopened', orderId, { actorId: c.requester.id });
    await publish(t, c, 'recommendation.pending', orderId, {
      actorId: d1.id,
      recommendationId: randomUUID(),
      targetUnitId: c.requesterUnit.id,
      targetServiceId: null,
    });
    // deliverers: submitted, revised, change_requested, reopened (4 each); requester: advised, accepted, delivered, recommendation (4)
    await until('12 mails', async () => smtp.mails.length >= 12 && smtp.mails);
    await new Promise((r) => setTimeout(r, 500)); // and no more
    expect(smtp.mails).toHaveLength(12);

    const to = (u: TestUser) => smtp.mails.filter((m) => m.to.includes(u.email.toLowerCase()) || m.to.includes(u.email));
    expect(to(c.requester)).toHaveLength(4);
    expect(to(d1)).toHaveLength(4);
    expect(to(d2)).toHaveLength(4);

    const requesterSubjects = to(c.requester)
      .map((m) => subjectOf(m.raw))
      .sort();
    expect(requesterSubjects).toEqual(
      [
        '[COM-2026-0042] Neuvoja tilaukseesi: Spring newsletter',
        '[COM-2026-0042] Suositus odottaa yksikköänne: Spring newsletter',
        '[COM-2026-0042] Tilauksesi on toimitettu: Spring newsletter',
        '[COM-2026-0042] Tilauksesi on vahvistettu: Spring newsletter',
      ].sort(),
    );
    expect(to(d1).map((m) => subjectOf(m.raw))).toContain('[COM-2026-0042] New order submitted: Spring newsletter');
    expect(to(d2).map((m) => subjectOf(m.raw))).toContain('[COM-2026-0042] Ny beställning inskickad: Spring newsletter');
    for (const mail of smtp.mails) {
      expect(mail.raw.replace(/=\r\n/g, '')).toContain(`https://orders.test.example/orders/${orderId}`);
      expect(mail.raw).toMatch(/^From: Orders <orders@test\.example>/m);
      expect(mail.raw).toMatch(/Content-Type: text\/plain/);
      expect(mail.raw).toMatch(/Content-Type: text\/html/);
    }
    const accepted = to(c.requester).find((m) => subjectOf(m.raw).includes('vahvistettu'))!;
    expect(accepted.raw).toContain('2026-12-18');

    const [{ sent }] = await t.db.query(`SELECT count(*)::int AS sent FROM outbound_mails WHERE status = 'sent'`);
    expect(sent).toBe(12);
  });
});

describe('a whole order cycle through the API, mailed over SMTP', () => {
  it('mails each step to the other party, in their language, with a link to the order', async () => {
    const smtp = await startSmtp();
    const t = await startTestApp({ ...FAST, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    try {
      const w = new World(t);
      const s = await aScenario(w);
      const colleague = await w.aDeliverer(s.support);
      await t.db.query(`UPDATE users SET language = 'fi' WHERE id = $1`, [s.requester.id]);
      await t.db.query(`UPDATE users SET language = 'sv' WHERE id = $1`, [colleague.id]);
      const requester = w.as(s.requester);
      const deliverer = w.as(s.deliverer);
      const current = async () => (await requester.get(`/api/v1/orders/${order.id}`).expect(200)).body;

      const order = await aSubmittedOrder(w, s); // → both deliverers
      await deliverer.post(`/api/v1/orders/${order.id}/messages`, { kind: 'advice', body: 'Print A5 instead.' }).expect(201); // → requester
      await requester.post(`/api/v1/orders/${order.id}/revise`, { version: (await current()).version, followedAdvice: true }).expect(200); // → both
      const accepted = (await deliverer.post(`/api/v1/orders/${order.id}/accept`, { version: (await current()).version }).expect(200)).body; // → requester
      const started = (await deliverer.post(`/api/v1/orders/${order.id}/start`, { version: accepted.version }).expect(200)).body; // nobody
      for (const item of started.checklist)
        await deliverer.patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
      await deliverer
        .post(`/api/v1/orders/${order.id}/deliver`, { version: (await current()).version, deliveryNote: 'Printed.' })
        .expect(200); // → requester
      await requester.post(`/api/v1/orders/${order.id}/reopen`, { version: (await current()).version, reason: 'Wrong date.' }).expect(200); // → both

      await until('9 mails', async () => smtp.mails.length >= 9);
      await new Promise((r) => setTimeout(r, 500));
      const received = smtp.mails.map((m) => ({ to: m.to.join(','), subject: subjectOf(m.raw) }));
      const ref = order.reference;
      const title = 'Open day flyer';
      const expected = [
        { to: s.deliverer.email, subject: `[${ref}] New order submitted: ${title}` },
        { to: colleague.email, subject: `[${ref}] Ny beställning inskickad: ${title}` },
        { to: s.requester.email, subject: `[${ref}] Neuvoja tilaukseesi: ${title}` },
        { to: s.deliverer.email, subject: `[${ref}] Order revised and back with your unit: ${title}` },
        { to: colleague.email, subject: `[${ref}] Beställningen ändrad och tillbaka hos er enhet: ${title}` },
        { to: s.requester.email, subject: `[${ref}] Tilauksesi on vahvistettu: ${title}` },
        { to: s.requester.email, subject: `[${ref}] Tilauksesi on toimitettu: ${title}` },
        { to: s.deliverer.email, subject: `[${ref}] Order reopened: ${title}` },
        { to: colleague.email, subject: `[${ref}] Beställningen öppnad igen: ${title}` },
      ];
      const key = (m: { to: string; subject: string }) => `${m.to.toLowerCase()} ${m.subject}`;
      expect(received.map(key).sort()).toEqual(expected.map(key).sort());
      for (const mail of smtp.mails) expect(mail.raw.replace(/=\r\n/g, '')).toContain(`https://orders.test.example/orders/${order.id}`);
      const confirmed = smtp.mails.find((m) => subjectOf(m.raw).includes('vahvistettu'))!;
      expect(confirmed.raw).toContain(accepted.dueDate);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});

describe('notifications without SMTP, in the app, and by webhook', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await startTestApp(FAST);
    c = await cast(t);
  });
  afterAll(() => t.close());

  it('shows the notification, preference, webhook and mail routes in the OpenAPI document', async () => {
    const paths = Object.keys((await request(t.http).get('/api/docs-json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/notifications',
        '/api/v1/notifications/{id}/read',
        '/api/v1/notifications/read-all',
        '/api/v1/me/notification-preferences',
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
        '/api/v1/webhooks/{id}/deliveries',
        '/api/v1/admin/mails',
      ]),
    );
  });

  it('keeps mails in the database for admins when SMTP is not configured', async () => {
    const orderId = randomUUID();
    const eventId = await publish(t, c, 'order.delivered', orderId, { actorId: c.deliverers[0].id });
    await until('a kept mail', async () => (await t.db.query(`SELECT 1 FROM outbound_mails WHERE event_id = $1`, [eventId])).length);
    const w = new World(t);
    const res = await w.as(c.admin).get('/api/v1/admin/mails?limit=10').expect(200);
    const mail = res.body.items.find((m: { eventId: string }) => m.eventId === eventId);
    expect(mail).toMatchObject({
      recipient: c.requester.email,
      status: 'kept',
      subject: '[COM-2026-0042] Tilauksesi on toimitettu: Spring newsletter',
    });
    expect(mail.text).toContain(`https://orders.test.example/orders/${orderId}`);
    await w.as(c.requester).get('/api/v1/admin/mails').expect(403);
  });

  it('lists a user’s own notifications newest first, counts unread, marks one and all read, and honours preferences', async () => {
    const w = new World(t);
    const requester = w.as(c.requester);
    await requester
      .put('/api/v1/me/notification-preferences')
      .send({ email: true, digest: 'off', events: { 'order.advised': false } })
      .expect(200);
    const before = (await requester.get('/api/v1/notifications').expect(200)).body;
    const orderId = randomUUID();
    const advised = await publish(t, c, 'order.advised', orderId, { actorId: c.deliverers[0].id });
    await publish(t, c, 'order.accepted', orderId, { actorId: c.deliverers[0].id, dueDate: '2026-12-01' });
    await until('one notification', async () => (await requester.get('/api/v1/notifications')).body.unread >= before.unread + 1);
    await publish(t, c, 'order.question_asked', orderId, { actorId: c.deliverers[0].id });
    await until('two notifications', async () => (await requester.get('/api/v1/notifications')).body.unread >= before.unread + 2);
    await until(
      'advised dispatched',
      async () => (await t.db.query('SELECT 1 FROM outbox_events WHERE id = $1 AND dispatched_at IS NOT NULL', [advised])).length,
    );

    const page = (await requester.get('/api/v1/notifications?limit=1&unread=true').expect(200)).body;
    expect(page.unread).toBe(before.unread + 2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ event: 'order.question_asked', orderId, reference: 'COM-2026-0042', readAt: null });
    const next = (await requester.get(`/api/v1/notifications?limit=1&unread=true&cursor=${page.nextCursor}`).expect(200)).body;
    expect(next.items[0]).toMatchObject({ event: 'order.accepted' });
    // turned off: no notification, no mail
    expect(await t.db.query('SELECT 1 FROM notifications WHERE event_id = $1', [advised])).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM outbound_mails WHERE event_id = $1', [advised])).toHaveLength(0);

    const read = (await requester.post(`/api/v1/notifications/${page.items[0].id}/read`).expect(200)).body;
    expect(read.readAt).not.toBeNull();
    await w.as(c.deliverers[0]).post(`/api/v1/notifications/${page.items[0].id}/read`).expect(404);
    await requester.post('/api/v1/notifications/read-all').expect(200);
    expect((await requester.get('/api/v1/notifications').expect(200)).body.unread).toBe(0);

    const prefs = (await requester.get('/api/v1/me/notification-preferences').expect(200)).body;
    expect(prefs).toMatchObject({ email: true, digest: 'off', events: { 'order.advised': false, 'order.accepted': true } });
    expect(Object.keys(prefs.events).sort()).toEqual([...ORDER_EVENT_TYPES].sort());
    const bad = await requester.put('/api/v1/me/notification-preferences').send({ email: true, digest: 'weekly', events: {} }).expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('/digest');
  });

  it('signs webhook calls, retries after a 500 with the same event id, and logs each attempt', async () => {
    const calls: { headers: IncomingMessage['headers']; body: string }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (ch: Buffer) => (body += ch.toString()));
      req.on('end', () => {
        calls.push({ headers: req.headers, body });
        res.statusCode = calls.length === 1 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const w = new World(t);
      const admin = w.as(c.admin);
      await admin
        .post('/api/v1/webhooks')
        .send({ url: 'http://example.org/hook', events: ['order.delivered'] })
        .expect(400);
      await admin
        .post('/api/v1/webhooks')
        .send({ url: 'https://10.0.0.1/hook', events: ['order.delivered'] })
        .expect(400);
      const created = (
        await admin
          .post('/api/v1/webhooks')
          .send({ url, events: ['order.delivered'], unitId: c.supportUnit.id })
          .expect(201)
      ).body;
      expect(created.secret).toMatch(/^whsec_/);
      const listed = (await admin.get('/api/v1/webhooks').expect(200)).body.items;
      expect(listed.find((h: { id: string }) => h.id === created.id)).not.toHaveProperty('secret');

      const eventId = await publish(t, c, 'order.delivered', randomUUID(), { actorId: c.deliverers[0].id });
      await until('a retried call', async () => calls.length >= 2);
      for (const call of calls) {
        expect(call.headers['x-event-id']).toBe(eventId);
        expect(verifySignature(created.secret, call.body, String(call.headers['x-signature']), Math.floor(Date.now() / 1000))).toBe(true);
        expect(verifySignature('whsec_other', call.body, String(call.headers['x-signature']), Math.floor(Date.now() / 1000))).toBe(false);
        expect(JSON.parse(call.body)).toMatchObject({ id: eventId, type: 'order.delivered', data: { reference: 'COM-2026-0042' } });
      }
      const log = await until('two log entries', async () => {
        const items = (await admin.get(`/api/v1/webhooks/${created.id}/deliveries`).expect(200)).body.items;
        return items.length >= 2 && items;
      });
      expect(log.map((d: { attempt: number; status: string; responseCode: number }) => [d.attempt, d.status, d.responseCode])).toEqual([
        [2, 'delivered', 204],
        [1, 'failed', 500],
      ]);
      await admin.patch(`/api/v1/webhooks/${created.id}`).send({ active: false }).expect(200);
      await admin.delete(`/api/v1/webhooks/${created.id}`).expect(204);
      await w.as(c.requester).get('/api/v1/webhooks').expect(403);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('tells the delivering unit of a requester’s answer or question, in the app and by mail, and the requester of a deliverer’s question', async () => {
    const w = new World(t);
    const s = await aScenario(w);
    const colleague = await w.aDeliverer(s.support);
    const order = await aSubmittedOrder(w, s);
    const asked = (await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'A5 or A4?' }).expect(201))
      .body;
    const answered = (await w.as(s.requester).post(`/api/v1/orders/${order.id}/messages`, { kind: 'answer', body: 'A5.' }).expect(201))
      .body;
    const [question, answer] = await until('both messages notified', async () => {
      const rows = await t.db.query(
        `SELECT payload->>'messageId' AS "messageId", payload->>'side' AS side, id FROM outbox_events
          WHERE order_id = $1 AND type IN ('order.question_asked', 'order.question_answered') AND dispatched_at IS NOT NULL
          ORDER BY occurred_at, id`,
        [order.id],
      );
      return rows.length === 2 && rows;
    });
    expect([question.messageId, question.side, answer.messageId, answer.side]).toEqual([asked.id, 'deliverer', answered.id, 'requester']);
    const notified = async (eventId: string) =>
      (
        await until('notifications', async () => {
          const rows: { user_id: string }[] = await t.db.query('SELECT user_id FROM notifications WHERE event_id = $1', [eventId]);
          return rows.length > 0 && rows;
        })
      )
        .map((r) => r.user_id)
        .sort();
    expect(await notified(question.id)).toEqual([s.requester.id]);
    expect(await notified(answer.id)).toEqual([s.deliverer.id, colleague.id].sort());
    const mails = await t.db.query('SELECT recipient, subject FROM outbound_mails WHERE event_id = $1 ORDER BY recipient', [answer.id]);
    expect(mails).toEqual(
      [s.deliverer.email, colleague.email]
        .sort()
        .map((recipient) => ({ recipient, subject: `[${order.reference}] Question answered: Open day flyer` })),
    );
    // The answer returned the order to the support unit in the same step.
    expect(answered.status).toBe('submitted');
  });

  it('reads back every event type with its effective switch for a user who never chose, all on', async () => {
    const w = new World(t);
    const fresh = await w.aUser([]);
    const prefs = (await w.as(fresh).get('/api/v1/me/notification-preferences').expect(200)).body;
    expect(prefs).toEqual({ email: true, digest: 'off', events: Object.fromEntries(ORDER_EVENT_TYPES.map((type) => [type, true])) });
    expect(prefs.events['order.submitted']).toBe(true);
  });

  it('answers 400 naming /unitId for a webhook of an unknown unit, on create and on update', async () => {
    const admin = new World(t).as(c.admin);
    const created = await admin
      .post('/api/v1/webhooks')
      .send({ url: 'https://hooks.example.org/a', events: ['order.delivered'], unitId: randomUUID() })
      .expect(400);
    expect(pointers(created.body)).toEqual(['/unitId']);
    const hook = (
      await admin
        .post('/api/v1/webhooks')
        .send({ url: 'https://hooks.example.org/a', events: ['order.delivered'] })
        .expect(201)
    ).body;
    const updated = await admin.patch(`/api/v1/webhooks/${hook.id}`).send({ unitId: randomUUID() }).expect(400);
    expect(pointers(updated.body)).toEqual(['/unitId']);
    await admin.delete(`/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('sends users with the daily digest one mail of the day instead of one each', async () => {
    const w = new World(t);
    const w2 = new World(t);
    const s = await cast(t);
    await w.as(s.requester).put('/api/v1/me/notification-preferences', { email: true, digest: 'daily', events: {} }).expect(200);
    const orderId = randomUUID();
    const ids = [
      await publish(t, s, 'order.advised', orderId, { actorId: s.deliverers[0].id }),
      await publish(t, s, 'order.delivered', orderId, { actorId: s.deliverers[0].id }),
    ];
    await until('both notified', async () => (await w2.as(s.requester).get('/api/v1/notifications')).body.unread === 2);
    const mailsTo = async () =>
      (await t.db.query('SELECT subject, text_body FROM outbound_mails WHERE user_id = $1', [s.requester.id])) as {
        subject: string;
        text_body: string;
      }[];
    expect(await mailsTo()).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM outbound_mails WHERE event_id = ANY($1::uuid[])', [ids])).toHaveLength(0);
    const workers = t.app.get(NotificationWorkers);
    await workers.sendDigests();
    await workers.sendDigests();
    const mails = await mailsTo();
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Päivän ilmoituksesi (2)');
    expect(mails[0].text_body).toContain('Neuvoja tilaukseesi: COM-2026-0042 Spring newsletter');
    expect(mails[0].text_body).toContain(`https://orders.test.example/orders/${orderId}`);
  });

  it('disables a webhook after WEBHOOK_MAX_FAILURES failed deliveries in a row, with an audit event', async () => {
    const receiver = createServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      const hook = (
        await new World(t)
          .as(c.admin)
          .post('/api/v1/webhooks', { url, events: ['order.kept'] })
          .expect(201)
      ).body;
      // An event the relay will not pick up (marked dispatched): this test makes the attempts itself.
      const [{ id: eventId }] = await t.db.query(
        `INSERT INTO outbox_events (type, order_id, payload, dispatched_at) VALUES ('order.kept', NULL, '{}', now()) RETURNING id`,
      );
      const sender = t.app.get(WebhookSender);
      for (let attempt = 1; attempt <= t.config.notifications.webhookMaxFailures; attempt++) {
        await sender.deliver(hook.id, eventId, attempt, false).catch(() => undefined);
      }
      const [state] = await t.db.query('SELECT active, consecutive_failures FROM webhooks WHERE id = $1', [hook.id]);
      expect(state).toEqual({ active: false, consecutive_failures: 10 });
      const audit = await t.db.query(`SELECT after FROM audit_events WHERE action = 'webhook.disabled' AND entity_id = $1`, [hook.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ consecutiveFailures: 10, lastResponseCode: 503 });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('two app instances against one database', () => {
  it('notify each event exactly once', async () => {
    const a = await startTestApp(FAST);
    const c = await cast(a);
    const url = (a.db.options as { url: string }).url;
    const b = await createApp(
      loadConfig({ NODE_ENV: 'test', MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent', ...FAST }),
      url,
      pino({ level: 'silent' }),
    );
    await b.init();
    try {
      const events = 40;
      for (let i = 0; i < events; i++) await publish(a, c, 'order.submitted', randomUUID(), { actorId: c.requester.id });
      // each submitted event: one notification and one mail for each of the two deliverers
      await until('all notifications', async () => {
        const [{ n }] = await a.db.query('SELECT count(*)::int AS n FROM notifications');
        return n >= events * 2;
      });
      await new Promise((r) => setTimeout(r, 500));
      const [{ notifications, distinct_keys }] = await a.db.query(
        'SELECT count(*)::int AS notifications, count(DISTINCT (event_id, user_id))::int AS distinct_keys FROM notifications',
      );
      const [{ mails }] = await a.db.query('SELECT count(*)::int AS mails FROM outbound_mails');
      expect({ notifications, distinct_keys, mails }).toEqual({ notifications: events * 2, distinct_keys: events * 2, mails: events * 2 });
      // both instances took part in relaying (jobs were fetched by either): the outbox is empty
      expect(await a.db.query('SELECT 1 FROM outbox_events WHERE dispatched_at IS NULL')).toHaveLength(0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
