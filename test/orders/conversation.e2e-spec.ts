import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { readReplyToken, tagOf } from '../../src/notifications/domain/reply-token';
import { aScenario, aDraftOrder, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PNG } from '../files/attachment-suite';
import { ReceivedMail, startSmtp, subjectOf, until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';

const REPLY_SECRET = 'conversation test secret, long enough';
const ENV = {
  WORKERS: 'true',
  JOB_POLL_MS: '100',
  PUBLIC_URL: 'https://orders.test.example',
  REPLY_ADDRESS: 'orders@city.example',
  REPLY_SECRET,
};

/** A header of a raw mail, unfolded; null when absent. */
function header(raw: string, name: string): string | null {
  const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

/** A raw mail's text, quoted-printable soft breaks and escapes undone (good enough for ASCII and UTF-8 checks). */
function textOf(raw: string): string {
  return Buffer.from(
    raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString();
}

/**
 * The conversation through the whole order, over HTTP with real workers, a real SMTP server and
 * a webhook receiver: comments by both sides in every status from submitted to accepted (409
 * outside), internal notes the requesting side never meets anywhere, the one-step answer, and
 * mail that carries the message, lists its files, threads per order and can be answered.
 */
describe('the conversation on an order', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let colleague: TestUser;
  let requesterManager: TestUser;
  let admin: TestUser;
  const hookBodies: string[] = [];
  let receiver: Server;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      ...ENV,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'conversation-')),
    });
    w = new World(t);
    s = await aScenario(w);
    colleague = await w.aDeliverer(s.support);
    requesterManager = await w.aManager(s.school);
    admin = await w.anAdmin();
    await t.db.query(`UPDATE users SET language = 'fi' WHERE id = $1`, [s.requester.id]);
    await t.db.query(`UPDATE users SET language = 'sv' WHERE id = $1`, [colleague.id]);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hookBodies.push(body);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // Every event the requesting unit's systems may hear, for its unit.
    const events = ['message.posted', 'order.question_asked', 'order.question_answered', 'order.advised', 'attachment.added'];
    await w.as(admin).post('/api/v1/webhooks', { url, events, unitId: s.school.id }).expect(201);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const order = async (user: TestUser, id: string) => (await w.as(user).get(`/api/v1/orders/${id}`).expect(200)).body;
  const comment = (user: TestUser, id: string, body: string, extra: Record<string, unknown> = {}) =>
    w.as(user).post(`/api/v1/orders/${id}/messages`, { kind: 'comment', body, ...extra });

  async function upload(user: TestUser, orderId: string, name: string): Promise<{ id: string; name: string }> {
    const res = await request(t.http)
      .post(`/api/v1/orders/${orderId}/attachments`)
      .set('Authorization', `Bearer ${user.token}`)
      .attach('file', PNG, { filename: name, contentType: 'image/png' })
      .expect(201);
    return res.body.items[0];
  }

  it('takes comments from both sides in every status from submitted to accepted, moves nothing, and refuses them outside (409)', async () => {
    const draft = await aDraftOrder(w, s);
    const refused = await comment(s.requester, draft.id, 'Too early.').expect(409);
    expect(refused.body.allowedActions).not.toContain('comment');
    expect((await order(s.requester, draft.id)).canComment).toBe(false);

    const submitted = await aSubmittedOrder(w, s);
    const id = submitted.id;
    const both = async (status: string) => {
      const before = await order(s.requester, id);
      expect(before.status).toBe(status);
      expect([before.canComment, (await order(s.deliverer, id)).canComment]).toEqual([true, true]);
      const r = await comment(s.requester, id, `Requester in ${status}.`);
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      const fromRequester = r.body;
      const fromDeliverer = (await comment(s.deliverer, id, `Deliverer in ${status}.`).expect(201)).body;
      expect([fromRequester.status, fromDeliverer.status]).toEqual([status, status]);
      expect([fromRequester.side, fromDeliverer.side, fromRequester.channel, fromRequester.kind]).toEqual([
        'requester',
        'deliverer',
        'api',
        'comment',
      ]);
      // A comment moves nothing, the order's version included: a form open elsewhere stays valid.
      expect((await order(s.requester, id)).version).toBe(before.version);
      return before;
    };
    const d = w.as(s.deliverer);
    let o = await both('submitted');
    await d.post(`/api/v1/orders/${id}/messages`, { kind: 'question', body: 'A5?', version: o.version }).expect(201);
    o = await both('in_consultation');
    o = (await w.as(s.requester).post(`/api/v1/orders/${id}/keep`, { version: o.version, reason: 'As it is.' }).expect(200)).body;
    o = (await d.post(`/api/v1/orders/${id}/accept`, { version: o.version }).expect(200)).body;
    await both('confirmed');
    o = (await d.post(`/api/v1/orders/${id}/start`, { version: o.version }).expect(200)).body;
    await both('in_progress');
    o = (await d.post(`/api/v1/orders/${id}/hold`, { version: o.version, note: 'Waiting for the printer.' }).expect(200)).body;
    await both('on_hold');
    o = (await d.post(`/api/v1/orders/${id}/resume`, { version: o.version }).expect(200)).body;
    for (const item of o.checklist) await d.patch(`/api/v1/orders/${id}/checklist/${item.id}`, { done: true }).expect(200);
    o = (
      await d.post(`/api/v1/orders/${id}/deliver`, { version: (await order(s.deliverer, id)).version, deliveryNote: 'Done.' }).expect(200)
    ).body;
    await both('delivered');
    await w.as(s.requester).post(`/api/v1/orders/${id}/accept-delivery`, { version: o.version }).expect(200);
    await both('accepted');

    const thread = (await w.as(s.requester).get(`/api/v1/orders/${id}/messages?limit=200`).expect(200)).body.items;
    expect(thread.filter((m: { kind: string }) => m.kind === 'comment')).toHaveLength(14);

    const cancelled = await aSubmittedOrder(w, s);
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${cancelled.id}/cancel`, { version: cancelled.version, reason: 'No longer needed.' })
      .expect(200);
    await comment(s.requester, cancelled.id, 'Too late.').expect(409);
    await comment(s.deliverer, cancelled.id, 'Too late.').expect(409);
    await w.as(s.deliverer).post(`/api/v1/orders/${cancelled.id}/messages`, { kind: 'internal', body: 'Too late.' }).expect(409);
    // Someone who only sees the order writes nothing on it.
    await comment(requesterManager, id, 'A manager.').expect(403);
  });

  it('keeps internal notes from the requesting side everywhere: views, lists, timeline, mail, notifications and webhooks', async () => {
    const o = await aSubmittedOrder(w, s);
    const file = await upload(s.deliverer, o.id, 'budget-sheet.png');
    const secret = 'INTERNAL: the printer quote is 40% over budget, ask the head of unit';
    await w.as(s.requester).post(`/api/v1/orders/${o.id}/messages`, { kind: 'internal', body: 'Mine.' }).expect(403);
    await w.as(s.requester).post(`/api/v1/orders/${o.id}/messages`, { kind: 'advice', body: 'Mine.' }).expect(403);
    // Files belong to the order, which both sides see: an internal note refers to none.
    const withFile = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${o.id}/messages`, { kind: 'internal', body: secret, attachmentIds: [file.id] })
      .expect(400);
    expect(withFile.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/attachmentIds']);
    const note = (await w.as(s.deliverer).post(`/api/v1/orders/${o.id}/messages`, { kind: 'internal', body: secret }).expect(201)).body;
    expect(note).toMatchObject({ kind: 'internal', side: 'deliverer', status: 'submitted', channel: 'api' });
    expect(note.attachments).toEqual([]);
    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${o.id}/messages`, { kind: 'internal', body: 'x', suggestedAnswers: { a: 1 } })
      .expect(400);
    // A comment after it, so that the mail and the webhook have something to carry.
    await comment(s.deliverer, o.id, 'We are on it.').expect(201);

    // The delivering side, its manager's view included, reads the note.
    for (const reader of [s.deliverer, colleague, admin]) {
      const view = await order(reader, o.id);
      expect(view.messages.map((m: { body: string }) => m.body)).toContain(secret);
      const listed = (await w.as(reader).get(`/api/v1/orders/${o.id}/messages`).expect(200)).body.items;
      expect(listed.map((m: { body: string }) => m.body)).toContain(secret);
    }
    expect((await order(s.deliverer, o.id)).canWriteInternal).toBe(true);
    const deliverersTimeline = (await w.as(s.deliverer).get(`/api/v1/orders/${o.id}/timeline`).expect(200)).body.items;
    expect(deliverersTimeline.map((i: { action: string }) => i.action)).toContain('order.note_internal');

    // The requesting side does not, anywhere.
    for (const reader of [s.requester, requesterManager]) {
      const view = await order(reader, o.id);
      expect(JSON.stringify(view)).not.toContain(secret);
      expect(view.messages.map((m: { kind: string }) => m.kind)).toEqual(['comment']);
      expect(view.canWriteInternal).toBe(false);
      const listed = await w.as(reader).get(`/api/v1/orders/${o.id}/messages`).expect(200);
      expect(listed.text).not.toContain(secret);
      expect(listed.body.items.map((m: { kind: string }) => m.kind)).toEqual(['comment']);
      const timeline = await w.as(reader).get(`/api/v1/orders/${o.id}/timeline`).expect(200);
      expect(timeline.body.items.map((i: { action: string }) => i.action)).not.toContain('order.note_internal');
    }

    // Nothing was published about the note: no mail, notification or webhook can carry it.
    await until('the comment mailed and hooked', async () => {
      const mailed = smtp.mails.some((m) => textOf(m.raw).includes('We are on it.'));
      return mailed && hookBodies.some((b) => b.includes('We are on it.'));
    });
    const published = await t.db.query(`SELECT type FROM outbox_events WHERE order_id = $1 AND payload::text LIKE $2`, [
      o.id,
      '%40% over%',
    ]);
    expect(published).toEqual([]);
    expect(smtp.mails.filter((m) => textOf(m.raw).includes('40% over budget'))).toEqual([]);
    expect(hookBodies.filter((b) => b.includes('40% over budget'))).toEqual([]);
    const notes = await t.db.query(`SELECT n.event FROM notifications n WHERE n.order_id = $1 AND n.user_id = $2`, [o.id, s.requester.id]);
    expect(notes.map((n: { event: string }) => n.event).sort()).toEqual(['attachment.added', 'message.posted']);
  });

  it('answers what is open in one step: the requester’s answer returns the order to the support unit', async () => {
    const o = await aSubmittedOrder(w, s);
    const asked = (await w.as(s.deliverer).post(`/api/v1/orders/${o.id}/messages`, { kind: 'question', body: 'Which date?' }).expect(201))
      .body;
    await w.as(s.deliverer).post(`/api/v1/orders/${o.id}/messages`, { kind: 'question', body: 'And how many?' }).expect(201);
    const waiting = await order(s.requester, o.id);
    expect(waiting.status).toBe('in_consultation');
    expect(waiting.messages.map((m: { canAnswer: boolean }) => m.canAnswer)).toEqual([true, true]);
    // The support unit does not answer its own questions.
    expect((await order(s.deliverer, o.id)).messages.map((m: { canAnswer: boolean }) => m.canAnswer)).toEqual([false, false]);
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${o.id}/messages`, { kind: 'answer', body: 'x', version: waiting.version - 1 })
      .expect(409);

    const answer = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${o.id}/messages`, { kind: 'answer', body: 'The 4th of May, 300 copies.', version: waiting.version })
        .expect(201)
    ).body;
    expect(answer.status).toBe('submitted');
    expect(answer.version).toBe(waiting.version + 1);
    const after = await order(s.requester, o.id);
    expect(after.status).toBe('submitted');
    expect(after.messages.every((m: { canAnswer: boolean }) => !m.canAnswer)).toBe(true);
    const listed = (await w.as(s.requester).get(`/api/v1/orders/${o.id}/messages`).expect(200)).body.items;
    expect(listed.find((m: { id: string }) => m.id === asked.id).canAnswer).toBe(false);
    const timeline = (await w.as(s.requester).get(`/api/v1/orders/${o.id}/timeline`).expect(200)).body.items;
    expect(timeline.filter((i: { kind: string }) => i.kind === 'status').at(-1)).toMatchObject({
      action: 'answer',
      from: 'in_consultation',
      to: 'submitted',
    });
    // The support unit hears "question answered", with the answer's text; the requester hears nothing of their own answer.
    const mail = await until('the answer mailed', async () =>
      smtp.mails.find((m) => m.to.includes(s.deliverer.email.toLowerCase()) && textOf(m.raw).includes('The 4th of May, 300 copies.')),
    );
    expect(subjectOf(mail.raw)).toBe(`[${o.reference}] Question answered: Open day flyer`);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails.filter((m) => m.to.includes(s.requester.email.toLowerCase()) && textOf(m.raw).includes('300 copies'))).toEqual([]);

    // With only advice open there is nothing to answer: the requester revises or keeps (409), or comments.
    const advised = await aSubmittedOrder(w, s);
    await w.as(s.deliverer).post(`/api/v1/orders/${advised.id}/messages`, { kind: 'advice', body: 'Go digital.' }).expect(201);
    await w.as(s.requester).post(`/api/v1/orders/${advised.id}/messages`, { kind: 'answer', body: 'Fine.' }).expect(409);
    await w.as(s.requester).post(`/api/v1/orders/${advised.id}/messages`, { kind: 'comment', body: 'Thinking about it.' }).expect(201);
    expect((await order(s.requester, advised.id)).status).toBe('in_consultation');
  });

  it('mails a message with its text and files to the other side, in their language, threaded per order, with a signed Reply-To', async () => {
    const o = await aSubmittedOrder(w, s);
    const file = await upload(s.deliverer, o.id, 'draft-layout.png');
    await comment(s.deliverer, o.id, 'Here is a first layout.\nTell me what you think.', { attachmentIds: [file.id] }).expect(201);
    await comment(s.requester, o.id, 'Looks good, but make the date bigger.').expect(201);

    const toRequester = await until('the comment to the requester', async () =>
      smtp.mails.find((m) => m.to.includes(s.requester.email.toLowerCase()) && textOf(m.raw).includes('Here is a first layout.')),
    );
    const text = textOf(toRequester.raw);
    expect(subjectOf(toRequester.raw)).toBe(`[${o.reference}] Uusi viesti tilauksessa: Open day flyer`);
    expect(text).toContain('Tell me what you think.');
    expect(text).toContain('draft-layout.png');
    expect(text).toContain(`https://orders.test.example/orders/${o.id}/attachments/${file.id}`);
    const author = (await w.as(s.deliverer).get('/api/v1/me').expect(200)).body.name;
    expect(text).toContain(`${author} kirjoitti:`);

    const replyTo = header(toRequester.raw, 'Reply-To')!;
    const address = /<?([^<>\s]+@[^<>\s]+)>?/.exec(replyTo)![1];
    const tag = tagOf('orders@city.example', address);
    expect(readReplyToken(REPLY_SECRET, tag!)).toEqual({ orderId: o.id, userId: s.requester.id });

    const toDeliverers = await until('the answer to both deliverers', async () => {
      const found = smtp.mails.filter((m) => textOf(m.raw).includes('make the date bigger'));
      return found.length >= 2 && found;
    });
    expect(toDeliverers.flatMap((m) => m.to).sort()).toEqual([s.deliverer.email, colleague.email].map((e) => e.toLowerCase()).sort());
    expect(toDeliverers.map((m) => subjectOf(m.raw)).sort()).toEqual(
      [
        `[${o.reference}] New message on the order: Open day flyer`,
        `[${o.reference}] Nytt meddelande i beställningen: Open day flyer`,
      ].sort(),
    );
    // Each recipient's Reply-To names them, not the other.
    for (const m of toDeliverers) {
      const target = readReplyToken(
        REPLY_SECRET,
        tagOf('orders@city.example', /<?([^<>\s]+@[^<>\s]+)>?/.exec(header(m.raw, 'Reply-To')!)![1])!,
      );
      const user = m.to[0] === s.deliverer.email.toLowerCase() ? s.deliverer : colleague;
      expect(target).toEqual({ orderId: o.id, userId: user.id });
    }

    // Threading: every mail about this order refers to the order's root; each has its own Message-ID.
    // The mails go out one job at a time: wait for all five (submitted ×2, attachment, comment, answer ×2).
    const ofOrder: ReceivedMail[] = await until('every mail about the order', async () => {
      const mails = smtp.mails.filter((m) => (header(m.raw, 'References') ?? '').includes(o.id));
      return mails.length >= 5 && mails;
    });
    expect(ofOrder.length).toBeGreaterThanOrEqual(5);
    const root = `<order-${o.id}@orders.test.example>`;
    for (const m of ofOrder) {
      expect(header(m.raw, 'In-Reply-To')).toBe(root);
      expect(header(m.raw, 'References')).toBe(root);
    }
    const ids = ofOrder.map((m) => header(m.raw, 'Message-ID'));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^<[0-9a-f-]{36}@orders\.test\.example>$/.test(id ?? ''))).toBe(true);
    // Nobody is told of their own message.
    expect(
      smtp.mails.filter((m) => m.to.includes(s.deliverer.email.toLowerCase()) && textOf(m.raw).includes('Here is a first layout.')),
    ).toEqual([]);
  });
});
