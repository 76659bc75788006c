import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '../../common/language';
import { en } from './en';
import { CATALOGS, Formats, negotiateLanguage, placeholders, translator } from './i18n';

describe('message catalogs', () => {
  const keys = Object.keys(en).sort();

  it.each(LANGUAGES)('%s has exactly the keys of the English catalog, none empty', (language) => {
    const catalog = CATALOGS[language] as Record<string, string>;
    const missing = keys.filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(Object.entries(catalog).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it.each(LANGUAGES)('%s uses the same {placeholders} as English in every message', (language) => {
    const catalog = CATALOGS[language] as Record<string, string>;
    const differing = keys.filter((k) => placeholders(catalog[k] ?? '').join() !== placeholders(en[k as keyof typeof en]).join());
    expect(differing).toEqual([]);
  });

  it('would notice a missing key and a changed placeholder (the checks are not vacuous)', () => {
    const broken: Record<string, string> = { ...CATALOGS.fi, 'layout.signedInAs': 'Kirjautuneena: {nimi}' };
    delete broken['layout.signOut'];
    expect(keys.filter((k) => !(k in broken))).toEqual(['layout.signOut']);
    expect(placeholders(broken['layout.signedInAs'])).not.toEqual(placeholders(en['layout.signedInAs']));
  });

  it('has every key the templates and pages use literally', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.(njk|ts)$/.test(e.name) && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
      );
    const used = new Set(
      files(join(__dirname, '..')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[\w.]+)'/g)].map((m) => m[1])),
    );
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(translator('sv')('layout.signedInAs', { name: 'Anna' })).toBe('Inloggad som Anna');
  });
});

describe('negotiateLanguage', () => {
  it.each([
    ['fi-FI,fi;q=0.9,en;q=0.8', 'fi'],
    ['sv-SE', 'sv'],
    ['de-DE,en;q=0.5,fi;q=0.7', 'fi'],
    ['en-US,en;q=0.9', 'en'],
    ['fi;q=0,sv', 'sv'],
    ['nb-NO', 'sv'],
    ['de', null],
    ['', null],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe('Formats', () => {
  it('formats a calendar day without shifting it, per language', () => {
    expect(new Formats('fi').day('2026-12-05')).toBe('5.12.2026');
    expect(new Formats('en').day('2026-12-05')).toBe('5 Dec 2026');
    expect(new Formats('sv').number(1234.5, 1)).toMatch(/^1\s234,5$/);
  });
});
