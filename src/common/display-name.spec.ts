import fc from 'fast-check';
import { cleanDisplayName } from './display-name';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('cleanDisplayName', () => {
  it('trims, turns line breaks into spaces and drops control and bidi characters', () => {
    expect(cleanDisplayName('  Communi\u0007cations\r\nNorth\u202e  ')).toBe('Communications North');
    expect(cleanDisplayName('\u0085\u009b\u2066')).toBe('');
    expect(cleanDisplayName('Åbo Akademi – IT')).toBe('Åbo Akademi – IT');
    // Invisible format characters: zero-width space, word joiner, BOM, soft hyphen, tag letters.
    expect(cleanDisplayName('IT\u200b\u2060\ufeff\u00ad Desk\u{e0041}')).toBe('IT Desk');
  });

  it('never leaves a control character, outer space or a double space, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const clean = cleanDisplayName(raw);
        expect(clean).not.toMatch(CONTROL);
        expect(clean).toBe(clean.trim());
        expect(clean).not.toMatch(/\s\s/);
        expect(cleanDisplayName(clean)).toBe(clean);
      }),
    );
  });
});
