import { DomainError } from '../../common/domain-error';

/** A page's query parameters by name, each one text; a name that was not sent is absent. */
export type PageQuery<N extends string> = Partial<Record<N, string>>;

/**
 * The one reader of a page's query string (`req.query`): every page controller reads its
 * parameters through it and names the ones it takes. Express hands a parameter over as text, as
 * a list when it is repeated (`?actor=a&actor=b`, `?actor[]=a`), and with an extended parser as
 * an object (`?actor[x]=a`); a page wants text. A repeated parameter counts by its first value,
 * as a browser's form never repeats a text field; anything that is not text is a 400 error page
 * naming the parameter. Parameters the page does not name are left out.
 */
export function pageQuery<const N extends string>(req: { query?: unknown }, names: readonly N[]): PageQuery<N> {
  const raw = req.query && typeof req.query === 'object' ? (req.query as Record<string, unknown>) : {};
  const result: PageQuery<N> = {};
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(raw, name)) continue;
    const value = firstText(raw[name]);
    if (value === null)
      throw DomainError.validation(
        [{ pointer: `/${name}`, code: 'text', detail: 'must be text' }],
        `The query parameter ${name} must be text.`,
      );
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/** Text as it is, a list by its first item (text), nothing for an empty list; `null` for any other shape. */
function firstText(value: unknown): string | undefined | null {
  if (typeof value === 'string') return value;
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : typeof value[0] === 'string' ? value[0] : null;
  return null;
}

/**
 * A parameter a form sends once per ticked box (`?status=a&status=b`), or as one comma-separated
 * value (`?status=a,b`, as links and the API write it): every value, in order, without repeats.
 * Anything that is not text is the 400 error page, as for `pageQuery`.
 */
export function pageQueryList(req: { query?: unknown }, name: string): string[] | undefined {
  const raw = req.query && typeof req.query === 'object' ? (req.query as Record<string, unknown>)[name] : undefined;
  if (raw === undefined) return undefined;
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every((v): v is string => typeof v === 'string')) {
    throw DomainError.validation(
      [{ pointer: `/${name}`, code: 'text', detail: 'must be text' }],
      `The query parameter ${name} must be text.`,
    );
  }
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}
