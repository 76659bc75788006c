// Who hears about what: pure rules, no NestJS or TypeORM.
import type { MembershipRole } from '../../identity/access/actor';

/** The fields of an event payload that decide its audience (see events/order-events.ts). */
export interface AudiencePayload {
  requesterId: string;
  requesterUnitId: string;
  supportUnitId: string;
  assigneeId: string | null;
  actorId: string | null;
  proposedBy?: 'requester' | 'deliverer';
  /** Who wrote the message of order.question_asked, or added the files of attachment.added. */
  side?: 'requester' | 'deliverer';
  targetUnitId?: string;
}

export type Audience = { user: string } | { unitId: string; role: MembershipRole };

/**
 * The delivering unit hears of what the requester does (submit, revise/keep, reopen, change
 * requests and decisions by the requester, the requester's messages); the requester hears of what the delivering unit
 * does (advice, questions, acceptance with its due date, change requests and decisions by the
 * deliverer, delivery); the requesting unit's requesters hear of a recommendation waiting for
 * them. The one who acted is left out by the caller.
 */
export function audienceFor(type: string, p: AudiencePayload): Audience[] {
  const deliverers: Audience = { unitId: p.supportUnitId, role: 'deliverer' };
  const requester: Audience = { user: p.requesterId };
  switch (type) {
    case 'order.submitted':
    case 'order.revised':
    case 'order.kept':
    case 'order.reopened':
    case 'order.transferred':
    case 'order.cancelled':
      return [deliverers];
    case 'attachment.added':
      return [p.side === 'requester' ? deliverers : requester];
    case 'order.question_asked':
      // Absent in events stored before `side` existed: those were all deliverers' questions.
      return [p.side === 'requester' ? deliverers : requester];
    case 'order.advised':
    case 'order.accepted':
    case 'order.delivered':
      return [requester];
    case 'order.change_requested':
      return [p.proposedBy === 'deliverer' ? requester : deliverers];
    case 'order.change_decided':
      // The decision is made by the other party: tell the one who proposed.
      return [p.proposedBy === 'deliverer' ? deliverers : requester];
    case 'recommendation.pending':
      return [{ unitId: p.targetUnitId ?? p.requesterUnitId, role: 'requester' }];
    case 'order.overdue':
      return p.assigneeId ? [{ user: p.assigneeId }, deliverers] : [deliverers];
    case 'reminder.retrospective':
      return p.assigneeId ? [{ user: p.assigneeId }, deliverers] : [deliverers];
    case 'reminder.feedback':
      return [requester];
    default:
      return [];
  }
}
