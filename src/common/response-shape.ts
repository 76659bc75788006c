/**
 * Compile-time link between an OpenAPI response class and the type its service returns: the
 * same fields, each of the same type, so neither side changes without the other. The class
 * may say a field is always present where the type leaves it optional (the service always
 * sets it); anything else that differs is an error naming the fields at fault.
 */
export type Documents<Documented, Returned> = [
  Exclude<keyof Documented, keyof Returned> | Exclude<keyof Returned, keyof Documented>,
] extends [never]
  ? [Documented] extends [Returned]
    ? [Required<Returned>] extends [Required<Documented>]
      ? true
      : { typesDiffer: DifferingFields<Documented, Returned> }
    : { typesDiffer: DifferingFields<Documented, Returned> }
  : { undocumented: Exclude<keyof Returned, keyof Documented>; notReturned: Exclude<keyof Documented, keyof Returned> };

type DifferingFields<Documented, Returned> = {
  [K in keyof Documented & keyof Returned]: [Documented[K]] extends [Returned[K]]
    ? [Exclude<Returned[K], undefined>] extends [Documented[K]]
      ? never
      : K
    : K;
}[keyof Documented & keyof Returned];

/**
 * `documents<OrderViewResponse, OrderView>(true)` beside a response class: it compiles only
 * while the class documents exactly what the service returns. Does nothing at run time.
 */
export function documents<Documented, Returned>(same: Documents<Documented, Returned>): void {
  void same;
}
