// Business hours between two instants: the office hours of each business day (weekends and
// public holidays excluded, see business-days.ts), on the wall clock of one time zone, so a
// response at 17:00 on Friday and one at 08:05 on Monday are five minutes apart.
import { Calendar, isBusinessDay } from './business-days';

export interface OfficeHours {
  /** Minutes after local midnight the working day starts and ends (start < end). */
  startMinute: number;
  endMinute: number;
  /** IANA time zone of the wall clock, e.g. Europe/Helsinki. */
  timeZone: string;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Intervals longer than this are cut here: ten years of office hours is beyond any measure. */
const MAX_DAYS = 3660;

/** '08:00-16:00' → minutes; throws on anything else (the configuration is checked at start). */
export function parseOfficeHours(text: string, timeZone: string): OfficeHours {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new RangeError(`office hours "${text}" must look like 08:00-16:00`);
  const [sh, sm, eh, em] = m.slice(1).map(Number);
  const startMinute = sh * 60 + sm;
  const endMinute = eh * 60 + em;
  if (sh > 23 || eh > 24 || sm > 59 || em > 59 || endMinute > 1440 || startMinute >= endMinute) {
    throw new RangeError(`office hours "${text}" must be a start before an end within one day`);
  }
  // Throws RangeError on an unknown zone.
  new Intl.DateTimeFormat('en-US', { timeZone });
  return { startMinute, endMinute, timeZone };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `timeZone` at `instant`, as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/** The instant when the wall clock of `timeZone` shows `wall` (ms as if UTC); the later one in a DST gap. */
function instantOf(wall: number, timeZone: string): number {
  const offset1 = wallClock(wall, timeZone) - wall;
  const guess = wall - offset1;
  const offset2 = wallClock(guess, timeZone) - guess;
  return offset1 === offset2 ? guess : wall - offset2;
}

function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Office hours in [from, to) as a number of hours (not rounded); 0 when `to` is not after
 * `from`. Each business day of the zone contributes its office window's overlap.
 */
export function businessHoursBetween(from: Date, to: Date, calendar: Calendar, hours: OfficeHours): number {
  const a = from.getTime();
  const b = to.getTime();
  if (!(b > a)) return 0;
  const firstDay = Math.floor(wallClock(a, hours.timeZone) / MS_PER_DAY);
  const lastDay = Math.min(Math.floor(wallClock(b, hours.timeZone) / MS_PER_DAY), firstDay + MAX_DAYS);
  let ms = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isBusinessDay(isoOfDay(day), calendar)) continue;
    const open = instantOf(day * MS_PER_DAY + hours.startMinute * MS_PER_MINUTE, hours.timeZone);
    const close = instantOf(day * MS_PER_DAY + hours.endMinute * MS_PER_MINUTE, hours.timeZone);
    const overlap = Math.min(close, b) - Math.max(open, a);
    if (overlap > 0) ms += overlap;
  }
  return ms / MS_PER_HOUR;
}
