import type { Request } from 'express';
import { readSessionCookie } from './access/session-cookie';
import type { RequestMeta } from './auth.service';

export function requestMeta(req: Request & { id?: unknown }): RequestMeta {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: req.headers['user-agent'],
    requestId: req.id ? String(req.id) : undefined,
    previousToken: readSessionCookie(req),
  };
}
