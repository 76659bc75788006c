import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysBetween,
  dueDate,
  isBusinessDay,
  parseHolidays,
  toIsoDate,
  type Calendar,
  type IsoDate,
} from './business-days';

const DAY = 86_400_000;
const NO_HOLIDAYS: Calendar = { holidays: new Set() };
const cal = (...holidays: IsoDate[]): Calendar => ({ holidays: new Set(holidays) });

const shift = (date: IsoDate, days: number): IsoDate => toIsoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY));

// Dates 2000..2099; holidays are drawn near the start date so they actually get hit.
const arbDate = fc.integer({ min: 0, max: 36_500 }).map((n) => shift('2000-01-01', n));
const arbScenario = fc
  .record({
    start: arbDate,
    holidayOffsets: fc.array(fc.integer({ min: -5, max: 90 }), { maxLength: 15 }),
  })
  .map(({ start, holidayOffsets }) => ({
    start,
    calendar: cal(...holidayOffsets.map((o) => shift(start, o))),
  }));

describe('isBusinessDay', () => {
  it('is Mon-Fri minus holidays', () => {
    // Week of 2026-01-05 (Mon) .. 2026-01-11 (Sun)
    const week = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11'];
    expect(week.map((d) => isBusinessDay(d, NO_HOLIDAYS))).toEqual([true, true, true, true, true, false, false]);
    expect(isBusinessDay('2026-01-07', cal('2026-01-07'))).toBe(false);
  });

  it('rejects malformed or impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '20260101', '', '2026-01-01T00:00:00Z']) {
      expect(() => isBusinessDay(bad, NO_HOLIDAYS)).toThrow(RangeError);
    }
    expect(isBusinessDay('2024-02-29', NO_HOLIDAYS)).toBe(true); // leap day, Thursday
  });
});

describe('addBusinessDays examples', () => {
  it('crosses a weekend', () => {
    expect(addBusinessDays('2026-01-09', 1, NO_HOLIDAYS)).toBe('2026-01-12'); // Fri -> Mon
    expect(addBusinessDays('2026-01-08', 5, NO_HOLIDAYS)).toBe('2026-01-15'); // Thu -> next Thu
    expect(addBusinessDays('2026-01-10', 1, NO_HOLIDAYS)).toBe('2026-01-12'); // Sat -> Mon
  });

  it('skips a holiday after a weekend', () => {
    // 2026-04-27 (Mon) is a public holiday: Fri + 1 business day -> Tue
    expect(addBusinessDays('2026-04-24', 1, cal('2026-04-27'))).toBe('2026-04-28');
    expect(addBusinessDays('2026-04-24', 3, cal('2026-04-27'))).toBe('2026-04-30');
  });

  it('days = 0 keeps a business day, otherwise rolls forward', () => {
    expect(addBusinessDays('2026-01-07', 0, NO_HOLIDAYS)).toBe('2026-01-07');
    expect(addBusinessDays('2026-01-10', 0, NO_HOLIDAYS)).toBe('2026-01-12');
    expect(addBusinessDays('2025-12-25', 0, cal('2025-12-25', '2025-12-26'))).toBe('2025-12-29');
  });

  it('crosses year end and leap day', () => {
    expect(addBusinessDays('2025-12-31', 2, cal('2026-01-01'))).toBe('2026-01-05');
    expect(addBusinessDays('2024-02-28', 1, NO_HOLIDAYS)).toBe('2024-02-29');
  });

  it('rejects negative or fractional days', () => {
    expect(() => addBusinessDays('2026-01-07', -1, NO_HOLIDAYS)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-07', 1.5, NO_HOLIDAYS)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-07', Number.NaN, NO_HOLIDAYS)).toThrow(RangeError);
  });
});

describe('businessDaysBetween examples', () => {
  it('counts (from, to] and is signed', () => {
    expect(businessDaysBetween('2026-01-09', '2026-01-12', NO_HOLIDAYS)).toBe(1); // Fri -> Mon
    expect(businessDaysBetween('2026-01-12', '2026-01-09', NO_HOLIDAYS)).toBe(-1);
    expect(businessDaysBetween('2026-01-07', '2026-01-07', NO_HOLIDAYS)).toBe(0);
    expect(businessDaysBetween('2026-04-24', '2026-04-30', cal('2026-04-27'))).toBe(3);
  });
});

describe('business-day properties', () => {
  it('addBusinessDays lands on a business day (days > 0, and days = 0)', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 0, max: 60 }), ({ start, calendar }, n) =>
        isBusinessDay(addBusinessDays(start, n, calendar), calendar),
      ),
    );
  });

  it('businessDaysBetween inverts addBusinessDays from a business day', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 0, max: 60 }), ({ start, calendar }, n) => {
        fc.pre(isBusinessDay(start, calendar));
        const end = addBusinessDays(start, n, calendar);
        return businessDaysBetween(start, end, calendar) === n && businessDaysBetween(end, start, calendar) === -n;
      }),
    );
  });

  it('is monotonic in n (strictly from n >= 1, or from 0 on a business day)', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 0, max: 60 }), ({ start, calendar }, n) => {
        const a = addBusinessDays(start, n, calendar);
        const b = addBusinessDays(start, n + 1, calendar);
        // From a weekend start, 0 and 1 both give the next business day by definition.
        const strict = n >= 1 || isBusinessDay(start, calendar);
        return strict ? a < b : a <= b;
      }),
    );
  });

  it('never returns a holiday or weekend and never lands before start', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 1, max: 60 }), ({ start, calendar }, n) => {
        const end = addBusinessDays(start, n, calendar);
        const day = new Date(`${end}T00:00:00Z`).getUTCDay();
        return end > start && !calendar.holidays.has(end) && day !== 0 && day !== 6;
      }),
    );
  });

  it('a holiday inside the window pushes the result one business day later', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const plain = addBusinessDays(start, n, NO_HOLIDAYS);
        const firstInside = addBusinessDays(start, 1, NO_HOLIDAYS);
        const withHoliday = addBusinessDays(start, n, cal(firstInside));
        return withHoliday === addBusinessDays(plain, 1, NO_HOLIDAYS);
      }),
    );
  });

  it('dueDate is never before the desired date nor the lead time', () => {
    fc.assert(
      fc.property(
        arbScenario,
        fc.integer({ min: 0, max: 60 }),
        fc.option(arbDate, { nil: null }),
        ({ start, calendar }, leadTimeDays, desiredDate) => {
          const due = dueDate({ acceptedOn: start, leadTimeDays, desiredDate, calendar });
          const earliest = addBusinessDays(start, leadTimeDays, calendar);
          return due >= earliest && (desiredDate === null || due >= desiredDate) && (due === earliest || due === desiredDate);
        },
      ),
    );
  });
});

describe('dueDate examples', () => {
  const calendar = cal('2026-04-27');
  it('uses the lead time when no or an earlier desired date is given', () => {
    expect(dueDate({ acceptedOn: '2026-04-24', leadTimeDays: 3, calendar })).toBe('2026-04-30');
    expect(dueDate({ acceptedOn: '2026-04-24', leadTimeDays: 3, desiredDate: null, calendar })).toBe('2026-04-30');
    expect(dueDate({ acceptedOn: '2026-04-24', leadTimeDays: 3, desiredDate: '2026-04-28', calendar })).toBe('2026-04-30');
  });
  it('honours a later desired date', () => {
    expect(dueDate({ acceptedOn: '2026-04-24', leadTimeDays: 3, desiredDate: '2026-06-01', calendar })).toBe('2026-06-01');
  });
  it('validates the desired date', () => {
    expect(() => dueDate({ acceptedOn: '2026-04-24', leadTimeDays: 3, desiredDate: '2026-06-31', calendar })).toThrow(RangeError);
  });
});

describe('parseHolidays', () => {
  it('parses a comma-separated list, tolerating spaces and empty entries', () => {
    expect(parseHolidays(' 2026-01-01, 2026-04-27 ,,2026-12-25,')).toEqual(new Set(['2026-01-01', '2026-04-27', '2026-12-25']));
    expect(parseHolidays('')).toEqual(new Set());
  });
  it('throws naming the bad entry', () => {
    expect(() => parseHolidays('2026-01-01,2026-02-30')).toThrow(/"2026-02-30"/);
    expect(() => parseHolidays('2026-01-01;2026-04-27')).toThrow(/"2026-01-01;2026-04-27"/);
    expect(() => parseHolidays('01-01-2026')).toThrow(/"01-01-2026"/);
  });
  it('round-trips arbitrary valid dates', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbDate, { maxLength: 20 }), (dates) => {
        expect(parseHolidays(dates.join(','))).toEqual(new Set(dates));
      }),
    );
  });
});

describe('toIsoDate', () => {
  it('uses the UTC date part regardless of local offset', () => {
    expect(toIsoDate(new Date('2026-03-29T23:30:00-02:00'))).toBe('2026-03-30');
    expect(toIsoDate(new Date('2026-03-30T00:30:00+02:00'))).toBe('2026-03-29');
    expect(toIsoDate(new Date('0099-06-01T00:00:00Z'))).toBe('0099-06-01');
  });
  it('rejects invalid dates', () => {
    expect(() => toIsoDate(new Date('nope'))).toThrow(RangeError);
  });
});
