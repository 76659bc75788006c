/**
 * Where to go after signing in: only a path on this site (`/orders/1?tab=x`), never another
 * origin (`//evil.example`, `/\evil.example`, `https://…`) nor anything with control characters.
 */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith('//')) return fallback;
  const base = 'http://same-origin.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const path = url.pathname + url.search;
  // Dot segments collapse when parsed (`/.//evil.example` → `//evil.example`): a browser would
  // read the result as another host, so the normalised path is checked again.
  if (path.startsWith('//') || path.startsWith('/\\')) return fallback;
  // Never back to the sign-in form itself or to an action that only takes a form post.
  if (path.startsWith('/sign-in') || path.startsWith('/sign-out')) return fallback;
  return path;
}
