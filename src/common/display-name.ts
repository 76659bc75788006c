import { Transform } from 'class-transformer';

// Line breaks and tabs become spaces; other control characters (C0, DEL, C1) and the
// invisible bidirectional controls (which can make "gpj.exe" read as "exe.jpg"), zero-width
// spaces, soft hyphens and tag characters go. ZWJ/ZWNJ stay: some scripts need them.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\u{e0001}|[\u{e0020}-\u{e007f}]/gu;

/**
 * A name as shown on every page, chart and export: trimmed, one space between words, no
 * control characters. Pure, so every write of a unit or service name cleans the same way.
 */
export function cleanDisplayName(name: string): string {
  return name.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** DTO transform: the name is cleaned before it is validated, so a name that is only control characters is refused as empty. */
export function CleanDisplayName(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? cleanDisplayName(value) : value));
}
