import fc from 'fast-check';
import { addTotals, computeMetrics, metricsFromTotals, OrderFacts, totalsOfOrder } from './metrics';

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
