import type { Request } from 'express';
import { readSessionCookie } from './access/session-cookie';
import type { RequestMeta } from './auth.service';

export function requestMeta(req: Request & { id?: unknown }): RequestMeta {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: req.headers['user-agent'],
    requestId: req.id ? String(req.id) : undefined,
    // Either name: revoking whatever session cookie the browser held at sign-in is always safe.
    previousToken: readSessionCookie(req, true) ?? readSessionCookie(req, false),
  };
}
