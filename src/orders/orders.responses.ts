import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Answers } from '../catalog/domain/question';
import type { Exactly } from '../common/exactly';
import type { Problem } from '../common/problem-details.filter';
import { PROBLEM_DETAILS_SCHEMA } from '../common/problem-details.schema';
import type { BulkResult } from './bulk-actions.service';
import { AttachmentResponse } from '../files/files.responses';
import { FeedbackResponse, RecommendationResponse, RetrospectiveResponse } from '../retrospectives/retrospectives.responses';
import type { ConsultationService } from './consultation.service';
import type { EffortEntry } from './effort.service';
import { ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus } from './domain/order-lifecycle';
import type { SpecChanges } from './entities/change-request.entity';
import type { ChecklistItemEntity } from './entities/checklist-item.entity';
import type { SpecVersionEntity } from './entities/spec-version.entity';
import { ORDER_CHANNELS, type OrderChannel } from './entities/order.entity';
import type { TimelineItem } from './order-queries.service';
import { THREAD_WINDOW, type ChangeRequestView, type MessageView, type OrderSummary, type OrderView } from './order-views.service';
import { MESSAGE_CHANNELS, MESSAGE_KINDS, type MessageChannel, type MessageKind } from './domain/message-kinds';

// What the orders routes answer, as the OpenAPI document describes it. Each class is tied to
// the type its service returns by `Exactly<…>`, so the two cannot drift apart. Times are
// ISO 8601 date-times in JSON; `date` fields are whole days (YYYY-MM-DD).

const uuid = { type: String, format: 'uuid' } as const;
const dateTime = { type: String, format: 'date-time' } as const;
const day = { type: String, format: 'date', example: '2026-12-15' } as const;
const answers = { type: 'object', additionalProperties: true, description: 'Answers by question key.' } as const;
/** OpenAPI 3.0 wants null among the values of an enum that may be null, as validators check both. */
const nullableEnum = (values: readonly string[]) => ({ type: String, enum: [...values, null], nullable: true });
const side = { enum: ['requester', 'deliverer'], enumName: 'OrderSide' } as const;

export class OrderSummaryResponse implements Exactly<OrderSummary, OrderSummaryResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty({ example: 'COM-2026-0042', description: 'Support unit prefix, year, sequence.' })
  reference!: string;

  @ApiProperty(uuid)
  serviceId!: string;

  @ApiProperty({ ...uuid, description: 'The delivering unit.' })
  supportUnitId!: string;

  @ApiProperty(uuid)
  requesterUnitId!: string;

  @ApiProperty(uuid)
  requesterId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'What the order should achieve, and for whom.' })
  purpose!: string;

  @ApiProperty({ ...day, nullable: true })
  desiredDate!: string | null;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus' })
  status!: OrderStatus;

  @ApiProperty({ ...uuid, nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ ...day, nullable: true, description: 'Set when the order is accepted, in business days from then.' })
  dueDate!: string | null;

  @ApiProperty({ description: 'Past its due date while confirmed or in progress.' })
  overdue!: boolean;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Send it back with the next change; a stale one is 409.' })
  version!: number;

  @ApiProperty(dateTime)
  createdAt!: Date;

  @ApiProperty(dateTime)
  updatedAt!: Date;

  @ApiProperty({ ...dateTime, nullable: true })
  submittedAt!: Date | null;
}

/** An immutable snapshot of what was ordered. */
export class SpecVersionResponse implements Exactly<Omit<SpecVersionEntity, 'order'>, SpecVersionResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  number!: number;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  purpose!: string;

  @ApiProperty({ ...day, nullable: true })
  desiredDate!: string | null;

  @ApiProperty(answers)
  answers!: Answers;

  @ApiProperty(uuid)
  questionnaireId!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  questionnaireVersion!: number;

  @ApiProperty({ description: 'SHA-256 (hex) of the canonical JSON of title, purpose, desiredDate, answers and questionnaire.' })
  contentHash!: string;

  @ApiProperty({ ...uuid, nullable: true, description: 'The approved change request that made this version.' })
  changeRequestId!: string | null;

  @ApiProperty({ ...uuid, nullable: true })
  createdBy!: string | null;

  @ApiProperty(dateTime)
  createdAt!: Date;
}

export class ChecklistItemResponse implements Exactly<Omit<ChecklistItemEntity, 'order'>, ChecklistItemResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty({ type: 'integer' })
  position!: number;

  @ApiProperty()
  label!: string;

  @ApiProperty()
  done!: boolean;

  @ApiProperty({ ...uuid, nullable: true })
  doneBy!: string | null;

  @ApiProperty({ ...dateTime, nullable: true })
  doneAt!: Date | null;
}

/** A question, professional advice or answer exchanged about an order. */
export class ConsultationMessageResponse implements Exactly<MessageView, ConsultationMessageResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty(uuid)
  authorId!: string;

  @ApiProperty(side)
  side!: 'requester' | 'deliverer';

  @ApiProperty({ enum: MESSAGE_KINDS, enumName: 'MessageKind', description: 'An internal note is shown to the delivering side only.' })
  kind!: MessageKind;

  @ApiProperty({
    enum: MESSAGE_CHANNELS,
    enumName: 'MessageChannel',
    description: 'How it was written: on the pages, through the API, or by mail.',
  })
  channel!: MessageChannel;

  @ApiProperty()
  body!: string;

  @ApiProperty({ ...answers, nullable: true, description: 'Answers the advice suggests instead.' })
  suggestedAnswers!: Answers | null;

  @ApiProperty({ ...nullableEnum(['followed', 'kept_original']), description: 'For advice: what the requester did with it.' })
  decision!: 'followed' | 'kept_original' | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;

  @ApiProperty({ ...dateTime, nullable: true })
  decidedAt!: Date | null;

  @ApiProperty(dateTime)
  createdAt!: Date;

  @ApiProperty({ type: [AttachmentResponse], description: 'The files it refers to.' })
  attachments!: AttachmentResponse[];

  @ApiProperty({
    description: "The support unit's question is open and the caller may answer it now (an answer answers every open question).",
  })
  canAnswer!: boolean;
}

/** The message just written, with where the order stands after it (a question or advice moves it). */
export class PostedMessageResponse
  extends ConsultationMessageResponse
  implements Exactly<Awaited<ReturnType<ConsultationService['message']>>, PostedMessageResponse>
{
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', description: "The order's status after the message." })
  status!: OrderStatus;

  @ApiProperty({ type: 'integer', minimum: 1, description: "The order's new version." })
  version!: number;

  @ApiProperty({ type: OrderSummaryResponse })
  order!: OrderSummaryResponse;
}

/** The parts of the spec a change request would change; only those it changes are present. */
export class SpecChangesResponse implements Exactly<SpecChanges, SpecChangesResponse> {
  @ApiPropertyOptional()
  title?: string;

  @ApiPropertyOptional()
  purpose?: string;

  @ApiPropertyOptional(answers)
  answers?: Answers;
}

export class ChangeRequestResponse implements Exactly<ChangeRequestView, ChangeRequestResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty(uuid)
  proposedBy!: string;

  @ApiProperty(side)
  proposedBySide!: 'requester' | 'deliverer';

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: SpecChangesResponse })
  changes!: SpecChangesResponse;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The spec version the change was proposed against.' })
  basedOnSpec!: number;

  @ApiProperty({ enum: ['open', 'approved', 'rejected'], enumName: 'ChangeRequestStatus' })
  status!: 'open' | 'approved' | 'rejected';

  @ApiProperty({
    description:
      'Whether the caller may approve or reject it now: open, a status that allows it, and the caller acts for the other side and did not propose it.',
  })
  canDecide!: boolean;

  @ApiProperty({ ...uuid, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ ...dateTime, nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decisionNote!: string | null;

  @ApiProperty(dateTime)
  createdAt!: Date;

  @ApiProperty({ type: [AttachmentResponse], description: 'The files it refers to.' })
  attachments!: AttachmentResponse[];
}

/** The whole order, as `GET /orders/:id` and every action on it answer. */
export class OrderViewResponse extends OrderSummaryResponse implements Exactly<OrderView, OrderViewResponse> {
  @ApiProperty(answers)
  answers!: Answers;

  @ApiProperty({ ...uuid, description: 'The questionnaire version the answers were given with.' })
  questionnaireId!: string;

  @ApiProperty({ ...uuid, nullable: true, description: 'The order this one was started from.' })
  copyOfId!: string | null;

  @ApiProperty({ enum: ORDER_CHANNELS, enumName: 'OrderChannel', description: 'How the draft was started: web pages, mail or the API.' })
  channel!: OrderChannel;

  @ApiProperty({ type: String, nullable: true })
  deliveryNote!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The deliverer's professional view; never blocks delivery." })
  professionalNote!: string | null;

  @ApiProperty({ ...dateTime, nullable: true })
  deliveredAt!: Date | null;

  @ApiProperty({ ...dateTime, nullable: true })
  acceptedAt!: Date | null;

  @ApiProperty({ ...dateTime, nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: [SpecVersionResponse], description: 'Oldest first; the last is what was ordered.' })
  specVersions!: SpecVersionResponse[];

  @ApiProperty({ type: [ChecklistItemResponse] })
  checklist!: ChecklistItemResponse[];

  @ApiProperty({ type: [ConsultationMessageResponse], description: `The newest messages (at most ${THREAD_WINDOW}), oldest first.` })
  messages!: ConsultationMessageResponse[];

  @ApiProperty({ description: 'Older messages exist: page through `GET /orders/{id}/messages`.' })
  messagesHasMore!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The `cursor` of the older messages, or null.' })
  messagesNextCursor!: string | null;

  @ApiProperty({ type: [ChangeRequestResponse], description: `The newest change requests (at most ${THREAD_WINDOW}), oldest first.` })
  changeRequests!: ChangeRequestResponse[];

  @ApiProperty()
  changeRequestsHasMore!: boolean;

  @ApiProperty({ type: String, nullable: true })
  changeRequestsNextCursor!: string | null;

  @ApiProperty({ type: [RecommendationResponse], description: 'Recommendations shown on this order (on drafts: to decide on).' })
  recommendations!: RecommendationResponse[];

  @ApiPropertyOptional({
    type: RetrospectiveResponse,
    description:
      "The delivering unit's retrospective once written, absent before (outcome against the purpose, recommendations with their rationale).",
  })
  retrospective?: RetrospectiveResponse;

  @ApiPropertyOptional({ type: FeedbackResponse, description: "The requester's feedback once given, its comment included; absent before." })
  feedback?: FeedbackResponse;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The minutes the delivering side logged on the order, summed.' })
  effortMinutes!: number;
  @ApiProperty({ type: [AttachmentResponse], description: 'Every file of the order, oldest first.' })
  attachments!: AttachmentResponse[];

  @ApiProperty({ type: [AttachmentResponse], description: 'The files the delivery refers to (the finished work).' })
  deliveryAttachments!: AttachmentResponse[];

  @ApiProperty({
    enum: ORDER_ACTIONS,
    enumName: 'OrderAction',
    isArray: true,
    description: 'What the caller may do next: a hint for user interfaces.',
  })
  allowedActions!: OrderAction[];

  @ApiProperty({ description: 'The caller may write a comment now (either side, from submitted to accepted).' })
  canComment!: boolean;

  @ApiProperty({ description: 'The caller may write an internal note now (the delivering side only; never shown to the requesting side).' })
  canWriteInternal!: boolean;
}

/** A status change or an audited change, oldest first. */
export class TimelineItemResponse implements Exactly<TimelineItem, TimelineItemResponse> {
  @ApiProperty(dateTime)
  at!: Date;

  @ApiProperty({ enum: ['status', 'audit'], enumName: 'TimelineItemKind' })
  kind!: 'status' | 'audit';

  @ApiProperty({ example: 'submit' })
  action!: string;

  @ApiPropertyOptional({ ...nullableEnum(ORDER_STATUSES), description: 'Status changes only; null on the first.' })
  from?: string | null;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, enumName: 'OrderStatus', description: 'Status changes only.' })
  to?: string;

  @ApiProperty({ ...uuid, nullable: true, description: 'null for the system.' })
  actorId!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  note?: string | null;
}

export class TimelineResponse implements Exactly<{ items: TimelineItem[] }, TimelineResponse> {
  @ApiProperty({ type: [TimelineItemResponse] })
  items!: TimelineItemResponse[];
}

/** Time a deliverer logged on an order. */
export class EffortResponse implements Exactly<EffortEntry, EffortResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty({ ...uuid, description: 'The deliverer who logged it.' })
  authorId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1440 })
  minutes!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty(dateTime)
  createdAt!: Date;
}

/** One order's answer within a bulk action. */
export class BulkResultResponse implements Exactly<BulkResult, BulkResultResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty({ type: 'integer', description: 'The HTTP status this order alone got: 200, or that of its problem (403, 404, 409, …).' })
  status!: number;

  @ApiPropertyOptional({ type: () => OrderViewResponse, description: 'The updated order, when `status` is 200.' })
  order?: OrderView;

  @ApiPropertyOptional({ ...PROBLEM_DETAILS_SCHEMA, description: 'Why this order was not changed (problem details).' } as never)
  problem?: Problem;
}

export class BulkResponse implements Exactly<{ results: BulkResult[] }, BulkResponse> {
  @ApiProperty({ type: [BulkResultResponse], description: 'One per item, in the order sent.' })
  results!: BulkResultResponse[];
}
