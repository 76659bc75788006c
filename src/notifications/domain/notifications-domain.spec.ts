import { audienceFor } from './audience';
import { eventMail } from './mail-text';
import { isPrivateAddress, webhookUrlProblem } from './webhook-address';
import { signatureHeader, verifySignature } from './webhook-signature';

const base = { requesterId: 'r', requesterUnitId: 'ru', supportUnitId: 'su', assigneeId: null, actorId: null };

describe('who hears about what', () => {
  it('tells the delivering unit of what the requester does, and the requester of what the unit does', () => {
    expect(audienceFor('order.submitted', base)).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('order.kept', base)).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('order.reopened', base)).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('order.advised', base)).toEqual([{ user: 'r' }]);
    expect(audienceFor('order.question_asked', { ...base, side: 'deliverer' })).toEqual([{ user: 'r' }]);
    expect(audienceFor('order.question_asked', base)).toEqual([{ user: 'r' }]); // stored before `side` existed
    expect(audienceFor('order.question_asked', { ...base, side: 'requester' })).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('attachment.added', { ...base, side: 'requester' })).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('attachment.added', { ...base, side: 'deliverer' })).toEqual([{ user: 'r' }]);
    expect(audienceFor('message.posted', { ...base, side: 'deliverer' })).toEqual([{ user: 'r' }]);
    expect(audienceFor('message.posted', { ...base, side: 'requester' })).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('order.question_answered', { ...base, side: 'requester' })).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('order.accepted', base)).toEqual([{ user: 'r' }]);
    expect(audienceFor('order.delivered', base)).toEqual([{ user: 'r' }]);
    expect(audienceFor('order.change_requested', { ...base, proposedBy: 'deliverer' })).toEqual([{ user: 'r' }]);
    expect(audienceFor('order.change_requested', { ...base, proposedBy: 'requester' })).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('order.change_decided', { ...base, proposedBy: 'deliverer' })).toEqual([{ unitId: 'su', role: 'deliverer' }]);
    expect(audienceFor('recommendation.pending', { ...base, targetUnitId: 'tu' })).toEqual([{ unitId: 'tu', role: 'requester' }]);
    expect(audienceFor('order.overdue', { ...base, assigneeId: 'a' })).toEqual([
      { user: 'a', whileMember: { unitId: 'su', role: 'deliverer' } },
      { unitId: 'su', role: 'deliverer' },
    ]);
    expect(audienceFor('reminder.retrospective', { ...base, assigneeId: 'a' })).toEqual([
      { user: 'a', whileMember: { unitId: 'su', role: 'deliverer' } },
      { unitId: 'su', role: 'deliverer' },
    ]);
    expect(audienceFor('order.started', base)).toEqual([]);
    // The loop closes both ways: the retrospective reaches the requester, the feedback the delivering unit.
    expect(audienceFor('retrospective.written', base)).toEqual([{ user: 'r' }]);
    expect(audienceFor('feedback.given', base)).toEqual([{ unitId: 'su', role: 'deliverer' }]);
  });
});

describe('mail text', () => {
  it('escapes what users wrote in the HTML body', () => {
    const mail = eventMail('order.delivered', 'sv', { name: '<b>Eva</b>', reference: 'X-1', title: 'a & b', link: 'https://x/orders/1' });
    expect(mail.subject).toBe('[X-1] Din beställning har levererats: a & b');
    expect(mail.html).toContain('&lt;b&gt;Eva&lt;/b&gt;');
    expect(mail.html).toContain('a &amp; b');
    expect(mail.text).toContain('https://x/orders/1');
  });

  it('lists added files by name with their links, escaped', () => {
    const mail = eventMail('attachment.added', 'fi', {
      name: 'Eva',
      reference: 'X-1',
      title: 'Flyer',
      link: 'https://x/orders/1',
      files: [{ name: '<logo>.png', link: 'https://x/orders/1/attachments/a' }],
    });
    expect(mail.subject).toBe('[X-1] Tilaukseen lisättiin tiedostoja: Flyer');
    expect(mail.text).toContain('Tiedostot:\n- <logo>.png: https://x/orders/1/attachments/a');
    expect(mail.html).toContain('<a href="https://x/orders/1/attachments/a">&lt;logo&gt;.png</a>');
  });
});

describe('mail about a message', () => {
  it('carries the message whole, who wrote it, and says it can be answered, in every language; the HTML escaped', () => {
    const body = 'Line one <script>alert(1)</script>\nLine two & more';
    for (const [language, wrote, reply] of [
      ['en', 'Carla wrote:', 'You can answer this mail'],
      ['fi', 'Carla kirjoitti:', 'Voit vastata tähän viestiin'],
      ['sv', 'Carla skrev:', 'Du kan svara på detta meddelande'],
    ] as const) {
      const mail = eventMail('message.posted', language, {
        name: 'Anna',
        reference: 'X-1',
        title: 'Flyer',
        link: 'https://x/orders/1',
        message: { author: 'Carla', body },
        replies: true,
      });
      expect(mail.text).toContain(`${wrote}\n\n${body}`);
      expect(mail.text).toContain(reply);
      expect(mail.html).toContain('Line one &lt;script&gt;alert(1)&lt;/script&gt;\nLine two &amp; more');
      expect(mail.html).not.toContain('<script>');
    }
    const quiet = eventMail('message.posted', 'en', { name: 'Anna', reference: 'X-1', title: 'Flyer', link: 'https://x/orders/1' });
    expect(quiet.text).not.toContain('You can answer this mail');
  });

  it('says what happened: an answer is "question answered", a revision is not "after advice"', () => {
    const o = { name: 'Dan', reference: 'X-1', title: 'Flyer', link: 'https://x/orders/1' };
    expect(eventMail('order.question_answered', 'en', o).subject).toBe('[X-1] Question answered: Flyer');
    expect(eventMail('order.question_answered', 'fi', o).subject).toBe('[X-1] Kysymykseen vastattu: Flyer');
    expect(eventMail('order.question_answered', 'sv', o).subject).toBe('[X-1] Frågan besvarad: Flyer');
    for (const language of ['en', 'fi', 'sv'] as const)
      expect(eventMail('order.revised', language, o).subject).not.toMatch(/advice|neuvo|råd/i);
  });
});

describe('webhook addresses', () => {
  it('refuses loopback, private and link-local addresses, IPv4-mapped ones too', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1::1']) expect(isPrivateAddress(a)).toBe(false);
  });

  it('sees through IPv6 forms that carry an IPv4 address, and refuses tunnel ranges', () => {
    for (const a of [
      '::ffff:7f00:1', // IPv4-mapped, as URL and DNS spell it
      '::FFFF:10.0.0.1',
      '::ffff:0:7f00:1', // IPv4-translated
      '::127.0.0.1', // IPv4-compatible
      '::7f00:1',
      '::93.184.216.34', // IPv4-compatible, deprecated: refused whatever it carries
      '64:ff9b::127.0.0.1', // NAT64
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::5db8:d822', // local-use NAT64
      '2002:7f00:1::1', // 6to4
      '2002:5db8:d822::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
      'fe80::1%eth0',
      '::',
      'not an address',
    ]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['::ffff:93.184.216.34', '::ffff:5db8:d822', '64:ff9b::93.184.216.34', '2a00:1450:4001:830::200e']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    }
  });

  it('refuses URLs naming such addresses', () => {
    for (const host of ['[::ffff:127.0.0.1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::1]', '[::127.0.0.1]'])
      expect([host, webhookUrlProblem(`https://${host}/x`, 'production')]).toEqual([host, expect.stringMatching(/private/)]);
  });

  it('takes only https to a public host in production; http://127.0.0.1 in tests', () => {
    expect(webhookUrlProblem('https://hooks.example.org/x', 'production')).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.org/x', 'production')).toMatch(/https/);
    expect(webhookUrlProblem('https://localhost/x', 'production')).toMatch(/this machine/);
    expect(webhookUrlProblem('https://[::1]/x', 'production')).toMatch(/private/);
    expect(webhookUrlProblem('https://user:pw@hooks.example.org/', 'production')).toMatch(/credentials/);
    expect(webhookUrlProblem('http://127.0.0.1:8080/x', 'production')).not.toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/x', 'test')).toBeNull();
  });
});

describe('webhook signatures', () => {
  it('verifies its own signature, and refuses another secret, a changed body or an old timestamp', () => {
    const header = signatureHeader('s3cret', '{"a":1}', 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', '{"a":1}', header, 1_800_000_010)).toBe(true);
    expect(verifySignature('other', '{"a":1}', header, 1_800_000_010)).toBe(false);
    expect(verifySignature('s3cret', '{"a":2}', header, 1_800_000_010)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', header, 1_800_001_000)).toBe(false);
  });
});
