import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../common/page';
import type { Actor } from '../identity/access/actor';
import { hydrate, positional, preparedQuery, unpreparedQuery } from '../database/prepared-query';
import { toIsoDate } from './domain/business-days';
import { DEFAULT_SORT, readSortCursor, sortCursor, sortPlan } from './domain/order-sort';
import { OrderEntity } from './entities/order.entity';
import { internalNotesVisibleWhere, requestingSideWhere, visibleOrdersWhere } from './order-access';
import { OrderTransitions } from './order-transitions.service';
import { ChangeRequestView, MessageView, OrderSummary, orderSummary, OrderView, OrderViews, withDecision } from './order-views.service';
import { orderTimelineSelect } from './order-view.sql';
import { OrderQueryDto } from './orders.dto';

export interface TimelineItem {
  at: Date;
  kind: 'status' | 'audit';
  action: string;
  from?: string | null;
  to?: string;
  actorId: string | null;
  note?: string | null;
}

/** The audit action of an internal note (`order.<lifecycle action>`), kept from the requesting side's timeline. */
const INTERNAL_NOTE_AUDIT = 'order.note_internal';

/** The timeline of the order row `o`, as its subquery. */
const TIMELINE_OF_ROW = orderTimelineSelect('o.id');

/** Reading orders: lists with filters and keyset pagination, one order, its timeline. */
@Injectable()
export class OrderQueries {
  constructor(
    private readonly db: DataSource,
    private readonly transitions: OrderTransitions,
    private readonly views: OrderViews,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: OrderQueryDto): Promise<Page<OrderSummary>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const visible = visibleOrdersWhere(actor);
    // Conditions with `:name` parameters, as the query builder takes them; the text is prepared once per combination.
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const and = (sql: string, values: Record<string, unknown> = {}) => {
      where.push(`(${sql})`);
      Object.assign(params, values);
    };
    and(visible.sql, visible.params);
    // An admin may open any draft by id; their lists, like everyone's, show only their own side's drafts.
    if (actor.isAdmin) {
      const own = requestingSideWhere(actor);
      and(`(o.status <> 'draft' OR ${own.sql})`, own.params);
    }
    if (query.status?.length) and('o.status = ANY(:statuses)', { statuses: query.status });
    if (query.serviceId) and('o.service_id = :serviceId', { serviceId: query.serviceId });
    if (query.requesterUnitId) and('o.requester_unit_id = :ru', { ru: query.requesterUnitId });
    if (query.supportUnitId) and('o.support_unit_id = :su', { su: query.supportUnitId });
    if (query.assigneeId === 'none') and('o.assignee_id IS NULL');
    else if (query.assigneeId) {
      const assignee = query.assigneeId === 'me' ? actor.userId : query.assigneeId;
      if (!isUUID(assignee))
        throw DomainError.validation([{ pointer: '/assigneeId', code: 'uuid', detail: 'must be a user id, me or none' }]);
      and('o.assignee_id = :assignee', { assignee });
    }
    // Today in UTC, as due dates are computed and as each item's `overdue` says: not the database's current_date.
    if (query.overdue) and(`o.due_date < :today AND o.status IN ('confirmed', 'in_progress')`, { today: toIsoDate(new Date()) });
    if (query.waitingOnRequester) and(`o.status = 'in_consultation'`);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      and('(o.reference ILIKE :q OR o.title ILIKE :q OR o.purpose ILIKE :q)', { q: like });
    }
    // Whole days in UTC, as the report's periods are.
    if (query.submittedFrom && query.submittedTo && query.submittedFrom > query.submittedTo) {
      throw DomainError.validation([
        { pointer: '/submittedTo', code: 'notBefore', params: { other: 'submittedFrom' }, detail: 'must not be before submittedFrom' },
      ]);
    }
    if (query.submittedFrom) and(`o.submitted_at >= (:sFrom::date)::timestamp AT TIME ZONE 'UTC'`, { sFrom: query.submittedFrom });
    if (query.submittedTo) and(`o.submitted_at < (:sTo::date + 1)::timestamp AT TIME ZONE 'UTC'`, { sTo: query.submittedTo });
    const sort = query.sort ?? DEFAULT_SORT.sort;
    const plan = sortPlan(sort, query.order);
    const order = plan.direction === 'ASC' ? 'asc' : 'desc';
    const byDefault = sort === DEFAULT_SORT.sort && order === DEFAULT_SORT.order;
    if (query.cursor) {
      // Newest first keeps the cursor it has always given out: (created_at, id).
      if (byDefault) {
        const [createdAt, id] = decodeTimeCursor(query.cursor);
        and('(o.created_at, o.id) < (:cAt::timestamptz, :cId::uuid)', { cAt: createdAt, cId: id });
      } else {
        const at = readSortCursor(query.cursor, sort, order, plan);
        and(`(${plan.key}, o.id) ${plan.after} (:cKey::${plan.type}, :cId::uuid)`, { cKey: at.key, cId: at.id });
      }
    }
    // The cursor carries the sort key as PostgreSQL writes it as text (microseconds kept).
    // Planned per call: its filters make thousands of shapes, and the best plan depends on who asks.
    const { text, values } = positional(
      `SELECT o.*, (${plan.key})::text AS cursor_at FROM orders o WHERE ${where.join(' AND ')}
        ORDER BY ${plan.key} ${plan.direction}, o.id ${plan.direction} LIMIT :pageLimit`,
      { ...params, pageLimit: limit + 1 },
    );
    const raw = await unpreparedQuery<Record<string, unknown> & { cursor_at: string }>(this.db, text, values);
    const rows = hydrate(this.db, OrderEntity, raw).map((order, i) => ({ order, at: raw[i].cursor_at }));
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? byDefault
          ? pageOf(rows, limit, (r) => [r.at, r.order.id]).nextCursor
          : sortCursor(sort, order, last.at, last.order.id)
        : null;
    return { items: items.map((r) => orderSummary(r.order)), nextCursor };
  }

  async get(actor: Actor, orderId: string): Promise<OrderView> {
    const view = await this.views.visible(actor, orderId);
    if (!view) throw DomainError.notFound('Order');
    return view;
  }

  /** The order's messages, newest first, for whoever can see the order. */
  async messages(actor: Actor, orderId: string, query: { limit?: number; cursor?: string }): Promise<Page<MessageView>> {
    const order = await this.transitions.load(actor, orderId);
    return this.views.messagesPage(this.db.manager, actor, order, query);
  }

  /** The order's change requests, newest first, for whoever can see the order. */
  async changeRequests(actor: Actor, orderId: string, query: { limit?: number; cursor?: string }): Promise<Page<ChangeRequestView>> {
    const order = await this.transitions.load(actor, orderId);
    const page = await this.views.changeRequestsPage(this.db.manager, orderId, query);
    return { ...page, items: page.items.map((r) => withDecision(actor, order, r)) };
  }

  /** The order's timeline in one query: the visibility rule filters the order row, the timeline is its subquery. */
  async timeline(actor: Actor, orderId: string): Promise<{ items: TimelineItem[] }> {
    const visible = visibleOrdersWhere(actor);
    const internal = internalNotesVisibleWhere(actor);
    const { text, values } = positional(
      `SELECT ${TIMELINE_OF_ROW}, ${internal.sql} AS internal FROM orders o WHERE o.id = :orderId AND ${visible.sql}`,
      { orderId, ...visible.params, ...internal.params },
    );
    const [row] = await preparedQuery<{ timeline: Array<Omit<TimelineItem, 'at'> & { at: string }>; internal: boolean }>(
      this.db,
      text,
      values,
    );
    if (!row) throw DomainError.notFound('Order');
    // That an internal note was written is the delivering side's business too.
    const items = row.internal ? row.timeline : row.timeline.filter((item) => item.action !== INTERNAL_NOTE_AUDIT);
    return { items: items.map((item) => ({ ...item, at: new Date(item.at) })) };
  }
}
