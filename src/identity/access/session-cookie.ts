import type { Request, Response } from 'express';

/**
 * Whether this request came over TLS, as the trusted proxy says (`req.secure` follows
 * TRUST_PROXY and X-Forwarded-Proto), or the deployment forces secure cookies (SECURE_COOKIES).
 * Decided per request: a deployment that forgets NODE_ENV still gets secure cookies over TLS.
 */
export function requestIsSecure(req: Request, forceSecure: boolean): boolean {
  return forceSecure || req.secure;
}

/** `__Host-` binds the cookie to our origin, and needs `Secure`, so it is used over TLS only. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-sid' : 'sid';
}

/**
 * Over TLS only the `__Host-` cookie counts: a plain `sid` could have been planted by a
 * sibling subdomain or over plain HTTP (session fixation).
 */
export function readSessionCookie(req: Request, secure: boolean): string | null {
  const cookies = (req as Request & { cookies?: Record<string, string> }).cookies ?? {};
  return cookies[sessionCookieName(secure)] ?? null;
}

/**
 * The session token a request presents: an `Authorization: Bearer` header, else the session
 * cookie (only `__Host-sid` over TLS). A `Bearer` header with nothing in it presents nothing.
 */
export function presentedToken(req: Request, forceSecure: boolean): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  if (bearer !== null) return bearer ? { token: bearer, via: 'bearer' } : null;
  const cookie = readSessionCookie(req, requestIsSecure(req, forceSecure));
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Sets the session cookie, and beside it a cookie the page's own script can read holding the
 * CSRF token, to send back as `X-CSRF-Token`. A sign-in that ends in a redirect (single
 * sign-on) has no response body to carry the token; another site can neither read this
 * cookie nor make the browser send it as a header.
 */
export function setSessionCookie(res: Response, session: { token: string; csrfToken: string }, secure: boolean, maxAgeMs: number): void {
  res.cookie(sessionCookieName(secure), session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeMs });
  res.cookie(csrfCookieName(secure), session.csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/', maxAge: maxAgeMs });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  res.clearCookie(csrfCookieName(secure), { httpOnly: false, sameSite: 'lax', secure, path: '/' });
}

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-csrf' : 'csrf';
}
