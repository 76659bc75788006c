import fc from 'fast-check';
import { MAX_REPLY_CHARS, replyText } from './reply-text';

/** Lines a person might write: no quote marks, headers or signature delimiters among them. */
const ownLine = fc
  .stringMatching(/^[A-Za-z0-9åäöÅÄÖ ,.!?'()-]{0,60}$/)
  .filter(
    (line) =>
      !/(wrote|kirjoitti|skrev)\s*:?\s*$/i.test(line) && !/^\s*(on|den|am|le|from|från|lähettäjä)\b/i.test(line) && !/^-/.test(line),
  );
const ownText = fc.array(ownLine, { minLength: 1, maxLength: 8 }).map((lines) => lines.join('\n'));

describe('replyText', () => {
  it.each([
    ['Gmail, en', 'Yes, Finnish too.\n\nOn Mon, 7 Dec 2026 at 10:00, Support <no-reply@city.example> wrote:\n> Which languages?\n'],
    [
      'Gmail, header wrapped over two lines',
      'Yes, Finnish too.\n\nOn Mon, 7 Dec 2026 at 10:00, Support orders\n<no-reply@city.example> wrote:\n> Which languages?',
    ],
    ['Finnish', 'Yes, Finnish too.\n\nma 7.12.2026 klo 10.00 Tukipalvelut <no-reply@city.example> kirjoitti:\n> Millä kielillä?'],
    ['Swedish, verb first', 'Yes, Finnish too.\n\nDen 7 dec. 2026 kl. 10:00 skrev Stödtjänster <no-reply@city.example>:\n> Vilka språk?'],
    ['Swedish, verb last', 'Yes, Finnish too.\n\nStödtjänster <no-reply@city.example> skrev:\n> Vilka språk?'],
    [
      'Outlook, en',
      'Yes, Finnish too.\n\n________________________________\nFrom: Support orders <no-reply@city.example>\nSent: Monday, 7 December 2026 10:00\nTo: Teacher\nSubject: A question\n\nWhich languages?',
    ],
    [
      'Outlook without the rule',
      'Yes, Finnish too.\n\nFrom: Support orders <no-reply@city.example>\nSent: Monday, 7 December 2026 10:00\nWhich languages?',
    ],
    [
      'Outlook, fi',
      'Yes, Finnish too.\n\nLähettäjä: Tukipalvelut <no-reply@city.example>\nLähetetty: maanantai 7. joulukuuta 2026 10.00\nMillä kielillä?',
    ],
    ['Outlook, sv', 'Yes, Finnish too.\n\nFrån: Stödtjänster <no-reply@city.example>\nSkickat: den 7 december 2026 10:00\nVilka språk?'],
    ['original message rule', 'Yes, Finnish too.\n-----Original Message-----\nFrom: x\nWhich languages?'],
    ['signature', 'Yes, Finnish too.\n-- \nMaija Meikäläinen\nSchool'],
    ['signature without the space', 'Yes, Finnish too.\n--\nMaija'],
    ['CRLF line ends', 'Yes, Finnish too.\r\n\r\nOn Mon, 7 Dec 2026, Support wrote:\r\n> Which languages?\r\n'],
  ])('keeps only the reply (%s)', (_name, mail) => {
    expect(replyText(mail)).toBe('Yes, Finnish too.');
  });

  it('keeps an answer written between quoted lines, without the quotes', () => {
    expect(replyText('> Which languages?\nFinnish and Swedish.\n> Which date?\nThe 5th.')).toBe('Finnish and Swedish.\nThe 5th.');
  });

  it('keeps a line that only mentions someone writing', () => {
    expect(replyText('She wrote the text already, see above.')).toBe('She wrote the text already, see above.');
  });

  it('is empty when nothing but quotes was sent', () => {
    expect(replyText('On Mon, Support wrote:\n> Which languages?')).toBe('');
    expect(replyText('')).toBe('');
  });

  it('never returns a quoted line, is idempotent and stays within the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (body) => {
        const text = replyText(body);
        expect(text.split('\n').some((line) => /^\s*>/.test(line))).toBe(false);
        expect(replyText(text)).toBe(text);
        expect(text.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
      }),
    );
  });

  it('takes off whatever follows a quote header or signature, keeping what the person wrote', () => {
    const tails = fc.constantFrom(
      '\n\nOn Mon, 7 Dec 2026 at 10:00, A <a@x> wrote:\n> ',
      '\n\nma 7.12.2026 klo 10.00 A <a@x> kirjoitti:\n> ',
      '\n\nDen 7 dec. 2026 kl. 10:00 skrev A <a@x>:\n> ',
      '\n-- \n',
      '\n\nFrom: A <a@x>\nSent: Monday\n',
    );
    fc.assert(
      fc.property(ownText, tails, fc.string({ maxLength: 200 }), (own, tail, rest) => {
        expect(replyText(own + tail + rest)).toBe(replyText(own));
      }),
    );
  });

  it('cuts a long reply to MAX_REPLY_CHARS', () => {
    expect(replyText('a'.repeat(MAX_REPLY_CHARS + 10))).toHaveLength(MAX_REPLY_CHARS);
  });
});
