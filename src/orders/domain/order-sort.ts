// How order lists are sorted and paged: one sort key and the id as tie-breaker, a keyset cursor
// holding both, so paging stays stable while orders change.
import { isCalendarDate } from '../../common/validation';
import { decodeCursor, encodeCursor, isCursorTime } from '../../common/page';
import { DomainError } from '../../common/domain-error';

export const ORDER_SORTS = ['created', 'updated', 'due'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Orders without a due date come last whichever way due dates are sorted. */
const NO_DUE = { asc: '9999-12-31', desc: '0001-01-01' } as const;

export interface OrderSortPlan {
  /** The SQL expression sorted on, over the order row `o`. */
  key: string;
  /** Its SQL type, to read the cursor's value back. */
  type: 'timestamptz' | 'date';
  direction: 'ASC' | 'DESC';
  /** `<` or `>`: rows after the cursor's position. */
  after: '<' | '>';
}

/** Newest first, as lists have always been sorted. */
export const DEFAULT_SORT: { sort: OrderSort; order: SortOrder } = { sort: 'created', order: 'desc' };

export function sortPlan(sort: OrderSort = DEFAULT_SORT.sort, order?: SortOrder): OrderSortPlan {
  // Due dates read naturally soonest first; times newest first.
  const dir = order ?? (sort === 'due' ? 'asc' : 'desc');
  const key = sort === 'created' ? 'o.created_at' : sort === 'updated' ? 'o.updated_at' : `coalesce(o.due_date, DATE '${NO_DUE[dir]}')`;
  return {
    key,
    type: sort === 'due' ? 'date' : 'timestamptz',
    direction: dir === 'asc' ? 'ASC' : 'DESC',
    after: dir === 'asc' ? '>' : '<',
  };
}

/**
 * The cursor after a row: (sort, order, key value as PostgreSQL wrote it, id). The sort is in
 * the cursor so that a cursor of one sort is refused by another instead of skipping orders.
 */
export function sortCursor(sort: OrderSort, order: SortOrder, keyText: string, id: string): string {
  return encodeCursor([sort, order, keyText, id]);
}

/** The position a cursor of this sort holds; `400` for anything else. */
export function readSortCursor(cursor: string, sort: OrderSort, order: SortOrder, plan: OrderSortPlan): { key: string; id: string } {
  const [cSort, cOrder, key, id] = decodeCursor(cursor, 4);
  const keyOk = plan.type === 'date' ? isCalendarDate(key) : isCursorTime(key);
  if (cSort !== sort || cOrder !== order || !keyOk || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw DomainError.validation([{ pointer: '/cursor', code: 'cursor', detail: 'is not a cursor this API gave out for this sort' }]);
  }
  return { key, id };
}
