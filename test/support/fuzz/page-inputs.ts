import fc from 'fast-check';
import { BROKEN_ESCAPES, HOSTILE_STRINGS, percentEncode } from './inputs';

/**
 * The query parameters the pages read (their filters, `?done=`, `?next=`, cursors, …). The
 * pages have no document to read them from, so they are listed here; the API's query names are
 * added at run time, as pages name their filters as the API does.
 */
export const PAGE_QUERY_NAMES = [
  'action',
  'actor',
  'assigneeId',
  'before',
  'created',
  'cursor',
  'done',
  'entity',
  'from',
  'fromRecommendation',
  'groupBy',
  'metric',
  'next',
  'overdue',
  'published',
  'q',
  'requesterUnitId',
  'saved',
  'serviceId',
  'signedOut',
  'status',
  'submittedFrom',
  'submittedTo',
  'supportUnitId',
  'to',
  'validate',
  'waitingOnRequester',
];

/**
 * The ways one parameter reaches a server: once, repeated (`n=a&n=b`), as a list (`n[]=a`,
 * `n[0]=a`), object-shaped (`n[k]=a`, `n[k][j]=a`), bare (`n`), empty (`n=`), its brackets
 * percent-encoded too.
 */
export type QueryShape = 'once' | 'repeated' | 'list' | 'indexed' | 'object' | 'nested' | 'bare' | 'empty' | 'encoded brackets';
export const QUERY_SHAPES: QueryShape[] = ['once', 'repeated', 'list', 'indexed', 'object', 'nested', 'bare', 'empty', 'encoded brackets'];

/** One parameter written in one shape, its values percent-encoded (or a broken escape, as written). */
export function shapedParameter(name: string, shape: QueryShape, values: string[]): string {
  const [a, b = a] = values;
  switch (shape) {
    case 'once':
      return `${name}=${a}`;
    case 'repeated':
      return `${name}=${a}&${name}=${b}`;
    case 'list':
      return `${name}[]=${a}&${name}[]=${b}`;
    case 'indexed':
      return `${name}[0]=${a}&${name}[1]=${b}`;
    case 'object':
      return `${name}[k]=${a}`;
    case 'nested':
      return `${name}[k][j]=${a}&${name}=${b}`;
    case 'bare':
      return name;
    case 'empty':
      return `${name}=`;
    case 'encoded brackets':
      return `${name}%5B%5D=${a}&${name}%5Bk%5D=${b}`;
  }
}

/**
 * A page's query string (without `?`): one to four parameters, by name from `names`, each in
 * some shape, with values from `plausible` (ids that exist, emails, dates) or hostile text.
 */
export function pageQueryString(names: string[], plausible: string[]): fc.Arbitrary<string> {
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...plausible).map(percentEncode) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) },
  );
  const parameter = fc
    .tuple(fc.constantFrom(...names), fc.constantFrom(...QUERY_SHAPES), fc.array(value, { minLength: 2, maxLength: 2 }))
    .map(([name, shape, values]) => shapedParameter(name, shape, values));
  return fc.array(parameter, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('&'));
}
