import fc from 'fast-check';
import { readReplyToken, replyToken, tagOf, taggedAddress } from './reply-token';

const SECRET = 'a-long-enough-secret';

describe('reply tokens', () => {
  it('read back the order and recipient they were made for, and fit an address local part', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (orderId, userId) => {
        const token = replyToken(SECRET, { orderId, userId });
        expect(readReplyToken(SECRET, token)).toEqual({ orderId: orderId.toLowerCase(), userId: userId.toLowerCase() });
        expect(taggedAddress('orders@city.example', token).split('@')[0].length).toBeLessThanOrEqual(64);
      }),
    );
  });

  it('refuse any changed character, another secret and garbage', () => {
    const token = replyToken(SECRET, { orderId: '5b0c6a52-3f0e-4a5e-9d43-2f1d1f8c0a11', userId: '0d5c0a7e-8b2a-4c51-9a8f-6a3b2c1d0e9f' });
    expect(readReplyToken('another-long-secret', token)).toBeNull();
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCxyz019-_'), (at, char) => {
        fc.pre(token[at] !== char);
        expect(readReplyToken(SECRET, token.slice(0, at) + char + token.slice(at + 1))).toBeNull();
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => expect(readReplyToken(SECRET, text)).toBeNull()));
  });

  it('tag an address and find the tag again, only for the same mailbox', () => {
    expect(taggedAddress('orders@city.example', 'AbC')).toBe('orders+AbC@city.example');
    expect(tagOf('orders@city.example', 'Orders+AbC@CITY.example')).toBe('AbC');
    expect(tagOf('orders@city.example', 'orders@city.example')).toBeNull();
    expect(tagOf('orders@city.example', 'orders+@city.example')).toBeNull();
    expect(tagOf('orders@city.example', 'other+AbC@city.example')).toBeNull();
    expect(tagOf('orders@city.example', 'orders+AbC@evil.example')).toBeNull();
  });
});
