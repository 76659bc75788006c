import { hasRole, type Actor } from '../identity/access/actor';
import type { ActorRole } from './domain/order-lifecycle';

/**
 * The one visibility rule for orders, applied inside the query: the caller sees an order when
 * they requested it, belong to the requesting or delivering unit, manage a unit above either,
 * or are an admin. A draft is the requesting side's own business until it is submitted: only
 * its requester and the requesters of its unit see it. Everything else is invisible, so an id
 * from the client yields 404.
 */
export function visibleOrdersWhere(actor: Actor, alias = 'o'): { sql: string; params: Record<string, unknown> } {
  if (actor.isAdmin) return { sql: 'TRUE', params: {} };
  const units = [...new Set([...actor.memberUnitIds, ...actor.managedUnitIds])];
  const own = requestingSideWhere(actor, alias);
  return {
    sql: `(${own.sql}
      OR (${alias}.status <> 'draft' AND (${alias}.requester_unit_id = ANY(:visUnits) OR ${alias}.support_unit_id = ANY(:visUnits))))`,
    params: { ...own.params, visUnits: units },
  };
}

/** Orders the caller is on the requesting side of, drafts included: their own, and those of units they request for. */
export function requestingSideWhere(actor: Actor, alias = 'o'): { sql: string; params: Record<string, unknown> } {
  const requesterUnits = actor.memberships.filter((m) => m.role === 'requester').map((m) => m.unitId);
  return {
    sql: `(${alias}.requester_id = :visUser OR ${alias}.requester_unit_id = ANY(:visRequesterUnits))`,
    params: { visUser: actor.userId, visRequesterUnits: requesterUnits },
  };
}

/**
 * Which sides of an order the caller acts for now: the requesting side needs a current
 * requester membership of the requesting unit, the delivering side a current deliverer
 * membership of the support unit. Having placed the order is not enough to act for the unit:
 * someone removed from it keeps reading what they placed (see the visibility rule) and acts on
 * nothing. Managers and admins see orders but act on neither side.
 */
export function rolesOn(actor: Actor, order: { requesterUnitId: string; supportUnitId: string }): ActorRole[] {
  const roles: ActorRole[] = [];
  if (hasRole(actor, 'requester', order.requesterUnitId)) roles.push('requester');
  if (hasRole(actor, 'deliverer', order.supportUnitId)) roles.push('deliverer');
  return roles;
}

/** The caller placed this order but no longer requests for its unit: refused with a message that says so. */
export function isFormerRequester(actor: Actor, order: { requesterId: string; requesterUnitId: string }): boolean {
  return order.requesterId === actor.userId && !hasRole(actor, 'requester', order.requesterUnitId);
}

/**
 * The one rule for deciding a change request: it is decided by someone acting now for the side
 * that did not propose it, and never by its proposer (someone on both sides included). The
 * service enforces it; the order view carries its answer as each request's `canDecide`, which
 * pages and clients read instead of deciding again.
 */
export function decidesChangeRequest(
  actor: Actor,
  order: { requesterUnitId: string; supportUnitId: string },
  request: { proposedBy: string; proposedBySide: ActorRole },
): boolean {
  const otherSide: ActorRole = request.proposedBySide === 'requester' ? 'deliverer' : 'requester';
  return request.proposedBy !== actor.userId && rolesOn(actor, order).includes(otherSide);
}
