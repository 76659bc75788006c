import { Language, LANGUAGES, isLanguage } from '../../common/language';
import { Catalog, en, MessageKey } from './en';
import { fi } from './fi';
import { sv } from './sv';

export const CATALOGS: Record<Language, Catalog> = { en, fi, sv };

/** Each language named in itself, for the switch (not translated: a reader looks for their own). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fi: 'Suomi', sv: 'Svenska' };

/** Regional formats: Finnish and Swedish as used in Finland, English with day-month order. */
const LOCALES: Record<Language, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-FI' };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** True when `key` is a message (for keys made from data: a status, an action). */
export function hasMessage(key: string): boolean {
  return Object.hasOwn(en, key);
}

/** `{name}` placeholders, in the order they appear. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

export function translator(language: Language): Translate {
  const catalog = CATALOGS[language];
  return (key, params) => {
    const text: string | undefined = catalog[key];
    if (text === undefined) throw new Error(`no message ${key} in ${language}`);
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

/** The best of our languages for an `Accept-Language` header (q-values honoured), or null. */
export function negotiateLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  // Norwegian and Danish readers understand Swedish better than English.
  const near: Record<string, Language> = { nb: 'sv', nn: 'sv', no: 'sv', da: 'sv' };
  for (const r of ranked) {
    if (isLanguage(r.primary)) return r.primary;
  }
  for (const r of ranked) if (near[r.primary]) return near[r.primary];
  return null;
}

/**
 * One language's Intl formatters, made once: constructing an Intl formatter costs far more than
 * formatting with it, and a page formats every date it shows.
 */
class Formatters {
  readonly day: Intl.DateTimeFormat;
  readonly time: Intl.DateTimeFormat;
  private readonly numbers = new Map<number, Intl.NumberFormat>();
  constructor(private readonly locale: string) {
    this.day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    this.time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }
  number(fractionDigits: number): Intl.NumberFormat {
    let format = this.numbers.get(fractionDigits);
    if (!format) {
      format = new Intl.NumberFormat(this.locale, { maximumFractionDigits: fractionDigits });
      this.numbers.set(fractionDigits, format);
    }
    return format;
  }
}

const FORMATTERS = new Map<Language, Formatters>();

function formattersFor(language: Language): Formatters {
  let formatters = FORMATTERS.get(language);
  if (!formatters) {
    formatters = new Formatters(LOCALES[language]);
    FORMATTERS.set(language, formatters);
  }
  return formatters;
}

/** Formats dates and numbers for a language. Calendar days (`YYYY-MM-DD`) are not shifted by time zones. */
export class Formats {
  private readonly formatters: Formatters;
  constructor(readonly language: Language) {
    this.formatters = formattersFor(language);
  }

  /** `2026-12-15` → 15 Dec 2026 / 15.12.2026 / 15.12.2026. */
  day(value: string | Date | null | undefined): string {
    if (!value) return '';
    const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
    return this.formatters.day.format(date);
  }

  /** A moment, in the server's time zone. */
  time(value: string | Date | null | undefined): string {
    if (!value) return '';
    return this.formatters.time.format(new Date(value));
  }

  number(value: number | null | undefined, fractionDigits = 0): string {
    if (value === null || value === undefined) return '';
    return this.formatters.number(fractionDigits).format(value);
  }
}

export { LANGUAGES };
export type { Language, MessageKey };
