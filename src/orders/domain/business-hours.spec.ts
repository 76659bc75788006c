import fc from 'fast-check';
import { businessHoursBetween, parseOfficeHours } from './business-hours';

const calendar = { holidays: new Set(['2026-12-24']) };
const helsinki = parseOfficeHours('08:00-16:00', 'Europe/Helsinki');
const utc = parseOfficeHours('08:00-16:00', 'UTC');
const at = (s: string) => new Date(s);

describe('businessHoursBetween', () => {
  it('counts only the office window of business days, on the zone’s wall clock', () => {
    // Helsinki is UTC+2 in winter: 08:00-16:00 local is 06:00-14:00 UTC.
    expect(businessHoursBetween(at('2026-12-01T06:00:00Z'), at('2026-12-01T14:00:00Z'), calendar, helsinki)).toBe(8);
    expect(businessHoursBetween(at('2026-12-01T05:00:00Z'), at('2026-12-01T07:30:00Z'), calendar, helsinki)).toBe(1.5);
    // Friday 13:00 UTC (15:00 local) to Monday 07:00 UTC (09:00 local): 1 h + 1 h.
    expect(businessHoursBetween(at('2026-12-04T13:00:00Z'), at('2026-12-07T07:00:00Z'), calendar, helsinki)).toBe(2);
    // A holiday (24 Dec, Thursday) counts nothing.
    expect(businessHoursBetween(at('2026-12-24T00:00:00Z'), at('2026-12-25T00:00:00Z'), calendar, utc)).toBe(0);
    expect(businessHoursBetween(at('2026-12-23T00:00:00Z'), at('2026-12-26T00:00:00Z'), calendar, utc)).toBe(16);
  });

  it('follows daylight saving time (Helsinki is UTC+3 in summer)', () => {
    expect(businessHoursBetween(at('2026-06-01T05:00:00Z'), at('2026-06-01T13:00:00Z'), calendar, helsinki)).toBe(8);
    expect(businessHoursBetween(at('2026-06-01T13:00:00Z'), at('2026-06-01T14:00:00Z'), calendar, helsinki)).toBe(0);
  });

  it('is 0 when the end is not after the start', () => {
    expect(businessHoursBetween(at('2026-12-01T10:00:00Z'), at('2026-12-01T09:00:00Z'), calendar, utc)).toBe(0);
  });

  it('adds up over any split point, and never exceeds the office hours of the days spanned', () => {
    const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((t) => new Date(t));
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        const whole = businessHoursBetween(a, c, calendar, helsinki);
        const parts = businessHoursBetween(a, b, calendar, helsinki) + businessHoursBetween(b, c, calendar, helsinki);
        expect(whole).toBeCloseTo(parts, 9);
        expect(whole).toBeLessThanOrEqual(((c.getTime() - a.getTime()) / 86_400_000 + 1) * 8);
        expect(whole).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses malformed office hours and unknown zones', () => {
    expect(() => parseOfficeHours('16:00-08:00', 'UTC')).toThrow(RangeError);
    expect(() => parseOfficeHours('8-16', 'UTC')).toThrow(RangeError);
    expect(() => parseOfficeHours('08:00-16:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});
