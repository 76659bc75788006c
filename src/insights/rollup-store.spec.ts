import fc from 'fast-check';
import { emptyTotals, MetricTotals } from './domain/metrics';
import { OrderKey, RollupChange, rollupChanges } from './rollup-store';

const ONE_ORDER: MetricTotals = { ...emptyTotals(), orders: 1 };

function key(service: string, requester: string, month = '2026-03-01'): OrderKey {
  return { month, serviceId: service, supportUnitId: `unit-of-${service}`, requesterUnitId: requester };
}

const describeChange = (c: RollupChange) =>
  `${c.sign > 0 ? '+' : '-'}${c.key.grain}:${c.key.month}:${c.key.serviceId}:${c.key.requesterUnitId}`;
const rowOf = (c: RollupChange) => `${c.key.grain}:${c.key.month}:${c.key.serviceId}:${c.key.requesterUnitId}`;

describe('rollupChanges', () => {
  it('touches every grain of the old key (−) and the new key (+)', () => {
    const changes = rollupChanges([{ order: key('x', 'school'), totals: ONE_ORDER }], [{ order: key('y', 'school'), totals: ONE_ORDER }]);
    expect(changes.map(describeChange)).toEqual([
      '-fine:2026-03-01:x:school',
      '+fine:2026-03-01:y:school',
      '-requester:2026-03-01:null:school',
      '+requester:2026-03-01:null:school',
      '-service:2026-03-01:x:null',
      '+service:2026-03-01:y:null',
    ]);
  });

  it('takes the old totals away before adding the new ones on a row both share', () => {
    const changes = rollupChanges([{ order: key('x', 'school'), totals: ONE_ORDER }], [{ order: key('x', 'school'), totals: ONE_ORDER }]);
    expect(changes.map((c) => c.sign)).toEqual([-1, 1, -1, 1, -1, 1]);
  });

  it('changes nothing for an order that is not reported (a draft)', () => {
    expect(rollupChanges([{ order: key('x', 'a'), totals: emptyTotals() }], [])).toEqual([]);
    expect(rollupChanges([], [])).toEqual([]);
  });

  it('counts a draft at the month it was started, and merges parts that share a key into one change a row', () => {
    const draft: MetricTotals = { ...emptyTotals(), draftsStarted: 1, draftsSubmitted: 1 };
    const sameMonth = rollupChanges(
      [],
      [
        { order: key('x', 'a'), totals: ONE_ORDER },
        { order: key('x', 'a'), totals: draft },
      ],
    );
    expect(sameMonth.map(describeChange)).toEqual(['+fine:2026-03-01:x:a', '+requester:2026-03-01:null:a', '+service:2026-03-01:x:null']);
    expect(sameMonth[0].totals).toMatchObject({ orders: 1, draftsStarted: 1, draftsSubmitted: 1 });
    const laterMonth = rollupChanges(
      [],
      [
        { order: key('x', 'a', '2026-04-01'), totals: ONE_ORDER },
        { order: key('x', 'a'), totals: draft },
      ],
    );
    expect(laterMonth).toHaveLength(6);
  });

  // The deadlock this prevents: one transaction moves an order from X to Y while another moves
  // one from Y to X. Both must lock the rows they share in the same order.
  it('orders the rows any two moves share in the same way, so concurrent moves cannot deadlock', () => {
    const anyKey = fc.record({
      month: fc.constantFrom('2026-01-01', '2026-02-01'),
      serviceId: fc.constantFrom('s1', 's2', 's3'),
      supportUnitId: fc.constant('u'),
      requesterUnitId: fc.constantFrom('r1', 'r2'),
    });
    const anyMove = fc.record({ from: fc.option(anyKey, { nil: null }), to: fc.option(anyKey, { nil: null }) });
    fc.assert(
      fc.property(anyMove, anyMove, (a, b) => {
        const rows = (m: typeof a) =>
          rollupChanges(m.from ? [{ order: m.from, totals: ONE_ORDER }] : [], m.to ? [{ order: m.to, totals: ONE_ORDER }] : []).map(rowOf);
        const [ra, rb] = [rows(a), rows(b)];
        const shared = (r: string[], other: string[]) => [...new Set(r.filter((row) => other.includes(row)))];
        expect(shared(ra, rb)).toEqual(shared(rb, ra));
      }),
    );
  });
});
