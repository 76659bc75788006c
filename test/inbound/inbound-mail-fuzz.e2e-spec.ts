import fc from 'fast-check';
import { replyToken, taggedAddress } from '../../src/notifications/domain/reply-token';
import { aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';
import { INBOUND_ENV, pipe, REPLY_ADDRESS, REPLY_SECRET } from './inbound-mails';

/**
 * Hostile mail through the HTTP route: huge, deeply nested MIME, broken encodings and
 * charsets, header injection, zip and HTML parts, raw junk. Never a 5xx, and nothing is made
 * from a mail whose sender is not the token's recipient or a requester writing to an alias.
 * One fixed seed (FUZZ_SEED=random explores, FUZZ_RUNS sets how many).
 */
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20261208);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** A minimal zip archive (an empty one: the end-of-central-directory record alone). */
const ZIP = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');

describe('mail in: hostile mail', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestApp({ ...INBOUND_ENV, MAX_UPLOAD_MB: '1' });
    w = new World(t);
    s = await aScenario(w);
    orderId = (await aSubmittedOrder(w, s)).id;
    const manager = await w.aManager(s.support);
    await w.as(manager).patch(`/api/v1/services/${s.serviceId}`, { emailAlias: 'fuzz' }).expect(200);
  }, 60_000);
  afterAll(() => t?.close());

  const counts = async (): Promise<{ messages: number; orders: number }> => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM consultation_messages) AS messages, (SELECT count(*)::int FROM orders) AS orders`,
    );
    return row;
  };

  it('never answers 5xx, and makes nothing from a sender who may not', async () => {
    const token = replyToken(REPLY_SECRET, { orderId, userId: s.requester.id });
    const strangers = ['stranger@elsewhere.example', s.deliverer.email.toUpperCase() + '.evil', `"${s.requester.email}" <evil@x.example>`];
    const from = fc.oneof(
      fc.constantFrom(...strangers, '', 'not an address', `${s.requester.email}, ${s.deliverer.email}`),
      fc.constant(s.requester.email),
      fc.string({ maxLength: 80 }),
    );
    const to = fc.oneof(
      fc.constantFrom(
        taggedAddress(REPLY_ADDRESS, token),
        taggedAddress(REPLY_ADDRESS, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')),
        'orders+fuzz@city.example',
        'orders+nothing@city.example',
        REPLY_ADDRESS,
        `${taggedAddress(REPLY_ADDRESS, token)}\r\nBcc: victim@x.example`,
      ),
      fc.string({ maxLength: 80 }),
    );
    const hostileText = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        '=?UTF-8?B?////?=',
        '=?x-unknown?Q?=FF=FE?=',
        '\u0000\u202e\ud800',
        'Subject: injected\r\nBcc: victim@x.example',
        '=XX=\r\n=',
        '',
      ),
    );
    const leaf = fc.oneof(
      hostileText.map((text) => `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}`),
      hostileText.map(
        (text) =>
          `Content-Type: text/html; charset=x-unknown\r\n\r\n<script>alert(1)</script><blockquote>${text}</blockquote><img src=x onerror=alert(1)>`,
      ),
      fc.constant(
        `Content-Type: application/zip; name="a.zip"\r\nContent-Disposition: attachment; filename="../../a.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n${ZIP.toString('base64')}`,
      ),
      fc.constant(
        'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="run.exe"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=',
      ),
      fc.constant('Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!'),
      fc.constant('Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=0'),
    );
    /** `depth` levels of multipart around a leaf, some with a boundary that never closes. */
    const nested = fc.tuple(fc.nat(60), leaf, fc.boolean()).map(([depth, inner, unclosed]) => {
      let body = inner;
      for (let i = 0; i < depth; i++) {
        const boundary = `b${i}`;
        body = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${body}\r\n${unclosed && i % 2 ? '' : `--${boundary}--\r\n`}`;
      }
      return body;
    });
    const headers = fc.array(
      fc.oneof(
        fc.constantFrom(
          'Auto-Submitted: no',
          'Return-Path: <>',
          'X-Injected: a\r\n b',
          'Message-ID: <same@fuzz>',
          'Message-ID:',
          'Content-Type: multipart/report',
        ),
        fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), fc.string({ maxLength: 100 })).map(([k, v]) => `${k}: ${v}`),
        fc.constant(`X-Long: ${'a'.repeat(20_000)}`),
      ),
      { maxLength: 6 },
    );
    const mail = fc
      .record({ from, to, subject: hostileText, headers, body: nested })
      .map(({ from, to, subject, headers, body }) =>
        Buffer.from(
          `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${Math.random()}@fuzz>\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}MIME-Version: 1.0\r\n${body}`,
        ),
      );
    const junk = fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes));

    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: mail }, { weight: 1, arbitrary: junk }), async (raw) => {
        const before = await counts();
        const res = await pipe(t, raw);
        expect(res.status).toBeLessThan(500);
        const after = await counts();
        const text = raw.toString('latin1');
        const fromLine = /^From: (.*)$/m.exec(text)?.[1] ?? '';
        // Only the requester's own address (alone in From) may make something.
        if (fromLine.trim().toLowerCase() !== s.requester.email) expect(after).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 300_000);

  it('takes a mail at the size limit without a 5xx, and refuses one past it with 413', async () => {
    const big = Buffer.from(
      `From: stranger@elsewhere.example\r\nTo: ${REPLY_ADDRESS}\r\nSubject: big\r\nContent-Type: text/plain\r\n\r\n${'x'.repeat(2 * 1024 * 1024)}`,
    );
    expect((await pipe(t, big).expect(202)).body.outcome).toBe('refused');
    await pipe(t, Buffer.concat([big, Buffer.alloc(1024 * 1024, 'y')])).expect(413);
  }, 60_000);
});
