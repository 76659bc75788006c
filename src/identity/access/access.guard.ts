import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SessionService } from '../session.service';
import { digest } from '../tokens';
import { CSRF_IN_MULTIPART, IS_PUBLIC, REQUIRED_ROLE, RouteRequirement } from './access.decorators';
import { Actor, hasRole } from './actor';
import { presentedToken } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthenticatedRequest = Request & {
  actor?: Actor;
  id?: string;
  /** A multipart page post whose CSRF token is in its body: the route checks it (see `CsrfInMultipartBody`). */
  pendingCsrfHash?: string;
};

/**
 * The one global guard: every route says `@Public()` or `@RequireRole(...)`; a route that
 * says neither is refused here (and fails the route-enumeration test before that).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true;
    const requirement = this.reflector.getAllAndOverride<RouteRequirement | undefined>(REQUIRED_ROLE, targets);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();

    // A public route needs no proof of who calls it: a cookie without its CSRF token (e.g. the
    // sign-in form of a browser that still holds a session) is then just not taken as a sign-in.
    const multipartCsrf = this.reflector.getAllAndOverride<boolean>(CSRF_IN_MULTIPART, targets) === true;
    const actor = await this.identify(req, !isPublic, multipartCsrf);
    if (isPublic) return true;
    if (!requirement) throw new Error(`route ${req.method} ${req.path} declares no access requirement`);
    if (!actor) throw new DomainError('unauthenticated', 'Sign in to continue.');
    if (!meets(actor, requirement)) {
      throw new DomainError('forbidden', `This needs the ${requirement} role.`);
    }
    return true;
  }

  private async identify(req: AuthenticatedRequest, enforceCsrf: boolean, multipartCsrf = false): Promise<Actor | null> {
    const presented = presentedToken(req, this.config.session.secureCookies);
    if (!presented) return null;
    const found = await this.sessions.authenticate(presented.token, presented.via);
    if (!found) return null;
    const { csrfHash, ...actor } = found;
    // Browsers send cookies on their own; a state change must also prove it came from our page.
    if (actor.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const sent = req.headers['x-csrf-token'] ?? body?._csrf;
      const multipart = /^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '');
      if (sent === undefined && multipartCsrf && multipart && enforceCsrf) {
        // The route reads the token from the form's first field before any file: see CsrfInMultipartBody.
        req.pendingCsrfHash = csrfHash;
      } else if (typeof sent !== 'string' || digest(sent) !== csrfHash) {
        if (!enforceCsrf) return null;
        throw new DomainError('csrf_failed', 'Send the CSRF token from sign-in in the X-CSRF-Token header.');
      }
      // A form's token is the guard's business, not a field of the request the route validates.
      if (body && typeof body === 'object') delete body._csrf;
    }
    req.actor = actor;
    return actor;
  }
}

function meets(actor: Actor, requirement: RouteRequirement): boolean {
  if (requirement === 'signedIn' || actor.isAdmin) return true;
  if (requirement === 'admin') return false;
  return hasRole(actor, requirement);
}
