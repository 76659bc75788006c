import fc from 'fast-check';
import { mailHeaders, orderThreadId } from './mail-headers';
import { readReplyToken, tagOf } from './reply-token';

const SECRET = 'a secret of sixteen or more';
const reply = { address: 'orders@city.example', secret: SECRET };

describe('mail headers', () => {
  it('gives a mail without an order only its own Message-ID', () => {
    expect(mailHeaders({ mailId: 'm1', host: 'orders.example', orderId: null, userId: 'u', reply })).toEqual({
      messageId: '<m1@orders.example>',
    });
  });

  it('threads a mail about an order under the order, and carries no Reply-To while replies are not taken', () => {
    const orderId = '0b3a7f4e-8d0e-4a51-9a7c-2f1e4a1b9c01';
    expect(mailHeaders({ mailId: 'm2', host: 'orders.example', orderId, userId: null, reply })).toEqual({
      messageId: '<m2@orders.example>',
      inReplyTo: `<order-${orderId}@orders.example>`,
      references: `<order-${orderId}@orders.example>`,
    });
    expect(mailHeaders({ mailId: 'm2', host: 'h', orderId, userId: orderId, reply: null }).replyTo).toBeUndefined();
  });

  it('property: the Reply-To of a mail to a user about an order reads back as that order and that user, and the thread is the same for every mail of the order', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), fc.uuid(), (orderId, userId, mailA, mailB) => {
        const a = mailHeaders({ mailId: mailA, host: 'h.example', orderId, userId, reply });
        const b = mailHeaders({ mailId: mailB, host: 'h.example', orderId, userId, reply });
        const tag = tagOf(reply.address, a.replyTo!);
        expect(tag).not.toBeNull();
        expect(readReplyToken(SECRET, tag!)).toEqual({ orderId: orderId.toLowerCase(), userId: userId.toLowerCase() });
        expect(readReplyToken('another secret, sixteen+', tag!)).toBeNull();
        expect(a.references).toBe(orderThreadId(orderId, 'h.example'));
        expect(b.inReplyTo).toBe(a.inReplyTo);
        expect(a.messageId === b.messageId).toBe(mailA === mailB);
      }),
      { numRuns: 200 },
    );
  });
});
