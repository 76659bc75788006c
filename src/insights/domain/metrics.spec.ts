import fc from 'fast-check';
import {
  addTotals,
  computeMetrics,
  FeedbackLoopMetrics,
  median,
  METRIC_DEFINITIONS,
  metricsFromTotals,
  OrderFacts,
  percentile,
  percentileOfHistogram,
  REACHED_CONFIRMED_STATUSES,
  roundTo,
  totalsOfOrder,
} from './metrics';

const DAY = 86_400;

/** A submitted order with nothing else happening; override what a test needs. */
function order(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderId: 'o',
    submittedAt: new Date('2024-01-01T10:00:00Z'),
    status: 'submitted',
    consulted: false,
    adviceGiven: 0,
    adviceFollowed: 0,
    adviceDecided: 0,
    changeRequests: 0,
    deliveredAt: null,
    acceptedAt: null,
    reopened: false,
    dueDate: null,
    leadTimeDays: null,
    satisfaction: null,
    purposeAchieved: null,
    recommendationsIssued: 0,
    recommendationsAdopted: 0,
    recommendationsDecided: 0,
    secondsInStatus: {},
    ...overrides,
  };
}

const RATE_KEYS = [
  'consultationRate',
  'adviceFollowedRate',
  'changeRequestRate',
  'firstTimeRightRate',
  'onTimeRate',
  'purposeAchievedRate',
  'recommendationAdoptionRate',
] as const satisfies readonly (keyof FeedbackLoopMetrics)[];

const EMPTY: FeedbackLoopMetrics = {
  orders: 0,
  consultationRate: null,
  adviceFollowedRate: null,
  changeRequestRate: null,
  firstTimeRightRate: null,
  leadTimeMedianDays: null,
  leadTimeP90Days: null,
  onTimeRate: null,
  satisfactionAvg: null,
  purposeAchievedRate: null,
  recommendationsIssued: 0,
  recommendationsAdopted: 0,
  recommendationAdoptionRate: null,
  timeInStatusDays: {},
  effortHoursPerOrder: null,
  costPerOrder: null,
  channels: { web: 0, email: 0, api: 0 },
  intakeCompletionRate: null,
  draftsAbandoned: 0,
  firstResponseMedianHours: null,
  stoppedBy: { no_longer_needed: 0, found_another_way: 0, questions_too_hard: 0, takes_too_long: 0, other: 0 },
};

/** Every number anywhere in the result (including timeInStatusDays values). */
function allNumbers(m: FeedbackLoopMetrics): number[] {
  const out: number[] = [];
  for (const v of Object.values(m)) {
    if (typeof v === 'number') out.push(v);
    else if (v !== null && typeof v === 'object') out.push(...Object.values(v as Record<string, number>));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Hand-computed fixture covering every metric
// ---------------------------------------------------------------------------

const A = order({
  orderId: 'A',
  status: 'closed',
  consulted: true,
  adviceGiven: 3,
  adviceFollowed: 2,
  adviceDecided: 3,
  changeRequests: 1,
  deliveredAt: new Date('2024-03-10T23:30:00Z'), // UTC date 2024-03-10 = due date -> on time
  acceptedAt: new Date('2024-03-12T09:00:00Z'),
  reopened: false,
  dueDate: '2024-03-10',
  leadTimeDays: 10,
  satisfaction: 5,
  purposeAchieved: 'yes',
  recommendationsIssued: 4,
  recommendationsAdopted: 2,
  recommendationsDecided: 3,
  secondsInStatus: { submitted: 1 * DAY, in_progress: 5 * DAY },
});
const B = order({
  orderId: 'B',
  status: 'accepted',
  consulted: true,
  adviceGiven: 1,
  adviceFollowed: 0,
  adviceDecided: 1,
  changeRequests: 0,
  deliveredAt: new Date('2024-03-21T00:30:00Z'), // UTC date 2024-03-21 > due 2024-03-20 -> late
  acceptedAt: new Date('2024-03-22T09:00:00Z'),
  reopened: true,
  dueDate: '2024-03-20',
  leadTimeDays: 20,
  satisfaction: 2,
  purposeAchieved: 'partly',
  recommendationsIssued: 2,
  recommendationsAdopted: 1,
  recommendationsDecided: 2,
  secondsInStatus: { submitted: 2 * DAY, in_progress: 10 * DAY, delivered: 0.5 * DAY },
});
const C = order({
  orderId: 'C',
  status: 'delivered',
  changeRequests: 2,
  deliveredAt: new Date('2024-04-01T12:00:00Z'), // no due date -> not in onTimeRate
  leadTimeDays: 5,
  purposeAchieved: 'no',
  secondsInStatus: { submitted: 3600 },
});
const D = order({
  orderId: 'D',
  status: 'in_progress', // reached confirmed, not delivered
  consulted: true,
  adviceGiven: 3,
  adviceFollowed: 1,
  adviceDecided: 3,
  dueDate: '2024-05-01', // not delivered -> not in onTimeRate
  secondsInStatus: { submitted: 1 * DAY, in_progress: 1 * DAY },
});
const E = order({
  orderId: 'E',
  status: 'submitted', // not confirmed: its change request is not counted
  changeRequests: 1,
  secondsInStatus: { submitted: 3 * DAY },
});
const F_NEVER_SUBMITTED = order({
  orderId: 'F',
  submittedAt: null, // excluded from everything, however noisy
  status: 'cancelled',
  consulted: true,
  adviceGiven: 5,
  adviceFollowed: 5,
  adviceDecided: 5,
  changeRequests: 5,
  deliveredAt: new Date('2024-01-05T00:00:00Z'),
  acceptedAt: new Date('2024-01-06T00:00:00Z'),
  reopened: true,
  dueDate: '2024-01-01',
  leadTimeDays: 99,
  satisfaction: 1,
  purposeAchieved: 'no',
  recommendationsIssued: 10,
  recommendationsAdopted: 10,
  recommendationsDecided: 10,
  secondsInStatus: { draft: 999_999 },
});
const G = order({
  orderId: 'G',
  status: 'closed',
  consulted: true,
  deliveredAt: new Date('2024-02-01T08:00:00Z'), // 2024-02-01 <= 2024-02-15 -> on time
  acceptedAt: new Date('2024-02-02T08:00:00Z'),
  dueDate: '2024-02-15',
  leadTimeDays: 7.5,
  satisfaction: 4,
  purposeAchieved: 'yes',
  secondsInStatus: { submitted: 1 * DAY, in_progress: 4 * DAY, delivered: 1 * DAY },
});
const FIXTURE = [A, B, C, D, E, F_NEVER_SUBMITTED, G];

describe('computeMetrics: hand-computed fixture', () => {
  const m = computeMetrics(FIXTURE);

  it('orders: submitted orders only', () => {
    // A, B, C, D, E, G submitted; F never submitted -> 6
    expect(m.orders).toBe(6);
  });

  it('consultationRate', () => {
    // consulted: A, B, D, G = 4 ; 4 / 6 = 0.66666.. -> 0.6667
    expect(m.consultationRate).toBe(0.6667);
  });

  it('adviceFollowedRate', () => {
    // followed A2 + B0 + D1 = 3 ; decided A3 + B1 + D3 = 7 ; 3 / 7 = 0.428571.. -> 0.4286
    expect(m.adviceFollowedRate).toBe(0.4286);
  });

  it('changeRequestRate', () => {
    // reached confirmed: A closed, B accepted, C delivered, D in_progress, G closed = 5 (E is only submitted)
    // of those with >= 1 change request: A(1), C(2) = 2 ; 2 / 5 = 0.4
    expect(m.changeRequestRate).toBe(0.4);
  });

  it('firstTimeRightRate', () => {
    // accepted: A, B, G = 3 ; never reopened: A, G = 2 ; 2 / 3 = 0.6667
    expect(m.firstTimeRightRate).toBe(0.6667);
  });

  it('leadTimeMedianDays and leadTimeP90Days', () => {
    // lead times sorted: [5 (C), 7.5 (G), 10 (A), 20 (B)] (D has none, F excluded)
    // median: pos 0.5 * 3 = 1.5 -> 7.5 + 0.5 * (10 - 7.5) = 8.75
    // p90:    pos 0.9 * 3 = 2.7 -> 10 + 0.7 * (20 - 10) = 17
    expect(m.leadTimeMedianDays).toBe(8.75);
    expect(m.leadTimeP90Days).toBe(17);
  });

  it('onTimeRate', () => {
    // delivered with due date: A (03-10 <= 03-10 yes), B (03-21 > 03-20 no), G (02-01 <= 02-15 yes) = 3
    // (C has no due date, D not delivered) ; 2 / 3 = 0.6667
    expect(m.onTimeRate).toBe(0.6667);
  });

  it('satisfactionAvg', () => {
    // scores A5, B2, G4 ; 11 / 3 = 3.6666.. -> 3.67
    expect(m.satisfactionAvg).toBe(3.67);
  });

  it('purposeAchievedRate', () => {
    // answered: A yes, B partly, C no, G yes = 4 ; (2 + 0.5 * 1) / 4 = 0.625
    expect(m.purposeAchievedRate).toBe(0.625);
  });

  it('recommendations', () => {
    // issued A4 + B2 = 6 ; adopted A2 + B1 = 3 ; decided A3 + B2 = 5 ; 3 / 5 = 0.6
    expect(m.recommendationsIssued).toBe(6);
    expect(m.recommendationsAdopted).toBe(3);
    expect(m.recommendationAdoptionRate).toBe(0.6);
  });

  it('timeInStatusDays: average over all submitted orders, 2 decimals', () => {
    // submitted:   A1 + B2 + C(3600s = 0.041666d) + D1 + E3 + G1 = 8.041666d ; / 6 = 1.34027 -> 1.34
    // in_progress: A5 + B10 + D1 + G4 = 20d ; / 6 = 3.3333 -> 3.33
    // delivered:   B0.5 + G1 = 1.5d ; / 6 = 0.25
    // 'draft' only appears on F (never submitted) -> absent
    expect(m.timeInStatusDays).toEqual({ submitted: 1.34, in_progress: 3.33, delivered: 0.25 });
  });

  it('whole result', () => {
    expect(m).toEqual({
      orders: 6,
      consultationRate: 0.6667,
      adviceFollowedRate: 0.4286,
      changeRequestRate: 0.4,
      firstTimeRightRate: 0.6667,
      leadTimeMedianDays: 8.75,
      leadTimeP90Days: 17,
      onTimeRate: 0.6667,
      satisfactionAvg: 3.67,
      purposeAchievedRate: 0.625,
      recommendationsIssued: 6,
      recommendationsAdopted: 3,
      recommendationAdoptionRate: 0.6,
      timeInStatusDays: { submitted: 1.34, in_progress: 3.33, delivered: 0.25 },
      effortHoursPerOrder: null,
      costPerOrder: null,
      channels: { web: 6, email: 0, api: 0 },
      intakeCompletionRate: null,
      draftsAbandoned: 0,
      firstResponseMedianHours: null,
      stoppedBy: { no_longer_needed: 0, found_another_way: 0, questions_too_hard: 0, takes_too_long: 0, other: 0 },
    });
  });
});

// ---------------------------------------------------------------------------
// Empty input and division by zero
// ---------------------------------------------------------------------------

describe('computeMetrics: empty input and zero denominators', () => {
  it('empty input: 0 orders, every rate null, sums 0, no NaN', () => {
    const m = computeMetrics([]);
    expect(m).toEqual(EMPTY);
    expect(allNumbers(m).every(Number.isFinite)).toBe(true);
  });

  it('only never-submitted orders behaves like empty input', () => {
    expect(computeMetrics([F_NEVER_SUBMITTED, { ...F_NEVER_SUBMITTED, orderId: 'F2' }])).toEqual(EMPTY);
  });

  it('an invalid submittedAt Date counts as never submitted', () => {
    expect(computeMetrics([order({ submittedAt: new Date('not a date'), consulted: true })])).toEqual(EMPTY);
  });

  it('submitted orders with nothing else: only consultationRate has a denominator', () => {
    // 2 orders, 0 consulted -> 0 / 2 = 0 ; every other denominator is 0 -> null
    const m = computeMetrics([order({ orderId: 'x' }), order({ orderId: 'y' })]);
    expect(m).toEqual({ ...EMPTY, orders: 2, consultationRate: 0, channels: { web: 2, email: 0, api: 0 } });
  });

  it('advice given but none decided -> adviceFollowedRate null', () => {
    const m = computeMetrics([order({ adviceGiven: 4, adviceFollowed: 0, adviceDecided: 0 })]);
    expect(m.adviceFollowedRate).toBeNull();
  });

  it('change requests only on unconfirmed orders -> changeRequestRate null', () => {
    const m = computeMetrics([order({ status: 'submitted', changeRequests: 3 })]);
    expect(m.changeRequestRate).toBeNull();
  });

  it('delivered but not accepted -> firstTimeRightRate null', () => {
    const m = computeMetrics([order({ status: 'delivered', deliveredAt: new Date('2024-02-01T00:00:00Z') })]);
    expect(m.firstTimeRightRate).toBeNull();
  });

  it('delivered without due date / due date without delivery -> onTimeRate null', () => {
    const m = computeMetrics([
      order({ deliveredAt: new Date('2024-02-01T00:00:00Z'), dueDate: null }),
      order({ deliveredAt: null, dueDate: '2024-02-01' }),
    ]);
    expect(m.onTimeRate).toBeNull();
  });

  it('purpose answered by nobody -> purposeAchievedRate null; all "no" -> 0', () => {
    expect(computeMetrics([order()]).purposeAchievedRate).toBeNull();
    expect(computeMetrics([order({ purposeAchieved: 'no' })]).purposeAchievedRate).toBe(0);
  });

  it('recommendations issued but none decided -> adoption rate null, sums still reported', () => {
    const m = computeMetrics([order({ recommendationsIssued: 3, recommendationsAdopted: 0, recommendationsDecided: 0 })]);
    expect(m.recommendationsIssued).toBe(3);
    expect(m.recommendationsAdopted).toBe(0);
    expect(m.recommendationAdoptionRate).toBeNull();
  });

  it('non-finite numbers are ignored instead of leaking NaN', () => {
    const m = computeMetrics([
      order({ leadTimeDays: Number.NaN, satisfaction: Number.POSITIVE_INFINITY, adviceDecided: Number.NaN }),
      order({ secondsInStatus: { submitted: Number.NaN } }),
    ]);
    expect(m.leadTimeMedianDays).toBeNull();
    expect(m.satisfactionAvg).toBeNull();
    expect(m.adviceFollowedRate).toBeNull();
    expect(m.timeInStatusDays).toEqual({ submitted: 0 });
  });
});

// ---------------------------------------------------------------------------
// Edge rules of individual metrics
// ---------------------------------------------------------------------------

describe('computeMetrics: edge rules', () => {
  it('changeRequestRate: every listed status reaches confirmed; a deliveredAt counts whatever the status', () => {
    const confirmedOrders = REACHED_CONFIRMED_STATUSES.map((status) => order({ status }));
    // a cancelled order that was delivered still reached confirmed
    const deliveredCancelled = order({ status: 'cancelled', deliveredAt: new Date('2024-02-01T00:00:00Z'), changeRequests: 1 });
    const notConfirmed = ['submitted', 'cancelled', 'draft'].map((status) => order({ status, changeRequests: 1 }));
    // denominator: 6 statuses + 1 delivered-cancelled = 7 ; numerator: deliveredCancelled = 1 ; 1 / 7 = 0.142857 -> 0.1429
    expect(computeMetrics([...confirmedOrders, deliveredCancelled, ...notConfirmed]).changeRequestRate).toBe(0.1429);
  });

  it('onTimeRate compares the UTC calendar date of deliveredAt with the due date', () => {
    const due = '2024-03-10';
    const lastMoment = order({ deliveredAt: new Date('2024-03-10T23:59:59.999Z'), dueDate: due });
    const nextDay = order({ deliveredAt: new Date('2024-03-11T00:00:00.000Z'), dueDate: due });
    const early = order({ deliveredAt: new Date('2024-03-01T00:00:00Z'), dueDate: due });
    // on time: lastMoment, early = 2 ; with due date: 3 ; 2 / 3 = 0.6667
    expect(computeMetrics([lastMoment, nextDay, early]).onTimeRate).toBe(0.6667);
    expect(computeMetrics([lastMoment]).onTimeRate).toBe(1);
    expect(computeMetrics([nextDay]).onTimeRate).toBe(0);
  });

  it('firstTimeRightRate: a reopened order that is not accepted is in neither side', () => {
    const m = computeMetrics([order({ acceptedAt: new Date('2024-02-01T00:00:00Z') }), order({ reopened: true, acceptedAt: null })]);
    // accepted 1, not reopened 1 -> 1 / 1 = 1
    expect(m.firstTimeRightRate).toBe(1);
  });

  it('rates round half up at 4 decimals', () => {
    // 1 consulted of 32 -> 1 / 32 = 0.03125 -> 0.0313
    const orders = Array.from({ length: 32 }, (_, i) => order({ orderId: `o${i}`, consulted: i === 0 }));
    expect(computeMetrics(orders).consultationRate).toBe(0.0313);
  });

  it('satisfactionAvg rounds half up at 2 decimals', () => {
    // [1, 1, 1, 1, 1, 2, 2, 2] -> 11 / 8 = 1.375 -> 1.38
    const scores = [1, 1, 1, 1, 1, 2, 2, 2];
    expect(computeMetrics(scores.map((satisfaction) => order({ satisfaction }))).satisfactionAvg).toBe(1.38);
  });

  it('purposeAchievedRate: only "partly" answers give 0.5', () => {
    expect(computeMetrics([order({ purposeAchieved: 'partly' })]).purposeAchievedRate).toBe(0.5);
  });

  it('lead time: single value is both median and p90; values are rounded to 2 decimals', () => {
    const single = computeMetrics([order({ leadTimeDays: 3.456 })]);
    // one value: median = p90 = 3.456 -> 3.46
    expect(single.leadTimeMedianDays).toBe(3.46);
    expect(single.leadTimeP90Days).toBe(3.46);
    // [1, 2, 4] : median = 2 ; p90 pos 0.9 * 2 = 1.8 -> 2 + 0.8 * (4 - 2) = 3.6
    const three = computeMetrics([4, 1, 2].map((leadTimeDays) => order({ leadTimeDays })));
    expect(three.leadTimeMedianDays).toBe(2);
    expect(three.leadTimeP90Days).toBe(3.6);
  });

  it('timeInStatusDays: a status seen on one order is averaged over all orders', () => {
    // on_hold: 3 days on one of 4 orders -> 3 / 4 = 0.75
    const orders = [order({ secondsInStatus: { on_hold: 3 * DAY } }), order(), order(), order()];
    expect(computeMetrics(orders).timeInStatusDays).toEqual({ on_hold: 0.75 });
  });

  it('timeInStatusDays: odd status keys such as __proto__ become plain own properties', () => {
    const m = computeMetrics([order({ secondsInStatus: JSON.parse('{"__proto__": 86400}') as Record<string, number> })]);
    expect(Object.keys(m.timeInStatusDays)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(m.timeInStatusDays, '__proto__')?.value).toBe(1);
  });

  it('does not mutate its input', () => {
    const input = FIXTURE.map((o) => ({ ...o, secondsInStatus: { ...o.secondsInStatus } }));
    const snapshot = JSON.stringify(input);
    computeMetrics(input);
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});

// ---------------------------------------------------------------------------
// percentile / median / roundTo
// ---------------------------------------------------------------------------

describe('percentile (percentile_cont semantics)', () => {
  it('empty input -> null', () => {
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([], 0)).toBeNull();
  });

  it('single value -> that value for any p', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([7], 1)).toBe(7);
  });

  it('p90 interpolates between the closest ranks', () => {
    // [10, 20]: pos 0.9 * 1 = 0.9 -> 10 + 0.9 * 10 = 19
    expect(percentile([10, 20], 0.9)).toBeCloseTo(19, 10);
    // [1, 2, 3, 4]: pos 0.9 * 3 = 2.7 -> 3 + 0.7 * 1 = 3.7
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 10);
    // [5, 10, 20]: pos 0.9 * 2 = 1.8 -> 10 + 0.8 * 10 = 18
    expect(percentile([5, 10, 20], 0.9)).toBeCloseTo(18, 10);
    // 1..10: pos 0.9 * 9 = 8.1 -> 9 + 0.1 * 1 = 9.1
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    // 1..11: pos 0.9 * 10 = 9 (exact rank) -> 10
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });

  it('ties and the ends', () => {
    // [2, 2, 2, 8]: pos 2.7 -> 2 + 0.7 * 6 = 6.2
    expect(percentile([2, 2, 2, 8], 0.9)).toBeCloseTo(6.2, 10);
    expect(percentile([3, 3, 3], 0.9)).toBe(3);
    expect(percentile([1, 5, 9], 0)).toBe(1);
    expect(percentile([1, 5, 9], 1)).toBe(9);
    expect(percentile([-4, 0, 4], 0.5)).toBe(0);
  });

  it('rejects p outside [0, 1], unsorted or non-finite values', () => {
    expect(() => percentile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => percentile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([2, 1], 0.5)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 0.5)).toThrow(RangeError);
  });

  it('property: result lies within [min, max] and is monotone in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p1, p2) => {
          const sorted = [...values].sort((a, b) => a - b);
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const a = percentile(sorted, lo) as number;
          const b = percentile(sorted, hi) as number;
          const eps = 1e-9 * Math.max(1, Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1]));
          expect(a).toBeGreaterThanOrEqual(sorted[0] - eps);
          expect(b).toBeLessThanOrEqual(sorted[sorted.length - 1] + eps);
          expect(a).toBeLessThanOrEqual(b + eps);
        },
      ),
    );
  });
});

describe('median', () => {
  it('odd, even, unsorted, empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    // [1, 2, 4, 10]: (2 + 4) / 2 = 3
    expect(median([10, 2, 4, 1])).toBe(3);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNull();
  });

  it('does not sort its argument in place', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('roundTo', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(roundTo(1.005, 2)).toBe(1.01); // naive Math.round(100.49999) would give 1.00
    expect(roundTo(0.03125, 4)).toBe(0.0313);
    expect(roundTo(2 / 3, 4)).toBe(0.6667);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true); // never -0
  });
});

describe('METRIC_DEFINITIONS', () => {
  it('has one non-empty sentence for every metric', () => {
    const keys = Object.keys(computeMetrics([])).sort();
    expect(Object.keys(METRIC_DEFINITIONS).sort()).toEqual(keys);
    for (const text of Object.values(METRIC_DEFINITIONS)) expect(text.length).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const STATUSES = ['draft', 'submitted', 'confirmed', 'in_progress', 'on_hold', 'delivered', 'accepted', 'closed', 'cancelled'];
const dateArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
const dueDateArb = dateArb.map((d) => d.toISOString().slice(0, 10));

/** Internally consistent facts: followed <= decided <= given, adopted <= decided <= issued. */
const orderArb: fc.Arbitrary<OrderFacts> = fc
  .record({
    orderId: fc.uuid(),
    submittedAt: fc.option(dateArb, { freq: 5 }),
    status: fc.constantFrom(...STATUSES),
    consulted: fc.boolean(),
    advice: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10)),
    changeRequests: fc.nat(5),
    deliveredAt: fc.option(dateArb),
    acceptedAt: fc.option(dateArb),
    reopened: fc.boolean(),
    dueDate: fc.option(dueDateArb),
    leadTimeDays: fc.option(fc.double({ min: 0, max: 500, noNaN: true })),
    satisfaction: fc.option(fc.integer({ min: 1, max: 5 })),
    purposeAchieved: fc.constantFrom('yes', 'partly', 'no', null),
    recommendations: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10)),
    secondsInStatus: fc.dictionary(fc.constantFrom(...STATUSES), fc.double({ min: 0, max: 1e8, noNaN: true })),
  })
  .map(({ advice, recommendations, ...rest }) => {
    const [given, decided, followed] = [...advice].sort((a, b) => b - a);
    const [issued, recDecided, adopted] = [...recommendations].sort((a, b) => b - a);
    return {
      ...rest,
      adviceGiven: given,
      adviceDecided: decided,
      adviceFollowed: followed,
      recommendationsIssued: issued,
      recommendationsDecided: recDecided,
      recommendationsAdopted: adopted,
    };
  });

describe('computeMetrics: properties', () => {
  it('every rate is null or within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 40 }), (orders) => {
        const m = computeMetrics(orders);
        for (const key of RATE_KEYS) {
          const v = m[key];
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  it('never returns NaN or Infinity', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 40 }), (orders) => {
        const m = computeMetrics(orders);
        expect(allNumbers(m).every(Number.isFinite)).toBe(true);
      }),
    );
  });

  it('the order of the input does not matter', () => {
    fc.assert(
      fc.property(
        fc
          .array(orderArb, { maxLength: 30 })
          .chain((orders) =>
            fc.tuple(fc.constant(orders), fc.shuffledSubarray(orders, { minLength: orders.length, maxLength: orders.length })),
          ),
        ([orders, shuffled]) => {
          expect(computeMetrics(shuffled)).toEqual(computeMetrics(orders));
          expect(computeMetrics([...orders].reverse())).toEqual(computeMetrics(orders));
        },
      ),
    );
  });

  it('orders counts the submitted orders; never-submitted orders change nothing', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 30 }), fc.array(orderArb, { maxLength: 10 }), (orders, extra) => {
        const unsubmitted = extra.map((o) => ({ ...o, submittedAt: null }));
        const m = computeMetrics(orders);
        expect(m.orders).toBe(orders.filter((o) => o.submittedAt !== null).length);
        expect(computeMetrics([...orders, ...unsubmitted])).toEqual(m);
      }),
    );
  });

  it('null exactly when the denominator is empty (empty group -> all null)', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 30 }), (orders) => {
        const m = computeMetrics(orders);
        expect(m.consultationRate === null).toBe(m.orders === 0);
        if (m.orders === 0) expect(m).toEqual(EMPTY);
      }),
    );
  });
});

describe('percentileOfHistogram and addTotals (what the rollups rely on)', () => {
  it('equals percentile_cont on the expanded, sorted values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 5 })), { maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pairs, p) => {
          const histogram = new Map<number, number>();
          for (const [days, n] of pairs) histogram.set(days, (histogram.get(days) ?? 0) + n);
          const expanded = [...histogram].flatMap(([days, n]) => Array.from({ length: n }, () => days)).sort((a, b) => a - b);
          const expected = percentile(expanded, p);
          const actual = percentileOfHistogram(histogram, p);
          return expected === null ? actual === null : Math.abs((actual as number) - expected) < 1e-9;
        },
      ),
    );
  });

  it('splitting orders into groups and adding the groups’ totals gives the same metrics', () => {
    const anOrder = fc.record({
      submitted: fc.boolean(),
      consulted: fc.boolean(),
      lead: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      satisfaction: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      seconds: fc.integer({ min: 0, max: 10 * 86400 }),
    });
    fc.assert(
      fc.property(fc.array(anOrder, { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), (raw, groups) => {
        const orders = raw.map((o, i) => ({
          ...order({ orderId: `o${i}` }),
          submittedAt: o.submitted ? new Date('2026-03-02T10:00:00Z') : null,
          consulted: o.consulted,
          leadTimeDays: o.lead,
          satisfaction: o.satisfaction,
          secondsInStatus: { in_progress: o.seconds },
        }));
        const parts = Array.from({ length: groups }, (_, g) => addTotals(orders.filter((_, i) => i % groups === g).map(totalsOfOrder)));
        expect(metricsFromTotals(addTotals(parts))).toEqual(computeMetrics(orders));
      }),
    );
  });
});
