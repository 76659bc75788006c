import request from 'supertest';
import { replyToken, taggedAddress } from '../../src/notifications/domain/reply-token';
import { InboundMailCleanup } from '../../src/inbound/inbound-mail-cleanup';
import { InboundMailService } from '../../src/inbound/inbound-mail.service';
import { aDraftOrder, aScenario, aSubmittedOrder, anAcceptedOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startSmtp, subjectOf, until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';
import { INBOUND_ENV, INBOUND_TOKEN, PDF, pipe, quotedReply, rawMail, REPLY_ADDRESS, REPLY_SECRET } from './inbound-mails';

/** Mail in through the HTTP route an MTA pipes to, against real PostgreSQL and a real SMTP server for the answers. */
describe('mail in: POST /api/v1/inbound/mail', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      ...INBOUND_ENV,
      MAX_UPLOAD_MB: '1',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      WORKERS: 'true',
      JOB_POLL_MS: '100',
      PUBLIC_URL: 'https://orders.test.example',
    });
    w = new World(t);
    s = await aScenario(w);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const replyTo = (orderId: string, userId: string) => taggedAddress(REPLY_ADDRESS, replyToken(REPLY_SECRET, { orderId, userId }));

  /** An order in consultation: the deliverer asked a question the requester has not answered. */
  async function anOrderWithAQuestion() {
    const order = await aSubmittedOrder(w, s);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'Which languages should the flyer be in?' })
      .expect(201);
    return order as { id: string; reference: string };
  }

  const messagesOf = async (orderId: string) =>
    (await w.as(s.requester).get(`/api/v1/orders/${orderId}/messages`).expect(200)).body.items as Array<{
      kind: string;
      side: string;
      body: string;
      authorId: string;
      attachments: Array<{ name: string; size: number }>;
    }>;

  const answersTo = async (address: string): Promise<string[]> =>
    (await t.db.query(`SELECT subject FROM outbound_mails WHERE recipient = $1 AND kind = 'inbound.refused'`, [address])).map(
      (r: { subject: string }) => r.subject,
    );

  const auditedRefusals = async (reason: string): Promise<number> =>
    (
      await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'inbound_mail.refused' AND after->>'reason' = $1`, [
        reason,
      ])
    )[0].n;

  it('answers 401 without the token, 415 for another media type and 413 past the size MAX_UPLOAD_MB allows', async () => {
    const raw = await rawMail({ from: s.requester.email, to: REPLY_ADDRESS, subject: 'Hello', text: 'Hi' });
    await pipe(t, raw, 'wrong-token').expect(401);
    await request(t.http).post('/api/v1/inbound/mail').set('Content-Type', 'message/rfc822').send(raw).expect(401);
    const json = await request(t.http)
      .post('/api/v1/inbound/mail')
      .set('Authorization', `Bearer ${INBOUND_TOKEN}`)
      .send({ raw: raw.toString() })
      .expect(415);
    expect(json.headers['content-type']).toMatch(/problem\+json/);
    const huge = Buffer.concat([raw, Buffer.alloc(3 * 1024 * 1024, 'a')]);
    const tooLarge = await pipe(t, huge).expect(413);
    expect(tooLarge.body.errors[0].code).toBe('tooLarge');
  });

  it('takes a reply with a file from the recipient as their answer: quoted text and signature stripped, the file attached', async () => {
    const order = await anOrderWithAQuestion();
    const raw = await rawMail({
      from: `Test User <${s.requester.email}>`,
      to: replyTo(order.id, s.requester.id),
      subject: `Re: [${order.reference}] A question about your order`,
      text: quotedReply('Finnish and Swedish, please.\nThe draft text is attached.'),
      attachments: [{ filename: 'draft.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    const res = await pipe(t, raw).expect(202);
    expect(res.body).toEqual({ outcome: 'message', reason: null });
    const messages = await messagesOf(order.id);
    const answer = messages.find((m) => m.side === 'requester')!;
    expect(answer).toMatchObject({
      kind: 'answer',
      channel: 'email',
      authorId: s.requester.id,
      body: 'Finnish and Swedish, please.\nThe draft text is attached.',
    });
    // The answer to the open question returns the order to the support unit in the same step.
    expect((await w.as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body.status).toBe('submitted');
    expect(answer.attachments).toEqual([expect.objectContaining({ name: 'draft.pdf', size: PDF.length })]);
    const files = (await w.as(s.deliverer).get(`/api/v1/orders/${order.id}/attachments`).expect(200)).body.items;
    expect(files.map((f: { name: string }) => f.name)).toEqual(['draft.pdf']);
    const [row] = await t.db.query(`SELECT source, outcome, order_id FROM inbound_mails WHERE order_id = $1`, [order.id]);
    expect(row).toEqual({ source: 'http', outcome: 'message', order_id: order.id });
  });

  it('takes a reply to an accepted order as a message without changing its status (the comment path)', async () => {
    const order = await anAcceptedOrder(w, s);
    const raw = await rawMail({
      from: s.deliverer.email,
      to: replyTo(order.id, s.deliverer.id),
      subject: 'Re: your order',
      text: 'We start on Monday.\n\nOn Tue, 8 Dec 2026, Teacher <t@x> wrote:\n> When do you start?\n',
    });
    expect((await pipe(t, raw).expect(202)).body.outcome).toBe('message');
    const messages = await messagesOf(order.id);
    expect(messages).toEqual([
      expect.objectContaining({ kind: 'comment', channel: 'email', side: 'deliverer', body: 'We start on Monday.' }),
    ]);
    expect((await w.as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body.status).toBe('confirmed');
  });

  it('takes the same mail once, delivered twice or seen by two workers at once', async () => {
    const order = await anOrderWithAQuestion();
    const raw = await rawMail({
      from: s.requester.email,
      to: replyTo(order.id, s.requester.id),
      subject: 'Re: question',
      text: 'Only Finnish.',
    });
    expect((await pipe(t, raw).expect(202)).body.outcome).toBe('message');
    expect((await pipe(t, raw).expect(202)).body.outcome).toBe('duplicate');
    const again = await rawMail({
      from: s.requester.email,
      to: replyTo(order.id, s.requester.id),
      subject: 'Re: question',
      text: 'And English.',
    });
    const inbound = t.app.get(InboundMailService);
    const outcomes = await Promise.all([
      inbound.receive(again, 'imap'),
      inbound.receive(again, 'imap'),
      pipe(t, again).then((r) => r.body),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'duplicate', 'message']);
    const bodies = (await messagesOf(order.id)).filter((m) => m.side === 'requester').map((m) => m.body);
    expect(bodies.sort()).toEqual(['And English.', 'Only Finnish.']);
  });

  it('creates nothing for a forged sender, an unknown sender, a tampered token or a closed order, and answers each address once a day', async () => {
    const order = await anOrderWithAQuestion();
    const other = await w.aRequester(s.school);
    const token = replyToken(REPLY_SECRET, { orderId: order.id, userId: s.requester.id });
    const tampered = taggedAddress(REPLY_ADDRESS, (token[0] === 'A' ? 'B' : 'A') + token.slice(1));
    const cases: Array<[from: string, to: string, reason: string]> = [
      [other.email, replyTo(order.id, s.requester.id), 'not_recipient'],
      ['stranger@elsewhere.example', replyTo(order.id, s.requester.id), 'unknown_sender'],
      [s.requester.email, tampered, 'bad_token'],
    ];
    for (const [from, to, reason] of cases) {
      const before = await auditedRefusals(reason);
      for (let i = 0; i < 2; i++) {
        const res = await pipe(
          t,
          await rawMail({ from, to, subject: `Attempt ${i}`, text: 'Please also make a Ukrainian version.' }),
        ).expect(202);
        expect(res.body).toEqual({ outcome: 'refused', reason });
      }
      expect(await auditedRefusals(reason)).toBe(before + 2);
    }
    expect(await messagesOf(order.id)).toHaveLength(1);
    // One answer a day for each address, whatever the reason: the requester had a bad token only.
    expect(await answersTo(other.email)).toHaveLength(1);
    expect(await answersTo('stranger@elsewhere.example')).toHaveLength(1);
    expect(await answersTo(s.requester.email)).toHaveLength(1);
    const answer = await until('the answer to the stranger', async () =>
      smtp.mails.find((m) => m.to.includes('stranger@elsewhere.example')),
    );
    expect(subjectOf(answer.raw)).toBe('Your mail was not added: Attempt 0');

    const cancelled = await aSubmittedOrder(w, s);
    await w.as(s.requester).post(`/api/v1/orders/${cancelled.id}/cancel`, { version: cancelled.version, reason: 'not needed' }).expect(200);
    const late = await rawMail({
      from: s.requester.email,
      to: replyTo(cancelled.id, s.requester.id),
      subject: 'Re: x',
      text: 'Still there?',
    });
    expect((await pipe(t, late).expect(202)).body).toEqual({ outcome: 'refused', reason: 'order_closed' });
    expect(await messagesOf(cancelled.id)).toHaveLength(0);

    // A draft takes no messages: the reply and its file leave nothing on it.
    const draft = await aDraftOrder(w, s);
    const early = await rawMail({
      from: s.requester.email,
      to: replyTo(draft.id, s.requester.id),
      subject: 'Re: x',
      text: 'Here is the brief.',
      attachments: [{ filename: 'brief.pdf', content: PDF }],
    });
    expect((await pipe(t, early).expect(202)).body).toEqual({ outcome: 'refused', reason: 'not_allowed_now' });
    expect((await w.as(s.requester).get(`/api/v1/orders/${draft.id}/attachments`).expect(200)).body.items).toEqual([]);
  });

  it('never answers an auto-reply, a bounce or list mail, and makes nothing of them', async () => {
    const order = await anOrderWithAQuestion();
    const to = replyTo(order.id, s.requester.id);
    const robot = await w.aRequester(s.school);
    const mails = [
      await rawMail({ from: robot.email, to, subject: 'Out of office', text: 'I am away.', headers: { 'Auto-Submitted': 'auto-replied' } }),
      await rawMail({ from: robot.email, to, subject: 'Undeliverable', text: 'Delivery failed.', headers: { 'Return-Path': '<>' } }),
      await rawMail({ from: robot.email, to, subject: 'Digest', text: 'News', headers: { 'List-Id': '<news.city.example>' } }),
      await rawMail({ from: robot.email, to, subject: 'Bulk', text: 'News', headers: { Precedence: 'bulk' } }),
      await rawMail({ from: `MAILER-DAEMON@city.example`, to, subject: 'Returned mail', text: 'Failed.' }),
    ];
    for (const raw of mails) expect((await pipe(t, raw).expect(202)).body.outcome).toBe('automatic');
    expect(await answersTo(robot.email)).toEqual([]);
    expect(await messagesOf(order.id)).toHaveLength(1);
  });

  it('orders by mail: a requester writing to a service alias gets a draft with the mail as title, purpose and files, and a link to finish it', async () => {
    const manager = await w.aManager(s.support);
    const service = (await w.as(manager).get(`/api/v1/services/${s.serviceId}`).expect(200)).body;
    const bad = await w
      .as(manager)
      .patch(`/api/v1/services/${s.serviceId}`, { version: service.version, emailAlias: 'no spaces' })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/emailAlias', code: 'format' })]);
    const updated = await w
      .as(manager)
      .patch(`/api/v1/services/${s.serviceId}`, { version: service.version, emailAlias: ' Flyers ' })
      .expect(200);
    expect(updated.body.emailAlias).toBe('flyers');
    const another = await w.aService(s.support);
    const taken = await w.as(manager).patch(`/api/v1/services/${another.id}`, { emailAlias: 'flyers' }).expect(400);
    expect(taken.body.errors).toEqual([expect.objectContaining({ pointer: '/emailAlias', code: 'taken' })]);

    const raw = await rawMail({
      from: s.requester.email,
      to: 'orders+flyers@city.example',
      subject: 'Flyer for the spring concert',
      text: 'Parents should know the date and place of the concert.\n\n-- \nA teacher',
      attachments: [{ filename: 'poster.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    const res = await pipe(t, raw).expect(202);
    expect(res.body.outcome).toBe('draft');
    const [row] = await t.db.query(`SELECT order_id FROM inbound_mails WHERE outcome = 'draft'`);
    const draft = (await w.as(s.requester).get(`/api/v1/orders/${row.order_id}`).expect(200)).body;
    expect(draft).toMatchObject({
      status: 'draft',
      channel: 'email',
      serviceId: s.serviceId,
      title: 'Flyer for the spring concert',
      purpose: 'Parents should know the date and place of the concert.',
    });
    const files = (await w.as(s.requester).get(`/api/v1/orders/${draft.id}/attachments`).expect(200)).body.items;
    expect(files.map((f: { name: string }) => f.name)).toEqual(['poster.pdf']);

    const link = `https://orders.test.example/orders/${draft.id}/edit`;
    const mail = await until('the mail with the link', async () => smtp.mails.find((m) => m.raw.includes(draft.id)));
    expect(mail.to).toEqual([s.requester.email]);
    expect(subjectOf(mail.raw)).toBe(`[${draft.reference}] Finish your order: Flyer for the spring concert`);
    expect(mail.raw.replace(/=\r\n/g, '')).toContain(link);
    // The link opens the questionnaire of the draft.
    const page = await request(t.http).get(new URL(link).pathname).set('Authorization', `Bearer ${s.requester.token}`).expect(200);
    expect(page.text).toContain('Flyer for the spring concert');

    // Someone who may not order, and an alias nobody has: nothing made.
    const deliverer = await rawMail({ from: s.deliverer.email, to: 'orders+flyers@city.example', subject: 'x', text: 'y' });
    expect((await pipe(t, deliverer).expect(202)).body).toEqual({ outcome: 'refused', reason: 'not_requester' });
    const nobody = await rawMail({ from: s.requester.email, to: 'orders+nothing-here@city.example', subject: 'x', text: 'y' });
    expect((await pipe(t, nobody).expect(202)).body).toEqual({ outcome: 'refused', reason: 'unknown_alias' });
    const drafts = await t.db.query(`SELECT count(*)::int AS n FROM orders WHERE channel = 'email'`);
    expect(drafts[0].n).toBe(1);

    // A requester of several units orders for the first of them by name.
    const zeta = await w.aUnit('core', { name: `Zeta school ${Date.now()}` });
    const alpha = await w.aUnit('core', { name: `Alpha school ${Date.now()}` });
    const both = await w.aUser([
      [zeta, 'requester'],
      [alpha, 'requester'],
    ]);
    const fromBoth = await rawMail({ from: both.email, to: 'orders+flyers@city.example', subject: 'Poster', text: 'For the open day.' });
    expect((await pipe(t, fromBoth).expect(202)).body.outcome).toBe('draft');
    const [mine] = (await w.as(both).get('/api/v1/orders?status=draft').expect(200)).body.items;
    expect(mine).toMatchObject({ title: 'Poster', requesterUnitId: alpha.id });
  });

  it('forgets Message-IDs after 90 days and the day’s answers the next day, in the housekeeping sweep', async () => {
    const order = await anOrderWithAQuestion();
    const raw = await rawMail({ from: s.requester.email, to: replyTo(order.id, s.requester.id), subject: 'Re: q', text: 'Old news.' });
    expect((await pipe(t, raw).expect(202)).body.outcome).toBe('message');
    await t.db.query(`UPDATE inbound_mails SET received_at = now() - interval '91 days' WHERE order_id = $1`, [order.id]);
    await t.db.query(`INSERT INTO inbound_mail_answers (address, day, reason) VALUES ('old@x.example', current_date - 1, 'bad_token')`);
    const removed = await t.app.get(InboundMailCleanup).runOnce();
    expect(removed.mails).toBeGreaterThanOrEqual(1);
    expect(removed.answers).toBeGreaterThanOrEqual(1);
    expect(await t.db.query(`SELECT 1 FROM inbound_mails WHERE order_id = $1`, [order.id])).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM inbound_mail_answers WHERE address = 'old@x.example'`)).toEqual([]);
    // Today's answers stay: a second refusal today is still not answered again.
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM inbound_mail_answers WHERE day = (now() AT TIME ZONE 'UTC')::date`))[0].n,
    ).toBeGreaterThan(0);
  });
});

describe('mail in without INBOUND_MAIL_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REPLY_ADDRESS, REPLY_SECRET });
  }, 60_000);
  afterAll(() => t?.close());

  it('answers 404', async () => {
    const raw = await rawMail({ from: 'a@b.example', to: REPLY_ADDRESS, subject: 'x', text: 'y' });
    await pipe(t, raw).expect(404);
  });
});
