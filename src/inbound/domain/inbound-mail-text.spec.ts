import { LANGUAGES } from '../../common/language';
import { draftStartedMail, REFUSALS, refusalMail } from './inbound-mail-text';

describe('the mails sent back to whoever wrote in', () => {
  it('explain every refusal in every language, with the link, each language its own words', () => {
    for (const reason of REFUSALS) {
      const texts = LANGUAGES.map((language) => refusalMail(reason, language, 'Re: flyer', 'https://orders.example').text);
      expect(new Set(texts).size).toBe(LANGUAGES.length);
      for (const text of texts) expect(text).toContain('https://orders.example');
    }
  });

  it('name the mail they answer, and escape it in HTML', () => {
    const mail = refusalMail('bad_token', 'fi', '<b>Re: flyer</b>', 'https://orders.example');
    expect(mail.subject).toBe('Viestiäsi ei lisätty: <b>Re: flyer</b>');
    expect(mail.html).not.toContain('<b>');
  });

  it('give the link to finish a draft in every language', () => {
    for (const language of LANGUAGES) {
      const mail = draftStartedMail(language, 'Maija', 'COM-2026-0001', 'Flyer', 'https://orders.example/orders/1/edit');
      expect(mail.subject).toMatch(/^\[COM-2026-0001\] .+: Flyer$/);
      expect(mail.text).toContain('https://orders.example/orders/1/edit');
      expect(mail.html).toContain('href="https://orders.example/orders/1/edit"');
    }
  });
});
