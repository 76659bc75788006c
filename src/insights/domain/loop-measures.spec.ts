import fc from 'fast-check';
import type { Question } from '../../catalog/domain/question';
import { firstResponseHours } from './first-response';
import { whereDraftWasLeft } from './intake';
import {
  addTotals,
  computeMetrics,
  DraftFacts,
  firstResponseBucket,
  firstResponseOfBucket,
  roundFirstResponse,
  metricsFromTotals,
  OrderFacts,
  totalsOfDraft,
  totalsOfOrder,
} from './metrics';

function order(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderId: 'o',
    submittedAt: new Date('2026-03-02T10:00:00Z'),
    status: 'in_progress',
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

describe('effort, cost and channel measures', () => {
  // Hand-computed:
  //   A: 90 min, unit at 60.00/h  → 1.5 h, cost 90.00, web
  //   B: 30 min, unit at 60.00/h  → 0.5 h, cost 30.00, email
  //   C: 45 min, unit without cost → 0.75 h, no cost, api
  //   D: no effort logged          → left out of effort and cost, web
  //   E: a draft never submitted, 600 min, email → left out of everything
  // effortHoursPerOrder = (1.5 + 0.5 + 0.75) / 3 = 0.9166… → 0.92
  // costPerOrder        = (90 + 30) / 2 = 60.00
  // channels            = web 2 (A, D), email 1 (B), api 1 (C)
  const facts = [
    order({ orderId: 'A', effortMinutes: 90, hourlyCost: 60, channel: 'web' }),
    order({ orderId: 'B', effortMinutes: 30, hourlyCost: 60, channel: 'email' }),
    order({ orderId: 'C', effortMinutes: 45, hourlyCost: null, channel: 'api' }),
    order({ orderId: 'D', channel: 'web' }),
    order({ orderId: 'E', submittedAt: null, status: 'draft', effortMinutes: 600, hourlyCost: 60, channel: 'email' }),
  ];

  it('gives the hand-computed values', () => {
    const m = computeMetrics(facts);
    expect(m.orders).toBe(4);
    expect(m.effortHoursPerOrder).toBe(0.92);
    expect(m.costPerOrder).toBe(60);
    expect(m.channels).toEqual({ web: 2, email: 1, api: 1 });
  });

  it('is null, not 0, with nothing to divide by; facts stored before channels count as web', () => {
    const m = computeMetrics([order({ orderId: 'old' })]);
    expect(m.effortHoursPerOrder).toBeNull();
    expect(m.costPerOrder).toBeNull();
    expect(m.channels).toEqual({ web: 1, email: 0, api: 0 });
    expect(computeMetrics([order({ effortMinutes: 60, hourlyCost: null })]).costPerOrder).toBeNull();
  });

  it('adds up over any split of the orders, as the rollups do', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            effortMinutes: fc.integer({ min: 0, max: 5000 }),
            hourlyCost: fc.option(fc.integer({ min: 0, max: 20000 }).map((c) => c / 100)),
            channel: fc.constantFrom('web' as const, 'email' as const, 'api' as const),
          }),
          { maxLength: 30 },
        ),
        fc.nat(),
        (rows, cut) => {
          const all = rows.map((r, i) => order({ orderId: String(i), ...r }));
          const at = all.length ? cut % (all.length + 1) : 0;
          const split = metricsFromTotals(
            addTotals([addTotals(all.slice(0, at).map(totalsOfOrder)), addTotals(all.slice(at).map(totalsOfOrder))]),
          );
          const whole = computeMetrics(all);
          expect(split.channels).toEqual(whole.channels);
          expect(split.effortHoursPerOrder).toBe(whole.effortHoursPerOrder);
          if (whole.costPerOrder === null) expect(split.costPerOrder).toBeNull();
          else expect(split.costPerOrder).toBeCloseTo(whole.costPerOrder, 6);
        },
      ),
    );
  });
});

describe('intake, first response and "what stopped you?"', () => {
  // Hand-computed data set:
  //   drafts started: A (submitted), B (submitted), C (submitted), D (deleted, "questions_too_hard"),
  //   E (still a draft), F (cancelled as a draft, "no_longer_needed")
  //     intakeCompletionRate = 3 / 6 = 0.5; draftsAbandoned = 6 − 3 = 3
  //     stoppedBy from drafts: questions_too_hard 1, no_longer_needed 1
  //   submitted orders: A first response 1.5 h, B 4 h, C 30 h and cancelled ("takes_too_long"),
  //   G submitted without a response yet (no draft part here: started in another month)
  //     firstResponseMedianHours = median(1.5, 4, 30) = 4.00
  //     stoppedBy from orders: takes_too_long 1
  const drafts: DraftFacts[] = [
    { submitted: true, stoppedBy: null },
    { submitted: true, stoppedBy: null },
    { submitted: true, stoppedBy: null },
    { submitted: false, stoppedBy: 'questions_too_hard' },
    { submitted: false, stoppedBy: null },
    { submitted: false, stoppedBy: 'no_longer_needed' },
  ];
  const orders = [
    order({ orderId: 'A', firstResponseHours: 1.5 }),
    order({ orderId: 'B', firstResponseHours: 4 }),
    order({ orderId: 'C', firstResponseHours: 30, status: 'cancelled', stoppedBy: 'takes_too_long' }),
    order({ orderId: 'G', firstResponseHours: null }),
    // An answer given on an order that was not cancelled in the end does not count.
    order({ orderId: 'H', status: 'in_progress', stoppedBy: 'other', firstResponseHours: null }),
  ];

  it('gives the hand-computed values', () => {
    const m = metricsFromTotals(addTotals([...drafts.map(totalsOfDraft), ...orders.map(totalsOfOrder)]));
    expect(m.intakeCompletionRate).toBe(0.5);
    expect(m.draftsAbandoned).toBe(3);
    expect(m.firstResponseMedianHours).toBe(4);
    expect(m.stoppedBy).toEqual({ no_longer_needed: 1, found_another_way: 0, questions_too_hard: 1, takes_too_long: 1, other: 0 });
  });

  it('keeps first responses in quarter hours below 2 h, whole hours above: 1 h 10 min counts as 1.25 h, 26 h 20 min as 26 h', () => {
    expect(roundFirstResponse(70 / 60)).toBe(1.25);
    expect(roundFirstResponse(26 + 1 / 3)).toBe(26);
    expect(roundFirstResponse(1.9)).toBe(2);
    expect(roundFirstResponse(5000)).toBe(1000);
    for (const h of [0, 0.25, 1.75, 2, 3, 26, 1000]) expect(firstResponseOfBucket(firstResponseBucket(h))).toBe(h);
    expect(firstResponseBucket(1.75)).toBe(7);
    expect(firstResponseBucket(2)).toBe(8);
    expect(computeMetrics([order({ firstResponseHours: 0 }), order({ firstResponseHours: 26.2 })]).firstResponseMedianHours).toBe(13);
    expect(computeMetrics([order({ firstResponseHours: 70 / 60 })]).firstResponseMedianHours).toBe(1.25);
    expect(computeMetrics([order({ firstResponseHours: 0.1 }), order({ firstResponseHours: 0.6 })]).firstResponseMedianHours).toBe(0.25);
  });

  it('is null with no drafts or no responses, never 0 %', () => {
    const m = computeMetrics([order()]);
    expect(m.intakeCompletionRate).toBeNull();
    expect(m.firstResponseMedianHours).toBeNull();
    expect(m.draftsAbandoned).toBe(0);
  });
});

describe('first response, paused while waiting on the requester', () => {
  // One "business hour" per real hour here, to check only the pause.
  const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
  const t = (h: number) => new Date(Date.UTC(2026, 2, 2, h));

  it('counts submit to response, leaving out time in consultation', () => {
    const events = [
      { to: 'draft', at: t(0) },
      { to: 'submitted', at: t(1) },
      { to: 'in_consultation', at: t(3) },
      { to: 'submitted', at: t(7) },
      { to: 'confirmed', at: t(8) },
    ];
    // 1→3 counts (2 h), 3→7 waits on the requester, 7→8 counts (1 h).
    expect(firstResponseHours(t(1), t(8), events, hours)).toBe(3);
    expect(firstResponseHours(t(1), t(3), events, hours)).toBe(2);
    expect(firstResponseHours(t(1), null, events, hours)).toBeNull();
    expect(firstResponseHours(null, t(3), events, hours)).toBeNull();
  });
});

describe('where a draft was left', () => {
  const questions = [
    { key: 'audience', type: 'text', label: 'Audience', required: true },
    { key: 'print', type: 'yesno', label: 'Printed?', required: true },
    { key: 'copies', type: 'number', label: 'Copies', required: true, showIf: { key: 'print', equals: true } },
  ] as Question[];

  it('is the first required question left blank or invalid, hidden ones skipped', () => {
    expect(whereDraftWasLeft(questions, {})).toBe('audience');
    expect(whereDraftWasLeft(questions, { audience: 'Parents' })).toBe('print');
    expect(whereDraftWasLeft(questions, { audience: 'Parents', print: false })).toBeNull();
    expect(whereDraftWasLeft(questions, { audience: 'Parents', print: true })).toBe('copies');
    expect(whereDraftWasLeft(questions, { audience: 'Parents', print: true, copies: 'many' })).toBe('copies');
  });
});
