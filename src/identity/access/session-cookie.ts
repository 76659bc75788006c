import type { Request, Response } from 'express';

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

export function setSessionCookie(res: Response, token: string, secure: boolean, maxAgeMs: number): void {
  res.cookie(sessionCookieName(secure), token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeMs });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
