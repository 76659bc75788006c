// The typed events the product publishes. Pure types and data: no NestJS or TypeORM here, so
// any module (and the notification jobs) can import the map without pulling in the framework.
import type { OrderStatus } from '../orders/domain/order-lifecycle';
import { VOICE_EVENT_TYPES, type VoiceEventMap } from './voice-events';

/** The events about one order (each payload an `OrderEventBase`). */
export const ORDER_LIFECYCLE_EVENT_TYPES = [
  'order.submitted',
  'order.question_asked',
  'order.question_answered',
  'order.advised',
  'order.revised',
  'order.kept',
  'order.transferred',
  'order.accepted',
  'order.started',
  'order.held',
  'order.resumed',
  'order.change_requested',
  'order.change_decided',
  'order.delivered',
  'order.delivery_accepted',
  'order.reopened',
  'order.cancelled',
  'order.closed',
  'order.overdue',
  'retrospective.written',
  'feedback.given',
  'recommendation.pending',
  'attachment.added',
  'message.posted',
] as const;
export type OrderLifecycleEventType = (typeof ORDER_LIFECYCLE_EVENT_TYPES)[number];

/** Every event the product publishes: an order's, and those of ideas and surveys (voice-events.ts). */
export const ORDER_EVENT_TYPES = [...ORDER_LIFECYCLE_EVENT_TYPES, ...VOICE_EVENT_TYPES] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/** What every event says about its order, as it is after the change. */
export interface OrderEventBase {
  orderId: string;
  reference: string;
  title: string;
  status: OrderStatus;
  requesterId: string;
  requesterUnitId: string;
  supportUnitId: string;
  serviceId: string;
  assigneeId: string | null;
  /** Who acted; null for the system's own changes. */
  actorId: string | null;
}

export type ChangeProposer = 'requester' | 'deliverer';
/** Who wrote a consultation message. */
export type MessageSide = 'requester' | 'deliverer';
export type ChangeDecision = 'approved' | 'rejected';

/**
 * A message as its events carry it, so the mail about it carries its text and files. Internal
 * notes publish no event at all: what is never published cannot reach the requesting side.
 */
export interface MessageDetail {
  messageId: string;
  side: MessageSide;
  kind: 'question' | 'advice' | 'answer' | 'comment';
  body: string;
  channel: 'web' | 'email' | 'api';
  attachments: Array<{ id: string; name: string; size: number }>;
}

/** One payload type per event type; `EventPublisher.publish` and `onEvent` are checked against it. */
export interface OrderEventMap extends VoiceEventMap {
  'order.submitted': OrderEventBase;
  /** A message the other side should read: a deliverer's question, or a requester's question or answer (`side`). */
  'order.question_asked': OrderEventBase & MessageDetail;
  /** The requester's answer while the order was in consultation, which returned it to the support unit. */
  'order.question_answered': OrderEventBase & MessageDetail;
  'order.advised': OrderEventBase & MessageDetail;
  /** A message that moves nothing: a comment, or an answer outside consultation; told to the other side. */
  'message.posted': OrderEventBase & MessageDetail;
  'order.revised': OrderEventBase;
  'order.kept': OrderEventBase;
  'order.transferred': OrderEventBase & { fromServiceId: string; fromSupportUnitId: string };
  'order.accepted': OrderEventBase & { dueDate: string | null };
  'order.started': OrderEventBase;
  'order.held': OrderEventBase;
  'order.resumed': OrderEventBase;
  'order.change_requested': OrderEventBase & { changeRequestId: string; proposedBy: ChangeProposer };
  'order.change_decided': OrderEventBase & {
    changeRequestId: string;
    decision: ChangeDecision;
    proposedBy: ChangeProposer;
  };
  'order.delivered': OrderEventBase;
  'order.delivery_accepted': OrderEventBase;
  'order.reopened': OrderEventBase;
  'order.cancelled': OrderEventBase;
  'order.closed': OrderEventBase;
  'order.overdue': OrderEventBase & { dueDate: string };
  'retrospective.written': OrderEventBase & { retrospectiveId: string };
  'feedback.given': OrderEventBase & { feedbackId: string };
  /** orderId is the order whose retrospective made the recommendation. */
  /** Files added to an order by one side (`side`), told to the other; never on a draft. */
  'attachment.added': OrderEventBase & { side: MessageSide; attachments: Array<{ id: string; name: string; size: number }> };
  'recommendation.pending': OrderEventBase & {
    recommendationId: string;
    targetUnitId: string;
    targetServiceId: string | null;
  };
}

// Compile-time guard: the map and the list name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _mapCoversList: Same<keyof OrderEventMap, OrderEventType> = true;
void _mapCoversList;

/** An event as subscribers receive it. */
export interface PublishedEvent<T extends OrderEventType = OrderEventType> {
  id: string;
  type: T;
  payload: OrderEventMap[T];
}

/**
 * Facts that only in-transaction subscribers hear: they change what is derived from orders
 * (the report's rollups) but are nobody's business after the commit, so they skip the outbox.
 */
export interface InTransactionSignalMap {
  /** An order changed without a lifecycle event (edit, checklist tick, assign, plain message). */
  'order.annotated': { orderId: string; action: string };
  /** A recommendation was adopted or declined on a draft; it counts for the order that issued it. */
  'recommendation.decided': { recommendationId: string; sourceOrderId: string; decision: 'adopted' | 'declined' };
  /** A user's membership (unit, role) ended, by `actorId` (an admin): what hung on it is let go. */
  'membership.ended': { userId: string; unitId: string; role: 'requester' | 'deliverer' | 'manager'; actorId: string | null };
}
export type InTransactionSignal = keyof InTransactionSignalMap;
