import fc from 'fast-check';
import { isEmailAlias, normalEmailAlias } from './email-alias';

describe('service mail aliases', () => {
  it('are lower-case letters, digits and inner hyphens, 1 to 40 long', () => {
    for (const ok of ['news', 'it-support', 'a', '3d-print', 'a'.repeat(40)]) expect(isEmailAlias(ok)).toBe(true);
    for (const bad of ['', 'News', '-news', 'news-', 'no spaces', 'a+b', 'a@b', 'a'.repeat(41), 'ä']) expect(isEmailAlias(bad)).toBe(false);
  });

  it('can never look like a reply token (56 characters)', () => {
    fc.assert(fc.property(fc.string(), (text) => expect(isEmailAlias(text) && text.length >= 56).toBe(false)));
  });

  it('are stored trimmed and lower-cased', () => {
    expect(normalEmailAlias('  Flyers ')).toBe('flyers');
  });
});
