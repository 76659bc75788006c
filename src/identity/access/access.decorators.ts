import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
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

/** Open to anyone, signed in or not; said explicitly so no route is public by accident. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const RequireRole = (requirement: RouteRequirement): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, requirement);

/** The signed-in caller, as the guard found them. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a route without a signed-in requirement');
  return req.actor;
});
