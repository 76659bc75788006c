// Business-day calendar on plain 'YYYY-MM-DD' strings.
// All arithmetic uses whole UTC day numbers so the server's local timezone and
// DST changes can never shift a due date.

export type IsoDate = string; // 'YYYY-MM-DD'

export interface Calendar {
  holidays: ReadonlySet<IsoDate>;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01, or null when the string is not a real calendar date. */
function tryDayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  // Round-trip check rejects overflow such as 2026-02-30 -> 2026-03-02.
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return Math.round(dt.getTime() / MS_PER_DAY);
}

function dayNumber(date: IsoDate): number {
  const n = tryDayNumber(date);
  if (n === null) throw new RangeError(`Invalid ISO date "${date}" (expected YYYY-MM-DD)`);
  return n;
}

function fromDayNumber(n: number): IsoDate {
  return toIsoDate(new Date(n * MS_PER_DAY));
}

function isBusinessDayNumber(n: number, cal: Calendar): boolean {
  // 1970-01-01 was a Thursday (4); normalise so negative day numbers work too.
  const weekday = (((n + 4) % 7) + 7) % 7; // 0 = Sunday
  if (weekday === 0 || weekday === 6) return false;
  return !cal.holidays.has(fromDayNumber(n));
}

export function toIsoDate(d: Date): IsoDate {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`Year ${y} is outside YYYY range`);
  const pad = (v: number, len: number) => String(v).padStart(len, '0');
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

export function isBusinessDay(date: IsoDate, cal: Calendar): boolean {
  return isBusinessDayNumber(dayNumber(date), cal);
}

export function addBusinessDays(start: IsoDate, days: number, cal: Calendar): IsoDate {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  let n = dayNumber(start);
  if (days === 0) {
    // "Zero days" still has to land on a day someone is at work.
    while (!isBusinessDayNumber(n, cal)) n++;
    return fromDayNumber(n);
  }
  let remaining = days;
  while (remaining > 0) {
    n++;
    if (isBusinessDayNumber(n, cal)) remaining--;
  }
  return fromDayNumber(n);
}

export function businessDaysBetween(from: IsoDate, to: IsoDate, cal: Calendar): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  // Counts (lo, hi]; sign says direction, so between(x, y) === -between(y, x).
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let n = lo + 1; n <= hi; n++) if (isBusinessDayNumber(n, cal)) count++;
  return sign * count;
}

export function dueDate(args: { acceptedOn: IsoDate; leadTimeDays: number; desiredDate?: IsoDate | null; calendar: Calendar }): IsoDate {
  const earliest = addBusinessDays(args.acceptedOn, args.leadTimeDays, args.calendar);
  if (args.desiredDate == null) return earliest;
  dayNumber(args.desiredDate); // validate before comparing
  // A later desired date is honoured as given (even on a weekend): it is the requester's
  // own deadline. Zero-padded ISO strings compare correctly as strings.
  return args.desiredDate > earliest ? args.desiredDate : earliest;
}

/** Parses e.g. HOLIDAYS="2026-01-01, 2026-04-27". Empty entries (trailing commas) are ignored. */
export function parseHolidays(csv: string): Set<IsoDate> {
  const result = new Set<IsoDate>();
  for (const raw of csv.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    // Fail fast at config load: a typo silently dropping a holiday would skew every due date.
    if (tryDayNumber(entry) === null) {
      throw new Error(`Invalid holiday date "${entry}" (expected YYYY-MM-DD)`);
    }
    result.add(entry);
  }
  return result;
}
