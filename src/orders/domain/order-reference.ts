// Human-facing order references such as COM-2026-0042: short enough to say on the
// phone, and the prefix tells at a glance which support unit the order belongs to.

export const PREFIX_PATTERN = /^[A-Z]{2,5}$/;
export const FALLBACK_PREFIX = 'SRV';

export function formatReference(prefix: string, year: number, sequence: number): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new RangeError(`Invalid reference prefix "${prefix}"`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid year ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Invalid sequence ${sequence}`);
  // Pad to 4 for neat sorting in the common case; a busy year simply grows to 5+ digits.
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

// Filler words would otherwise steal an initial ('Department of Finance' -> 'DOF').
const STOP_WORDS = new Set(['AND', 'OF', 'THE', 'FOR', 'EN', 'VAN', 'DE', 'HET', 'VOOR']);
const PREFIX_LENGTH = 3;

/**
 * Derives a 3-letter prefix from a unit name:
 * one word -> its first three letters ('Communications' -> 'COM');
 * several words -> one initial per word, topped up from the earliest words
 * ('IT Services' -> 'ITS', 'Human Resources' -> 'HUR', 'Public Works and Roads' -> 'PWR').
 * Falls back to 'SRV' when the name has fewer than two usable letters.
 */
export function unitPrefix(name: string): string {
  const words =
    name
      // Strip accents so 'Économie' still yields 'ECO' rather than dropping the É.
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toUpperCase()
      .match(/[A-Z]+/g) ?? [];
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  const used = (meaningful.length > 0 ? meaningful : words).slice(0, PREFIX_LENGTH);

  // Each word gets one letter; spare slots go to earlier words while they have letters.
  const take = used.map(() => 1);
  let spare = PREFIX_LENGTH - used.length;
  for (let i = 0; i < used.length && spare > 0; i++) {
    const extra = Math.min(spare, used[i]!.length - 1);
    take[i]! += extra;
    spare -= extra;
  }
  const prefix = used.map((w, i) => w.slice(0, take[i])).join('');
  return PREFIX_PATTERN.test(prefix) ? prefix : FALLBACK_PREFIX;
}
