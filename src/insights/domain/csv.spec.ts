import fc from 'fast-check';
import { csvCell, csvLines, neutraliseFormula } from './csv';

/** What a spreadsheet sees in a cell after unquoting: the start it would take for a formula. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const FORMULA_START = /^(?:[\u0000-\u001f]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])/;
const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);

describe('CSV cells', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rReturn', "'\rReturn"],
    ['   =1+1', "'   =1+1"],
    ['Communications', 'Communications'],
    ['2026-05', '2026-05'],
    ['a=b', 'a=b'],
  ])('neutralises %j as %j', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  it('keeps numbers numbers, negative ones too, and leaves no value empty', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('neutralises full-width formula signs and any control character first', () => {
    for (const text of ['＝1+1', '＋1', '－1', '＠SUM(A1)', '\u0000=1', '\u001b[31m']) expect(csvCell(text).startsWith("'")).toBe(true);
  });

  it('quotes cells with commas, quotes or line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
  });

  it('no text cell reads as a formula, and its text is kept after the quote', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const seen = unquote(csvCell(text));
        expect(seen).not.toMatch(FORMULA_START);
        expect(seen === text || seen === `'${text}`).toBe(true);
        // Text that could not start a formula is left exactly as it was.
        if (!FORMULA_START.test(text)) expect(seen).toBe(text);
      }),
    );
  });

  it('every finite number is written as itself', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(csvCell(n)) === n).toBe(true);
      }),
    );
  });

  it('joins rows with CRLF', () => {
    expect(
      csvLines([
        ['a', 1],
        ['-b', -1],
      ]),
    ).toBe("a,1\r\n'-b,-1\r\n");
  });
});
