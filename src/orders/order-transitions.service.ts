import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { EventPublisher } from '../events/event-publisher';
import type { OrderEventBase, OrderEventMap, OrderEventType } from '../events/order-events';
import type { Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { ActorRole, decide, OrderAction, OrderStatus, allowedActions } from './domain/order-lifecycle';
import { OrderEntity } from './entities/order.entity';
import { isFormerRequester, rolesOn, visibleOrdersWhere } from './order-access';

/** Actions that annotate an order without moving it through the lifecycle. */
const ANNOTATIONS: ReadonlySet<OrderAction> = new Set<OrderAction>([
  'edit',
  'log_effort',
  'change_request',
  'message_requester',
  'message_deliverer',
  'comment',
  'note_internal',
  'check_item',
  'assign',
  'feedback',
  'retrospective',
]);

/** The lifecycle event each action publishes by itself (the others name theirs in `Applied.event`). */
const ACTION_EVENTS: Partial<Record<OrderAction, OrderEventType>> = {
  submit: 'order.submitted',
  revise: 'order.revised',
  keep: 'order.kept',
  transfer: 'order.transferred',
  accept: 'order.accepted',
  start: 'order.started',
  hold: 'order.held',
  resume: 'order.resumed',
  deliver: 'order.delivered',
  accept_delivery: 'order.delivery_accepted',
  reopen: 'order.reopened',
  cancel: 'order.cancelled',
  close: 'order.closed',
};

/** An event type with the fields it carries beyond the order's own (compile-checked per type). */
export type EventDetail = {
  [T in OrderEventType]: { type: T; detail: Omit<OrderEventMap[T], keyof OrderEventBase> };
}[OrderEventType];

/**
 * What `apply` may return instead of bare order changes: the event when it needs more than the
 * order (a message id, a change request), and what the use case gives back (with `runFor`).
 */
export interface Applied<R = unknown> {
  changes?: Partial<OrderEntity>;
  event?: EventDetail;
  result?: R;
}

/** The common part of every event's payload: the order as it is after the change. */
export function orderEventBase(order: OrderEntity, actorId: string | null): OrderEventBase {
  return {
    orderId: order.id,
    reference: order.reference,
    title: order.title,
    status: order.status,
    requesterId: order.requesterId,
    requesterUnitId: order.requesterUnitId,
    supportUnitId: order.supportUnitId,
    serviceId: order.serviceId,
    assigneeId: order.assigneeId ?? null,
    actorId,
  };
}

export interface TransitionContext {
  m: EntityManager;
  order: OrderEntity;
  from: OrderStatus;
  to: OrderStatus;
  role: ActorRole;
}

export interface TransitionRequest {
  actor: Actor;
  orderId: string;
  action: OrderAction;
  /** The version the caller read; required for anything that changes the order row. */
  expectedVersion?: number;
  note?: string | null;
  /** Extra changes to the order row, and other writes, inside the same transaction. */
  apply?: (ctx: TransitionContext) => Promise<Partial<OrderEntity> | Applied | void>;
  /** Audit detail beyond the status change. */
  auditAfter?: Record<string, unknown>;
}

/**
 * Runs one lifecycle action: loads the order the caller may see (locked), checks the version,
 * asks the pure lifecycle table, applies the change with `UPDATE … WHERE version = n`, and
 * writes the status event and the audit event, all in one transaction.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventPublisher,
    private readonly identity: IdentityFacade,
  ) {}

  async load(actor: Actor, orderId: string, m: EntityManager = this.db.manager, lock = false): Promise<OrderEntity> {
    const order = await this.findVisible(actor, orderId, m, lock);
    if (!order) throw DomainError.notFound('Order');
    return order;
  }

  /** The order when the caller may see it (the visibility rule, in the query), else null; `lock` takes its row. */
  async findVisible(actor: Actor, orderId: string, m: EntityManager = this.db.manager, lock = false): Promise<OrderEntity | null> {
    const visible = visibleOrdersWhere(actor);
    const qb = m
      .getRepository(OrderEntity)
      .createQueryBuilder('o')
      .where('o.id = :orderId', { orderId })
      .andWhere(visible.sql, visible.params);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The role the caller takes for this action, or the matching 403/409. */
  async authorise(m: EntityManager, actor: Actor, order: OrderEntity, action: OrderAction): Promise<{ role: ActorRole; to: OrderStatus }> {
    const roles = rolesOn(actor, order);
    for (const role of roles) {
      const decision = decide(order.status, action, role);
      if (decision.ok) return { role, to: decision.to };
    }
    if (decide(order.status, action, 'requester').ok) await this.refuseFormerRequester(m, actor, order);
    const anyRoleMayHere = (['requester', 'deliverer', 'system'] as ActorRole[]).some((r) => decide(order.status, action, r).ok);
    if (anyRoleMayHere || roles.length === 0) {
      throw new DomainError('forbidden', `You cannot ${action.replace(/_/g, ' ')} this order: that is the other side's action.`);
    }
    const allowed = [...new Set(roles.flatMap((r) => allowedActions(order.status, r)))];
    throw new DomainError(
      'action_not_allowed',
      `An order in status ${order.status} cannot be ${pastTense(action)}. Allowed now: ${allowed.join(', ') || 'nothing'}.`,
      [],
      { currentStatus: order.status, allowedActions: allowed },
    );
  }

  /**
   * Someone who placed the order but has since left the requesting unit (or lost its requester
   * role) may still read it; acting for the unit needs a current membership, and the 403 says so.
   */
  async refuseFormerRequester(m: EntityManager, actor: Actor, order: OrderEntity): Promise<void> {
    if (!isFormerRequester(actor, order)) return;
    const unit = await this.identity.unit(order.requesterUnitId, m);
    throw new DomainError(
      'forbidden',
      `You are no longer a requester of ${unit?.name ?? 'the requesting unit'}, so you cannot act for it on this order. You can still read the orders you placed.`,
    );
  }

  async run(request: TransitionRequest): Promise<OrderEntity> {
    return this.db.transaction((m) => this.runIn(m, request));
  }

  async runIn(m: EntityManager, request: TransitionRequest): Promise<OrderEntity> {
    return (await this.execute(m, request)).order;
  }

  /** `runIn` for a use case whose `apply` makes something the caller returns (a message, a change request). */
  async runFor<R>(
    m: EntityManager,
    request: Omit<TransitionRequest, 'apply'> & { apply: (ctx: TransitionContext) => Promise<Applied<R> & { result: R }> },
  ): Promise<{ order: OrderEntity; result: R }> {
    const { order, applied } = await this.execute(m, request);
    return { order, result: (applied as Applied<R> & { result: R }).result };
  }

  private async execute(
    m: EntityManager,
    request: TransitionRequest,
  ): Promise<{ order: OrderEntity; applied: Partial<OrderEntity> | Applied }> {
    const { actor, orderId, action } = request;
    const order = await this.load(actor, orderId, m, true);
    if (request.expectedVersion !== undefined && request.expectedVersion !== order.version) {
      throw DomainError.stale('The order', request.expectedVersion);
    }
    const { role, to } = await this.authorise(m, actor, order, action);
    const from = order.status;
    const applied = (await request.apply?.({ m, order, from, to, role })) ?? {};
    const changes: Partial<OrderEntity> = isApplied(applied) ? (applied.changes ?? {}) : applied;
    const moves = !ANNOTATIONS.has(action);

    if (moves || Object.keys(changes).length > 0) {
      const expected = order.version;
      const result = await m
        .createQueryBuilder()
        .update(OrderEntity)
        .set({ ...changes, status: to, version: () => 'version + 1', updatedAt: () => 'now()' } as QueryDeepPartialEntity<OrderEntity>)
        .where('id = :id AND version = :expected', { id: order.id, expected })
        .execute();
      if (result.affected !== 1) throw DomainError.stale('The order', expected);
    }
    if (moves) await this.recordStatusEvent(m, order.id, from, to, action, actor.userId, request.note ?? null);
    await this.audit.record(m, {
      actorId: actor.userId,
      action: `order.${action}`,
      entity: 'order',
      entityId: order.id,
      before: { status: from, version: order.version },
      after: { status: to, ...(request.note ? { note: request.note } : {}), ...request.auditAfter },
    });
    const after = (await m.findOneBy(OrderEntity, { id: order.id }))!;
    const event = (isApplied(applied) && applied.event) || this.eventOf(action, order, after);
    if (event) await this.publish(m, event, after, actor.userId);
    else await this.events.signal(m, 'order.annotated', { orderId: order.id, action });
    return { order: after, applied };
  }

  /** The event an action publishes on its own, from the order before and after it. */
  private eventOf(action: OrderAction, before: OrderEntity, after: OrderEntity): EventDetail | null {
    const type = ACTION_EVENTS[action];
    if (type === 'order.accepted') return { type, detail: { dueDate: after.dueDate ?? null } };
    if (type === 'order.transferred') {
      return { type, detail: { fromServiceId: before.serviceId, fromSupportUnitId: before.supportUnitId } };
    }
    return type ? ({ type, detail: {} } as EventDetail) : null;
  }

  private async publish(m: EntityManager, event: EventDetail, order: OrderEntity, actorId: string | null): Promise<void> {
    // TypeScript cannot tie `event.type` to its own detail here; EventDetail already checked the pair.
    await this.events.publish(m, event.type, { ...orderEventBase(order, actorId), ...event.detail } as never);
  }

  /**
   * Bookkeeping the system does on its own (closing an accepted order once retrospective and
   * feedback are in, or after the configured days). Still asks the table; no-op when not allowed.
   */
  async runAsSystem(m: EntityManager, orderId: string, action: OrderAction, note: string): Promise<boolean> {
    const order = await m.findOne(OrderEntity, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) return false;
    const decision = decide(order.status, action, 'system');
    if (!decision.ok) return false;
    const changes: Partial<OrderEntity> = decision.to === 'closed' ? { closedAt: new Date() } : {};
    await m
      .createQueryBuilder()
      .update(OrderEntity)
      .set({
        ...changes,
        status: decision.to,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      } as QueryDeepPartialEntity<OrderEntity>)
      .where('id = :id', { id: orderId })
      .execute();
    await this.recordStatusEvent(m, orderId, order.status, decision.to, action, null, note);
    await this.audit.record(m, {
      actorId: null,
      action: `order.${action}`,
      entity: 'order',
      entityId: orderId,
      before: { status: order.status },
      after: { status: decision.to, note },
    });
    const after = (await m.findOneBy(OrderEntity, { id: orderId }))!;
    const event = this.eventOf(action, order, after);
    if (event) await this.publish(m, event, after, null);
    else await this.events.signal(m, 'order.annotated', { orderId, action });
    return true;
  }

  /**
   * Takes the order off `assigneeId` when they may no longer work it (their membership of the
   * delivering unit ended): bookkeeping, not a side's action, so the table is not asked. Locks
   * the row, moves the version on (a form holding the old one gets 409), audits it as an
   * `order.assign` by `actorId` with the reason, and sends the order.annotated signal.
   */
  async releaseAssignee(m: EntityManager, orderId: string, assigneeId: string, actorId: string | null, note: string): Promise<boolean> {
    const order = await m.findOne(OrderEntity, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order || order.assigneeId !== assigneeId) return false;
    await m
      .createQueryBuilder()
      .update(OrderEntity)
      .set({ assigneeId: null, version: () => 'version + 1', updatedAt: () => 'now()' } as QueryDeepPartialEntity<OrderEntity>)
      .where('id = :id', { id: orderId })
      .execute();
    await this.audit.record(m, {
      actorId,
      action: 'order.assign',
      entity: 'order',
      entityId: orderId,
      before: { status: order.status, version: order.version, assigneeId },
      after: { status: order.status, assigneeId: null, note },
    });
    await this.events.signal(m, 'order.annotated', { orderId, action: 'assign' });
    return true;
  }

  /** Numbered per order under the row lock, so the log has neither gaps nor duplicates. */
  async recordStatusEvent(
    m: EntityManager,
    orderId: string,
    from: OrderStatus | null,
    to: OrderStatus,
    action: string,
    actorId: string | null,
    note: string | null,
  ): Promise<void> {
    await m.query(
      // clock_timestamp(), not now(): a transaction that waited for the row lock started
      // earlier than the one it waited for, but its event happened after it.
      `INSERT INTO status_events (order_id, seq, from_status, to_status, action, actor_id, note, at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, clock_timestamp() FROM status_events WHERE order_id = $1`,
      [orderId, from, to, action, actorId, note],
    );
  }
}

function isApplied(value: Partial<OrderEntity> | Applied): value is Applied {
  return 'event' in value || 'result' in value || 'changes' in value;
}

function pastTense(action: OrderAction): string {
  const words: Partial<Record<OrderAction, string>> = {
    submit: 'submitted',
    accept: 'accepted',
    start: 'started',
    hold: 'put on hold',
    resume: 'resumed',
    deliver: 'delivered',
    accept_delivery: 'accepted as delivered',
    reopen: 'reopened',
    cancel: 'cancelled',
    transfer: 'transferred',
    revise: 'revised',
    keep: 'kept as it was',
    edit: 'edited',
    close: 'closed',
  };
  return words[action] ?? `given the action "${action}"`;
}
