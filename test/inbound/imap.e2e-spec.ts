import { ImapFlow } from 'imapflow';
import { replyToken, taggedAddress } from '../../src/notifications/domain/reply-token';
import { ImapPoller } from '../../src/inbound/imap-poller';
import { aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { Dovecot, imapTestsOptedOut, startDovecot } from '../support/dovecot';
import { until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';
import { PDF, quotedReply, rawMail, REPLY_ADDRESS, REPLY_SECRET } from './inbound-mails';

/** The workers read a real IMAP mailbox (Dovecot, started by the test). */
(imapTestsOptedOut() ? describe.skip : describe)('mail in by IMAP (INBOUND_IMAP_URL)', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let imap: ImapFlow;

  beforeAll(async () => {
    dovecot = await startDovecot();
    imap = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await imap.connect();
    t = await startTestApp({
      REPLY_ADDRESS,
      REPLY_SECRET,
      INBOUND_IMAP_URL: dovecot.url,
      INBOUND_POLL_SECONDS: '1',
      WORKERS: 'true',
      JOB_POLL_MS: '200',
    });
    w = new World(t);
    s = await aScenario(w);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await imap?.logout().catch(() => undefined);
    await dovecot?.close();
  });

  async function anOrderWithAQuestion(): Promise<{ id: string }> {
    const order = await aSubmittedOrder(w, s);
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'Which languages?' }).expect(201);
    return order;
  }

  const requesterMessages = async (orderId: string) =>
    (
      (await w.as(s.requester).get(`/api/v1/orders/${orderId}/messages`).expect(200)).body.items as Array<{ side: string; body: string }>
    ).filter((m) => m.side === 'requester');

  const unseen = async (): Promise<number[]> => {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      return (await imap.search({ seen: false }, { uid: true })) || [];
    } finally {
      lock.release();
    }
  };

  it('turns a reply in the mailbox into the answer, with its file, and marks the mail seen', async () => {
    const order = await anOrderWithAQuestion();
    const raw = await rawMail({
      from: s.requester.email,
      to: taggedAddress(REPLY_ADDRESS, replyToken(REPLY_SECRET, { orderId: order.id, userId: s.requester.id })),
      subject: 'Re: A question about your order',
      text: quotedReply('Finnish and Swedish.'),
      attachments: [{ filename: 'brief.pdf', content: PDF }],
    });
    await imap.append('INBOX', raw);
    const [answer] = await until(
      'the answer from the mailbox',
      async () => {
        const messages = await requesterMessages(order.id);
        return messages.length > 0 && messages;
      },
      30_000,
    );
    expect(answer.body).toBe('Finnish and Swedish.');
    const files = (await w.as(s.requester).get(`/api/v1/orders/${order.id}/attachments`).expect(200)).body.items;
    expect(files.map((f: { name: string }) => f.name)).toEqual(['brief.pdf']);
    await until('the mail to be seen', async () => (await unseen()).length === 0, 30_000);
    const [row] = await t.db.query(`SELECT source, outcome FROM inbound_mails WHERE order_id = $1`, [order.id]);
    expect(row).toEqual({ source: 'imap', outcome: 'message' });
  });

  it('takes a mail once when it is in the mailbox twice and two workers read it at the same time', async () => {
    const order = await anOrderWithAQuestion();
    const raw = await rawMail({
      from: s.requester.email,
      to: taggedAddress(REPLY_ADDRESS, replyToken(REPLY_SECRET, { orderId: order.id, userId: s.requester.id })),
      subject: 'Re: question',
      text: 'Only Finnish.',
    });
    await imap.append('INBOX', raw);
    await imap.append('INBOX', raw);
    // Two workers at once, besides the workers' own schedule: no lock between them, only the Message-ID.
    const poller = t.app.get(ImapPoller);
    await Promise.all([poller.pollOnce(), poller.pollOnce()]);
    await until('every mail to be seen', async () => (await unseen()).length === 0, 30_000);
    expect((await requesterMessages(order.id)).map((m) => m.body)).toEqual(['Only Finnish.']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM inbound_mails WHERE order_id = $1`, [order.id]);
    expect(n).toBe(1);
  });
});

/** Where the server offers IDLE, new mail is read at once rather than at the next poll. */
(imapTestsOptedOut() ? describe.skip : describe)('mail in by IMAP IDLE', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    dovecot = await startDovecot();
    // An hour between polls: only IDLE can bring the mail in within the test.
    t = await startTestApp({ REPLY_ADDRESS, REPLY_SECRET, INBOUND_IMAP_URL: dovecot.url, INBOUND_POLL_SECONDS: '3600', WORKERS: 'true' });
    w = new World(t);
    s = await aScenario(w);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('reads a mail as soon as it arrives', async () => {
    const order = await aSubmittedOrder(w, s);
    await w.as(s.deliverer).post(`/api/v1/orders/${order.id}/messages`, { kind: 'question', body: 'Which languages?' }).expect(201);
    // The first round at start is over (nothing to read) before the mail comes.
    await new Promise((r) => setTimeout(r, 1000));
    const sender = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await sender.connect();
    const raw = await rawMail({
      from: s.requester.email,
      to: taggedAddress(REPLY_ADDRESS, replyToken(REPLY_SECRET, { orderId: order.id, userId: s.requester.id })),
      subject: 'Re: question',
      text: 'Swedish.',
    });
    await sender.append('INBOX', raw);
    await sender.logout();
    const messages = await until(
      'the answer, brought in by IDLE',
      async () => {
        const items = (await w.as(s.requester).get(`/api/v1/orders/${order.id}/messages`).expect(200)).body.items as Array<{
          side: string;
          body: string;
        }>;
        return items.some((m) => m.side === 'requester') && items;
      },
      10_000,
    );
    expect(messages.find((m) => m.side === 'requester')!.body).toBe('Swedish.');
  });
});
