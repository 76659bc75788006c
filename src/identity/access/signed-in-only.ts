import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { problemFromDomainError, sendProblem } from '../../common/problem-details.filter';
import type { AppConfig } from '../../config/app-config';
import type { SessionService } from '../session.service';
import { presentedToken } from './session-cookie';

/**
 * For what is served beside the controllers, where the global guard does not reach (the API
 * document and Swagger UI): only a request with a live session, by bearer token or session
 * cookie, gets through; anyone else gets `401` problem details. For reads only, so a cookie
 * needs no CSRF token.
 */
export function signedInOnly(sessions: SessionService, config: AppConfig): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const presented = presentedToken(req, config.session.secureCookies);
      let signedIn: boolean;
      try {
        signedIn = presented !== null && (await sessions.authenticate(presented.token, presented.via)) !== null;
      } catch {
        sendProblem(req, res, {
          type: 'https://support-orders.example/problems/database-unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: 'The database is not answering right now; try again shortly.',
          retryAfterSeconds: 1,
        });
        return;
      }
      if (!signedIn)
        return sendProblem(req, res, problemFromDomainError(new DomainError('unauthenticated', 'Sign in to read the API document.')));
      // What only signed-in people may read is no shared cache's to keep.
      res.setHeader('Cache-Control', 'private');
      next();
    })();
  };
}
