import fc from 'fast-check';
import { replyToken, taggedAddress } from '../../notifications/domain/reply-token';
import { mailTarget } from './mail-target';

const BASE = 'orders@city.example';

describe('mailTarget', () => {
  it('finds a reply token in any recipient, the envelope’s first', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (orderId, userId) => {
        const token = replyToken('a-long-enough-secret', { orderId, userId });
        expect(mailTarget(BASE, ['someone@else.example', taggedAddress(BASE, token)])).toEqual({ kind: 'reply', token });
      }),
    );
  });

  it('finds a service alias, lower-cased', () => {
    expect(mailTarget(BASE, ['Orders+Flyers@City.Example'])).toEqual({ kind: 'alias', alias: 'flyers' });
    expect(mailTarget(BASE, ['orders+it-support@city.example', 'orders+news@city.example'])).toEqual({
      kind: 'alias',
      alias: 'it-support',
    });
  });

  it('tells an unknown tag from no tag at all', () => {
    expect(mailTarget(BASE, ['orders+not_an alias@city.example'])).toEqual({ kind: 'unknown', tag: 'not_an alias' });
    expect(mailTarget(BASE, ['orders@city.example'])).toBeNull();
    expect(mailTarget(BASE, ['orders+x@elsewhere.example', 'other+x@city.example'])).toBeNull();
    expect(mailTarget(BASE, [])).toBeNull();
  });
});
