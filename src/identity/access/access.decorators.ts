import { SetMetadata, createParamDecorator, ExecutionContext, applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { Actor } from './actor';

export const IS_PUBLIC = 'access:public';
export const REQUIRED_ROLE = 'access:role';

/**
 * What a route asks of its caller, checked by the one global guard:
 * - `signedIn`: any active user; object-level rules are applied in the query.
 * - `admin`: the admin flag.
 * - `requester` / `deliverer` / `manager`: at least one membership with that role.
 */
export type RouteRequirement = 'signedIn' | 'admin' | 'requester' | 'deliverer' | 'manager';

/**
 * The OpenAPI extension naming a route's requirement (`public` or a RouteRequirement). The
 * document's security and its 401/403 answers are derived from it (src/openapi), so the
 * guard's metadata and the document cannot disagree.
 */
export const ACCESS_EXTENSION = 'x-access';
/** Security scheme names, as declared in the document builder. */
export const BEARER_SCHEME = 'bearer';
export const COOKIE_SCHEME = 'cookie';
export const CSRF_SCHEME = 'csrf';

/** Open to anyone, signed in or not; said explicitly so no route is public by accident. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(ACCESS_EXTENSION, 'public'));

/**
 * A signed-in caller with `requirement`: a bearer token, or the session cookie (which the
 * document completes with the CSRF header on methods that change state).
 */
export const RequireRole = (requirement: RouteRequirement): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, requirement),
    ApiExtension(ACCESS_EXTENSION, requirement),
    ApiSecurity(BEARER_SCHEME),
    ApiSecurity(COOKIE_SCHEME),
  );

export const CSRF_IN_MULTIPART = 'access:csrf-in-multipart';

/**
 * A page route taking a multipart/form-data upload from a session cookie: the guard cannot
 * read the `_csrf` field of a body it must not buffer, so it leaves the check to the route,
 * which must check `req.pendingCsrfHash` against the form's first field before it reads any
 * file (AttachmentsService.upload's `checkFormToken`). Only where a route says so.
 */
export const CsrfInMultipartBody = (): MethodDecorator => SetMetadata(CSRF_IN_MULTIPART, true);

/** The signed-in caller, as the guard found them. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a route without a signed-in requirement');
  return req.actor;
});
