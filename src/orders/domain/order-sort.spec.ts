import fc from 'fast-check';
import { ORDER_SORTS, readSortCursor, SORT_ORDERS, sortCursor, sortPlan } from './order-sort';

describe('order list sorting', () => {
  it('sorts times newest first and due dates soonest first unless told otherwise, orders without a due date last', () => {
    expect(sortPlan()).toMatchObject({ key: 'o.created_at', direction: 'DESC', after: '<' });
    expect(sortPlan('due')).toMatchObject({ key: "coalesce(o.due_date, DATE '9999-12-31')", direction: 'ASC', after: '>' });
    expect(sortPlan('due', 'desc')).toMatchObject({ key: "coalesce(o.due_date, DATE '0001-01-01')", direction: 'DESC', after: '<' });
    expect(sortPlan('updated', 'asc')).toMatchObject({ key: 'o.updated_at', type: 'timestamptz', direction: 'ASC' });
  });

  it('reads back the position of a cursor it gave out, and only for the same sort', () => {
    const keys = { due: fc.constantFrom('2031-01-01', '9999-12-31', '0001-01-01'), time: fc.constant('2026-12-08 01:02:03.456789+00') };
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_SORTS), fc.constantFrom(...SORT_ORDERS), fc.uuid(), fc.boolean(), (sort, order, id, other) => {
        const plan = sortPlan(sort, order);
        const key = fc.sample(sort === 'due' ? keys.due : keys.time, 1)[0];
        const cursor = sortCursor(sort, order, key, id);
        expect(readSortCursor(cursor, sort, order, plan)).toEqual({ key, id });
        const otherOrder = order === 'asc' ? 'desc' : 'asc';
        if (other) expect(() => readSortCursor(cursor, sort, otherOrder, sortPlan(sort, otherOrder))).toThrow();
      }),
    );
    expect(() =>
      readSortCursor(sortCursor('due', 'asc', 'not a day', '5b0c6a52-3f0e-4a5e-9d43-2f1d1f8c0a11'), 'due', 'asc', sortPlan('due')),
    ).toThrow();
    expect(() => readSortCursor('garbage', 'due', 'asc', sortPlan('due'))).toThrow();
  });
});
