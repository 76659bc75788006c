import fc from 'fast-check';
import { FALLBACK_PREFIX, PREFIX_PATTERN, formatReference, unitPrefix } from './order-reference';

describe('formatReference', () => {
  it('zero-pads the sequence to four digits', () => {
    expect(formatReference('COM', 2026, 42)).toBe('COM-2026-0042');
    expect(formatReference('IT', 2026, 1)).toBe('IT-2026-0001');
    expect(formatReference('ITS', 2026, 9999)).toBe('ITS-2026-9999');
  });

  it('grows beyond four digits instead of truncating', () => {
    expect(formatReference('COM', 2026, 12345)).toBe('COM-2026-12345');
  });

  it('rejects invalid parts', () => {
    expect(() => formatReference('com', 2026, 1)).toThrow(RangeError);
    expect(() => formatReference('C', 2026, 1)).toThrow(RangeError);
    expect(() => formatReference('COM', 26, 1)).toThrow(RangeError);
    expect(() => formatReference('COM', 2026, 0)).toThrow(RangeError);
    expect(() => formatReference('COM', 2026, 1.5)).toThrow(RangeError);
  });

  it('property: parses back into its parts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{2,5}$/),
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (prefix, year, seq) => {
          const m = /^([A-Z]{2,5})-(\d{4})-(\d{4,})$/.exec(formatReference(prefix, year, seq));
          return m !== null && m[1] === prefix && Number(m[2]) === year && Number(m[3]) === seq;
        },
      ),
    );
  });
});

describe('unitPrefix', () => {
  it.each([
    ['Communications', 'COM'],
    ['IT Services', 'ITS'],
    ['Human Resources', 'HUR'],
    ['Facility Management', 'FAM'],
    ['Public Works and Roads', 'PWR'],
    ['Department of Finance', 'DEF'],
    ['  legal   affairs ', 'LEA'],
    ['Économie', 'ECO'],
    ['A Team', 'ATE'],
    ['HR', 'HR'],
    ['The', 'THE'],
    ['Facilities & ICT-support', 'FIS'],
  ])('%s -> %s', (name, prefix) => {
    expect(unitPrefix(name)).toBe(prefix);
  });

  it.each(['', '   ', '123', '—', 'Отдел', 'X'])('falls back to SRV for %j', (name) => {
    expect(unitPrefix(name)).toBe(FALLBACK_PREFIX);
  });

  it('property: always matches the prefix pattern for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (name) =>
        PREFIX_PATTERN.test(unitPrefix(name)),
      ),
      { numRuns: 1000 },
    );
  });

  it('property: is deterministic and ignores surrounding whitespace', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const p = unitPrefix(name);
        return unitPrefix(` ${name.toLowerCase()} `) === unitPrefix(name.toLowerCase()) && p === unitPrefix(name);
      }),
    );
  });
});
