// Who hears about what: pure rules, no NestJS or TypeORM.
import type { MembershipRole } from '../../identity/access/actor';

/** The fields of an event payload that decide its audience (see events/order-events.ts). */
export interface AudiencePayload {
  /** Absent on the events of ideas and surveys, which are about no order. */
  requesterId?: string;
  requesterUnitId?: string;
  supportUnitId: string;
  assigneeId?: string | null;
  actorId: string | null;
  /** idea.answered, survey.sent: the people told, named by the event (the author and supporters, the panel's members). */
  recipientIds?: string[];
  proposedBy?: 'requester' | 'deliverer';
  /** Who wrote the message of order.question_asked, or added the files of attachment.added. */
  side?: 'requester' | 'deliverer';
  targetUnitId?: string;
}

/**
 * One user; one user only while they are an active member in that role (an assignee hears as a
 * member of the delivering unit, and not after leaving it); or the members of a unit in a role.
 */
export type Audience =
  { user: string } | { user: string; whileMember: { unitId: string; role: MembershipRole } } | { unitId: string; role: MembershipRole };

/**
 * The delivering unit hears of what the requester does (submit, revise/keep, reopen, change
 * requests and decisions by the requester, the requester's messages); the requester hears of what the delivering unit
 * does (advice, questions, acceptance with its due date, change requests and decisions by the
 * deliverer, delivery, the retrospective); the delivering unit hears of the requester's feedback;
 * the requesting unit's requesters hear of a recommendation waiting for them. The assignee hears
 * of their order's deadlines only while a deliverer of its unit: one who left the unit can no
 * longer open the order. The one who acted is left out by the caller.
 */
export function audienceFor(type: string, p: AudiencePayload): Audience[] {
  const deliverers: Audience = { unitId: p.supportUnitId, role: 'deliverer' };
  const requester: Audience[] = p.requesterId ? [{ user: p.requesterId }] : [];
  const managers: Audience = { unitId: p.supportUnitId, role: 'manager' };
  switch (type) {
    case 'order.submitted':
    case 'order.revised':
    case 'order.kept':
    case 'order.reopened':
    case 'order.transferred':
    case 'order.cancelled':
      return [deliverers];
    case 'attachment.added':
      return p.side === 'requester' ? [deliverers] : requester;
    case 'order.question_asked':
    case 'message.posted':
      // Absent in events stored before `side` existed: those were all deliverers' questions.
      return p.side === 'requester' ? [deliverers] : requester;
    case 'order.question_answered':
      return [deliverers];
    case 'order.advised':
    case 'order.accepted':
    case 'order.delivered':
    case 'retrospective.written':
      return requester;
    case 'feedback.given':
      return [deliverers];
    case 'order.change_requested':
      return p.proposedBy === 'deliverer' ? requester : [deliverers];
    case 'order.change_decided':
      // The decision is made by the other party: tell the one who proposed.
      return p.proposedBy === 'deliverer' ? [deliverers] : requester;
    case 'recommendation.pending':
      return (p.targetUnitId ?? p.requesterUnitId) ? [{ unitId: (p.targetUnitId ?? p.requesterUnitId)!, role: 'requester' }] : [];
    case 'order.overdue':
    case 'reminder.retrospective':
      return p.assigneeId
        ? [{ user: p.assigneeId, whileMember: { unitId: p.supportUnitId, role: 'deliverer' } }, deliverers]
        : [deliverers];
    case 'reminder.feedback':
      return requester;
    // The support unit's managers answer for its ideas: they hear of new ones and of those past their date.
    case 'idea.created':
    case 'idea.overdue':
      return [managers];
    case 'idea.answered':
    case 'survey.sent':
      return (p.recipientIds ?? []).map((user) => ({ user }));
    default:
      return [];
  }
}
