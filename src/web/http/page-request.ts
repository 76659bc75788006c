import type { Request } from 'express';
import { isLanguage, Language } from '../../common/language';
import type { Actor } from '../../identity/access/actor';
import { negotiateLanguage } from '../i18n/i18n';

/** A request to a page: the guard's actor (when signed in), the request id, parsed cookies and form body. */
export type PageRequest = Request & {
  actor?: Actor;
  id?: unknown;
  cookies?: Record<string, string>;
  body?: Record<string, unknown>;
  /** The signed-in user's unread notifications, counted for the header (UnreadCountInterceptor). */
  unreadNotifications?: number;
};

/** Remembers a language picked before signing in (and on this browser after). */
export const LANGUAGE_COOKIE = 'lang';

/**
 * The language of a page: the one the signed-in user picked, else the one picked on this
 * browser, else the best match of `Accept-Language`, else English.
 */
export function pageLanguage(req: PageRequest): Language {
  if (req.actor?.language) return req.actor.language;
  const picked = req.cookies?.[LANGUAGE_COOKIE];
  if (isLanguage(picked)) return picked;
  return negotiateLanguage(req.headers['accept-language']) ?? 'en';
}

/** API and health routes answer machines (problem+json); every other path is a page. */
export function isPagePath(path: string): boolean {
  return !/^\/(api|health)(\/|$)/i.test(path); // routing ignores case, so must this
}

/** A form field as one string ('' when absent or repeated). */
export function field(body: Record<string, unknown> | undefined, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
}
