import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../common/page';
import type { AttachmentRefKind, AttachmentView } from '../files/files.facade';
import { FilesFacade } from '../files/files.facade';
import type { Actor } from '../identity/access/actor';
import type { RecommendationView } from '../retrospectives/recommendations.service';
import type { FeedbackView, RetrospectiveView } from '../retrospectives/retrospective-views';
import { allowedActions, OrderAction } from './domain/order-lifecycle';
import { ChangeRequestEntity } from './entities/change-request.entity';
import { ChecklistItemEntity } from './entities/checklist-item.entity';
import { ConsultationMessageEntity } from './entities/consultation-message.entity';
import { OrderEntity } from './entities/order.entity';
import { SpecVersionEntity } from './entities/spec-version.entity';
import { columnsOf, hydrate, positional, preparedQuery } from '../database/prepared-query';
import {
  canAnswer,
  conversationRights,
  decidesChangeRequest,
  internalNotesVisibleWhere,
  openQuestions,
  rolesOn,
  seesInternalNotes,
  visibleOrdersWhere,
} from './order-access';
import { OrderPartsRow, orderPartsSelect } from './order-view.sql';

export interface OrderSummary {
  id: string;
  reference: string;
  serviceId: string;
  supportUnitId: string;
  requesterUnitId: string;
  requesterId: string;
  title: string;
  purpose: string;
  desiredDate: string | null;
  status: OrderEntity['status'];
  assigneeId: string | null;
  dueDate: string | null;
  overdue: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

/**
 * A message as the API shows it: with the files it refers to, and the caller's answer to "may I
 * answer it now?" (`canAnswer`, from `canAnswer` in order-access.ts).
 */
export type MessageView = Omit<ConsultationMessageEntity, 'order'> & { attachments: AttachmentView[]; canAnswer: boolean };
/**
 * A change request as the API shows it: with the files it refers to, and the caller's answer to
 * "may I decide it now?" (`canDecide`, see withDecision).
 */
export type ChangeRequestView = Omit<ChangeRequestEntity, 'order'> & { attachments: AttachmentView[]; canDecide: boolean };

export interface OrderView extends OrderSummary {
  answers: OrderEntity['answers'];
  questionnaireId: string;
  copyOfId: string | null;
  /** How the draft was started. */
  channel: OrderEntity['channel'];
  deliveryNote: string | null;
  professionalNote: string | null;
  deliveredAt: Date | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  specVersions: SpecVersionEntity[];
  checklist: ChecklistItemEntity[];
  /** The newest messages (at most THREAD_WINDOW), oldest first; older ones page through `messagesNextCursor`. */
  messages: MessageView[];
  messagesHasMore: boolean;
  messagesNextCursor: string | null;
  /** The newest change requests, oldest first, paged the same way. */
  changeRequests: ChangeRequestView[];
  changeRequestsHasMore: boolean;
  changeRequestsNextCursor: string | null;
  recommendations: RecommendationView[];
  /** The delivering unit's retrospective, once written (absent before): for both sides, the requesting side is whom it addresses. */
  retrospective?: RetrospectiveView;
  /** The requester's feedback, once given (absent before): for both sides, the delivering side is whom it addresses. */
  feedback?: FeedbackView;
  /** The minutes the delivering side logged on the order, summed. */
  effortMinutes: number;
  /** Every file of the order, oldest first. */
  attachments: AttachmentView[];
  /** The files the delivery refers to: the finished work. */
  deliveryAttachments: AttachmentView[];
  /** What the caller may do next, from the lifecycle table: a hint for user interfaces. */
  allowedActions: OrderAction[];
  /** The caller may write a comment now (`conversationRights`). */
  canComment: boolean;
  /** The caller may write an internal note now: the delivering side only (`conversationRights`). */
  canWriteInternal: boolean;
}

/**
 * `canDecide`: the request is open, the order's status allows deciding it (the lifecycle
 * table), and the caller decides for the other side (`decidesChangeRequest`, the one rule).
 */
export function withDecision<R extends Pick<ChangeRequestEntity, 'status' | 'proposedBy' | 'proposedBySide'>>(
  actor: Actor,
  order: Pick<OrderEntity, 'status' | 'requesterUnitId' | 'supportUnitId'>,
  request: R,
): R & { canDecide: boolean } {
  const side = request.proposedBySide === 'requester' ? 'deliverer' : 'requester';
  const canDecide =
    request.status === 'open' &&
    allowedActions(order.status, side).includes('change_request') &&
    decidesChangeRequest(actor, order, request);
  return { ...request, canDecide };
}

/** The messages of an order's thread, each with the caller's `canAnswer`. */
export function withAnswers<M extends ConsultationMessageEntity>(
  actor: Actor,
  order: Pick<OrderEntity, 'status' | 'requesterUnitId' | 'supportUnitId'>,
  messages: M[],
): Array<M & { canAnswer: boolean }> {
  const open = new Set<ConsultationMessageEntity>(openQuestions(messages));
  return messages.map((x) => ({ ...x, canAnswer: canAnswer(actor, order, x, open) }));
}

/**
 * How many messages and change requests the order itself carries: the newest ones, which is
 * what a reader acts on. A long thread does not make every read of the order long; the rest
 * is one `GET /orders/:id/messages?cursor=` (or `/change-requests`) away.
 */
export const THREAD_WINDOW = 50;

/** Rows of an order's thread (messages, change requests), as `{ items, nextCursor }` pages. */
type ThreadEntity = typeof ConsultationMessageEntity | typeof ChangeRequestEntity;

const ACTIVE_FOR_SLA = new Set(['confirmed', 'in_progress']);

/** The timestamp fields of an order's parts, which the SQL gives as ISO strings: Dates again, as the entities have them. */
const TIME_FIELDS = ['createdAt', 'doneAt', 'decidedAt', 'expiresAt', 'uploadedAt'] as const;

function withDates(rows: unknown[]): unknown[] {
  for (const row of rows as Array<Record<string, unknown>>) {
    for (const field of TIME_FIELDS) {
      const value = row[field];
      if (typeof value === 'string') row[field] = new Date(value);
    }
  }
  return rows;
}

export function isOverdue(order: Pick<OrderEntity, 'dueDate' | 'status'>, today = new Date().toISOString().slice(0, 10)): boolean {
  return order.dueDate !== null && ACTIVE_FOR_SLA.has(order.status) && order.dueDate < today;
}

export function orderSummary(o: OrderEntity): OrderSummary {
  return {
    id: o.id,
    reference: o.reference,
    serviceId: o.serviceId,
    supportUnitId: o.supportUnitId,
    requesterUnitId: o.requesterUnitId,
    requesterId: o.requesterId,
    title: o.title,
    purpose: o.purpose,
    desiredDate: o.desiredDate,
    status: o.status,
    assigneeId: o.assigneeId,
    dueDate: o.dueDate,
    overdue: isOverdue(o),
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    submittedAt: o.submittedAt,
  };
}

/** Assembles the whole order as the API and the web pages show it. */
@Injectable()
export class OrderViews {
  constructor(
    private readonly db: DataSource,
    private readonly files: FilesFacade,
  ) {}

  /** The order's view with its parts read in one round trip (inside the caller's transaction when given). */
  async full(actor: Actor, order: OrderEntity, m: EntityManager = this.db.manager): Promise<OrderView> {
    const internal = seesInternalNotes(actor, order) ? 'TRUE' : 'FALSE';
    const [parts]: OrderPartsRow[] = await m.query(`SELECT ${orderPartsSelect('$1', THREAD_WINDOW, internal)}`, [order.id]);
    return this.assemble(actor, order, parts);
  }

  /**
   * One order the caller may see, with its parts, in one query: the visibility rule filters the
   * order row and the parts are subqueries of that row, so an order the caller may not see
   * yields no row, and none of its parts are read. Null when there is no such order.
   */
  async visible(actor: Actor, orderId: string): Promise<OrderView | null> {
    const visible = visibleOrdersWhere(actor);
    const internal = internalNotesVisibleWhere(actor);
    const columns = columnsOf(this.db, OrderEntity, 'o');
    const parts = orderPartsSelect('o.id', THREAD_WINDOW, internal.sql);
    const { text, values } = positional(`SELECT ${columns}, ${parts} FROM orders o WHERE o.id = :orderId AND ${visible.sql}`, {
      orderId,
      ...visible.params,
      ...internal.params,
    });
    const raw = await preparedQuery<Record<string, unknown> & OrderPartsRow>(this.db, text, values);
    const entities = hydrate(this.db, OrderEntity, raw);
    return entities.length ? this.assemble(actor, entities[0], raw[0]) : null;
  }

  private assemble(actor: Actor, order: OrderEntity, parts: OrderPartsRow): OrderView {
    const messages = pageOf(parts.messages, THREAD_WINDOW, (last) => [last.at, last.row.id]);
    const changeRequests = pageOf(parts.change_requests, THREAD_WINDOW, (last) => [last.at, last.row.id]);
    const roles = rolesOn(actor, order);
    const attachments = parts.attachments.map((a) => withDates([a.attachment])[0] as AttachmentView);
    const referredBy = (kind: AttachmentRefKind, refId: string) =>
      attachments.filter((_, i) => parts.attachments[i].links.some((l) => l.kind === kind && l.refId === refId));
    return {
      ...orderSummary(order),
      answers: order.answers,
      questionnaireId: order.questionnaireId,
      copyOfId: order.copyOfId,
      channel: order.channel,
      deliveryNote: order.deliveryNote,
      professionalNote: order.professionalNote,
      deliveredAt: order.deliveredAt,
      acceptedAt: order.acceptedAt,
      closedAt: order.closedAt,
      specVersions: withDates(parts.spec_versions) as SpecVersionEntity[],
      checklist: withDates(parts.checklist) as ChecklistItemEntity[],
      messages: withAnswers(actor, order, withDates(messages.items.map((r) => r.row).reverse()) as ConsultationMessageEntity[]).map(
        (x) => ({ ...x, attachments: referredBy('message', x.id) }),
      ),
      messagesHasMore: messages.nextCursor !== null,
      messagesNextCursor: messages.nextCursor,
      changeRequests: (withDates(changeRequests.items.map((r) => r.row).reverse()) as ChangeRequestEntity[]).map((x) =>
        withDecision(actor, order, { ...x, attachments: referredBy('change_request', x.id) }),
      ),
      changeRequestsHasMore: changeRequests.nextCursor !== null,
      changeRequestsNextCursor: changeRequests.nextCursor,
      recommendations: withDates(parts.recommendations) as RecommendationView[],
      ...(parts.retrospective && {
        retrospective: {
          ...(withDates([parts.retrospective])[0] as object),
          recommendations: withDates(parts.retrospective.recommendations),
          attachments: referredBy('retrospective', parts.retrospective.id as string),
        } as RetrospectiveView,
      }),
      ...(parts.feedback && { feedback: withDates([parts.feedback])[0] as FeedbackView }),
      effortMinutes: parts.effort_minutes,
      attachments,
      deliveryAttachments: referredBy('delivery', order.id),
      allowedActions: [...new Set(roles.flatMap((r) => allowedActions(order.status, r)))],
      ...conversationRights(actor, order),
    };
  }

  /**
   * One page of an order's messages, newest first, each with its files (the caller checked
   * visibility); internal notes only for those who read them (`seesInternalNotes`).
   */
  async messagesPage(
    m: EntityManager,
    actor: Actor,
    order: OrderEntity,
    query: { limit?: number; cursor?: string },
  ): Promise<Page<MessageView>> {
    const page = await this.newestFirst(m, ConsultationMessageEntity, order.id, query, seesInternalNotes(actor, order));
    const files = await this.files.referredBy(
      'message',
      page.items.map((x) => x.id),
      m,
    );
    // Whether a question is still open depends on answers after it, which may be on a newer page.
    const [{ last }] = (await m.query(
      `SELECT max(created_at) AS last FROM consultation_messages WHERE order_id = $1 AND kind = 'answer' AND side = 'requester'`,
      [order.id],
    )) as Array<{ last: Date | null }>;
    const later = last ? [{ kind: 'answer', side: 'requester' as const, createdAt: last }] : [];
    const open = new Set(openQuestions([...page.items, ...later]));
    return {
      items: page.items.map((x) => ({ ...x, attachments: files.get(x.id) ?? [], canAnswer: canAnswer(actor, order, x, open) })),
      nextCursor: page.nextCursor,
    };
  }

  /** One page of an order's change requests, newest first, each with its files. */
  async changeRequestsPage(
    m: EntityManager,
    orderId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<Page<Omit<ChangeRequestView, 'canDecide'>>> {
    const page = await this.newestFirst(m, ChangeRequestEntity, orderId, query);
    const files = await this.files.referredBy(
      'change_request',
      page.items.map((x) => x.id),
      m,
    );
    return { items: page.items.map((x) => ({ ...x, attachments: files.get(x.id) ?? [] })), nextCursor: page.nextCursor };
  }

  /** One page of an order's messages or change requests, newest first (the caller checked visibility). */
  async newestFirst<E extends ThreadEntity>(
    m: EntityManager,
    entity: E,
    orderId: string,
    query: { limit?: number; cursor?: string },
    withInternal = true,
  ): Promise<Page<InstanceType<E>>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = m
      .getRepository(entity as EntityTarget<InstanceType<E>>)
      .createQueryBuilder('x')
      .where('x.order_id = :orderId', { orderId });
    if (!withInternal) qb.andWhere(`x.kind <> 'internal'`);
    if (query.cursor) {
      const [createdAt, id] = decodeTimeCursor(query.cursor);
      qb.andWhere('(x.created_at, x.id) < (:cAt::timestamptz, :cId::uuid)', { cAt: createdAt, cId: id });
    }
    // The cursor carries created_at at full (microsecond) precision, read as text.
    const { entities, raw } = await qb
      .addSelect('x.created_at::text', 'cursor_at')
      .orderBy('x.created_at', 'DESC')
      .addOrderBy('x.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ cursor_at: string }>();
    const page = pageOf(
      entities.map((row, i) => ({ row, at: raw[i].cursor_at })),
      limit,
      (last) => [last.at, last.row.id],
    );
    return { items: page.items.map((r) => r.row), nextCursor: page.nextCursor };
  }
}
