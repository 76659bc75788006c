import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { csrfCookieName } from '../../identity/access/session-cookie';
import { PageRequest, field } from './page-request';

/** Forms shown before there is a session (sign-in, the language switch) carry a double-submit token. */
const PRE_SESSION_TTL_MS = 2 * 3600_000;

export function preSessionCookieName(secure: boolean): string {
  return secure ? '__Host-form-csrf' : 'form-csrf';
}

/**
 * The token every form carries in its hidden `_csrf` field. Signed in: the session's CSRF
 * token (the guard checks it against the session). Not signed in: a random token also set in a
 * short-lived SameSite=Strict cookie, which another site can neither read nor send with its post.
 */
export function formCsrfToken(req: PageRequest, res: Response, secure: boolean): string {
  if (req.actor?.via === 'cookie') {
    const token = req.cookies?.[csrfCookieName(secure)];
    if (token) return token;
  }
  const existing = req.cookies?.[preSessionCookieName(secure)];
  if (existing && /^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.cookie(preSessionCookieName(secure), token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: PRE_SESSION_TTL_MS });
  return token;
}

/** True when the posted `_csrf` field matches the pre-session cookie. */
export function checkPreSessionToken(req: PageRequest, secure: boolean): boolean {
  const cookie = req.cookies?.[preSessionCookieName(secure)] ?? '';
  const sent = field(req.body, '_csrf');
  if (!cookie || cookie.length !== sent.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
}

export function clearPreSessionToken(res: Response, secure: boolean): void {
  res.clearCookie(preSessionCookieName(secure), { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
