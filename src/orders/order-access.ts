import { hasRole, type Actor } from '../identity/access/actor';
import { decide, type ActorRole, type OrderStatus } from './domain/order-lifecycle';

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

/**
 * Who reads the delivering side's internal notes: its own people (a member of the support unit
 * in any role, a manager of it or above it) and admins. The requesting side never does, in any
 * view, list, timeline, mail, notification or webhook: the SQL of each read takes this rule.
 */
export function seesInternalNotes(actor: Actor, order: { supportUnitId: string }): boolean {
  return actor.isAdmin || internalNoteUnits(actor).includes(order.supportUnitId);
}

/**
 * The support units whose internal notes the caller reads: those they deliver for, and those they
 * manage (or manage from above). Another role in the unit (a requester of it) is not its
 * delivering side.
 */
function internalNoteUnits(actor: Actor): string[] {
  const delivering = actor.memberships.filter((m) => m.role === 'deliverer').map((m) => m.unitId);
  return [...new Set([...delivering, ...actor.managedUnitIds])];
}

/** `seesInternalNotes` as a condition on the order row `alias`, for reads that filter in the query. */
export function internalNotesVisibleWhere(actor: Actor, alias = 'o'): { sql: string; params: Record<string, unknown> } {
  if (actor.isAdmin) return { sql: 'TRUE', params: {} };
  return {
    sql: `(${alias}.support_unit_id = ANY(:internalUnits))`,
    params: { internalUnits: internalNoteUnits(actor) },
  };
}

/**
 * The one rule for writing on an order's conversation, from the lifecycle table: a comment by
 * whoever acts for either side now, from submission to acceptance; an internal note by the
 * delivering side over the same span. The service enforces it; the order view carries the
 * answers (`canComment`, `canWriteInternal`), which pages read instead of deciding again.
 */
export function conversationRights(
  actor: Actor,
  order: { status: OrderStatus; requesterUnitId: string; supportUnitId: string },
): { canComment: boolean; canWriteInternal: boolean } {
  const roles = rolesOn(actor, order);
  return {
    canComment: roles.some((role) => decide(order.status, 'comment', role).ok),
    canWriteInternal: roles.includes('deliverer') && decide(order.status, 'note_internal', 'deliverer').ok,
  };
}

/** What `canAnswer` needs of a message: who asked what, and when. */
export interface ThreadMessage {
  kind: string;
  side: 'requester' | 'deliverer';
  createdAt: Date;
}

/**
 * The support unit's questions still waiting for the requesting side: those asked after its
 * last answer. An answer answers what is open, so it needs no reference to a question.
 */
export function openQuestions<M extends ThreadMessage>(messages: readonly M[]): M[] {
  const lastAnswer = Math.max(
    -Infinity,
    ...messages.filter((x) => x.kind === 'answer' && x.side === 'requester').map((x) => x.createdAt.getTime()),
  );
  return messages.filter((x) => x.kind === 'question' && x.side === 'deliverer' && x.createdAt.getTime() > lastAnswer);
}

/**
 * The one rule for answering: the caller acts for the requesting side now, the question is one
 * of `openQuestions`, and the lifecycle lets the requester answer in the order's status (in
 * consultation the answer returns the order to the support unit; elsewhere it is a message).
 */
export function canAnswer(
  actor: Actor,
  order: { status: OrderStatus; requesterUnitId: string; supportUnitId: string },
  message: ThreadMessage,
  open: ReadonlySet<ThreadMessage>,
): boolean {
  const status = order.status;
  return (
    open.has(message) &&
    rolesOn(actor, order).includes('requester') &&
    (decide(status, 'answer', 'requester').ok || decide(status, 'message_requester', 'requester').ok)
  );
}
