import fc from 'fast-check';
import { automaticReason, MailHeaders } from './automatic-mail';

const person: MailHeaders = {
  autoSubmitted: '',
  returnPath: '<teacher@school.example>',
  contentType: 'multipart/mixed; boundary="x"',
  listId: '',
  listUnsubscribe: '',
  precedence: '',
  xAutoreply: '',
  from: 'teacher@school.example',
};

describe('automaticReason', () => {
  it('takes a person’s mail as a person’s, also with Auto-Submitted: no', () => {
    expect(automaticReason(person)).toBeNull();
    expect(automaticReason({ ...person, autoSubmitted: 'no' })).toBeNull();
    expect(automaticReason({ ...person, autoSubmitted: 'No ; comment' })).toBeNull();
  });

  it.each<[Partial<MailHeaders>, string]>([
    [{ autoSubmitted: 'auto-replied' }, 'auto-submitted'],
    [{ autoSubmitted: 'auto-generated' }, 'auto-submitted'],
    [{ autoSubmitted: 'auto-notified; owner-email="x@y"' }, 'auto-submitted'],
    [{ xAutoreply: 'yes' }, 'auto-reply'],
    [{ returnPath: '<>' }, 'bounce'],
    [{ contentType: 'multipart/report; report-type=delivery-status' }, 'bounce'],
    [{ from: 'MAILER-DAEMON@city.example' }, 'bounce'],
    [{ from: 'postmaster@city.example' }, 'bounce'],
    [{ listId: '<news.city.example>' }, 'list'],
    [{ listUnsubscribe: '<mailto:leave@city.example>' }, 'list'],
    [{ precedence: 'bulk' }, 'bulk'],
    [{ precedence: 'List' }, 'bulk'],
    [{ precedence: 'junk' }, 'bulk'],
  ])('knows a machine’s mail by %j', (headers, reason) => {
    expect(automaticReason({ ...person, ...headers })).toBe(reason);
  });

  it('calls any Auto-Submitted value but "no" automatic', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z-]{1,20}$/), (value) => {
        fc.pre(value !== 'no');
        expect(automaticReason({ ...person, autoSubmitted: value })).not.toBeNull();
      }),
    );
  });
});
