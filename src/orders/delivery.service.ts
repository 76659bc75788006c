import type { StopReason } from './domain/stop-reasons';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { validateAnswers } from '../catalog/domain/validate-answers';
import { DomainError, invalid } from '../common/domain-error';
import { FilesFacade } from '../files/files.facade';
import type { Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { BUSINESS_CALENDAR } from './business-calendar';
import { addBusinessDays, businessDaysBetween, Calendar, dueDate, toIsoDate } from './domain/business-days';
import type { OrderAction } from './domain/order-lifecycle';
import { ChecklistItemEntity } from './entities/checklist-item.entity';
import { OrderEntity } from './entities/order.entity';
import { OrderTransitions, TransitionContext } from './order-transitions.service';
import { OrderView, OrderViews } from './order-views.service';
import { checklistLabels, freezeSpec, writeChecklist } from './spec-freeze';

/** Step 2 of the cycle: the support unit delivers exactly what was ordered, with tracked status. */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly transitions: OrderTransitions,
    private readonly views: OrderViews,
    private readonly identity: IdentityFacade,
    @Inject(BUSINESS_CALENDAR) private readonly calendar: Calendar,
    private readonly files: FilesFacade,
  ) {}

  /** Freezes the spec (version 1, hashed), derives the checklist and sets the due date. */
  accept(actor: Actor, orderId: string, version: number | undefined, assigneeId?: string): Promise<OrderView> {
    return this.act(actor, orderId, 'accept', version, null, async ({ m, order }) => {
      const assignee = assigneeId ?? actor.userId;
      await this.assertDeliverer(m, assignee, order.supportUnitId, '/assigneeId');
      const service = await this.catalog.get(order.serviceId, m);
      const questionnaire = await this.catalog.questionnaire(order.questionnaireId, m);
      // Submitted answers were valid, but a transfer pins another service's questionnaire:
      // what is frozen must answer the questionnaire it names.
      const { answers, errors } = validateAnswers(questionnaire.questions, order.answers);
      if (errors.length) {
        throw new DomainError(
          'answers_incomplete',
          `The answers do not yet fit version ${questionnaire.version} of this service's questionnaire; ask the requester to revise the order before accepting it.`,
          errors,
        );
      }
      const spec = await freezeSpec(m, { ...order, answers }, questionnaire.version, { createdBy: actor.userId });
      await writeChecklist(m, order.id, checklistLabels(questionnaire.questions, spec));
      const today = toIsoDate(new Date());
      return {
        assigneeId: assignee,
        confirmedAt: new Date(),
        dueDate: dueDate({
          acceptedOn: today,
          leadTimeDays: service.targetLeadTimeDays,
          desiredDate: order.desiredDate,
          calendar: this.calendar,
        }),
      };
    });
  }

  start(actor: Actor, orderId: string, version?: number, note?: string): Promise<OrderView> {
    return this.act(actor, orderId, 'start', version, note ?? null);
  }

  hold(actor: Actor, orderId: string, version: number | undefined, note: string): Promise<OrderView> {
    return this.act(actor, orderId, 'hold', version, note);
  }

  /**
   * The SLA clock paused while on hold: the due date moves by the business days spent waiting.
   * A change approved during the hold set a fresh due date, so the pause counts from then.
   */
  resume(actor: Actor, orderId: string, version?: number, note?: string): Promise<OrderView> {
    return this.act(actor, orderId, 'resume', version, note ?? null, async ({ m, order }) => {
      if (!order.dueDate) return {};
      const [{ since }] = await m.query(
        `SELECT greatest(
           (SELECT at FROM status_events WHERE order_id = $1 AND to_status = 'on_hold' ORDER BY seq DESC LIMIT 1),
           (SELECT max(created_at) FROM spec_versions WHERE order_id = $1 AND change_request_id IS NOT NULL)) AS since`,
        [order.id],
      );
      const paused = since ? Math.max(0, businessDaysBetween(toIsoDate(new Date(since)), toIsoDate(new Date()), this.calendar)) : 0;
      return paused > 0 ? { dueDate: addBusinessDays(order.dueDate, paused, this.calendar) } : {};
    });
  }

  deliver(
    actor: Actor,
    orderId: string,
    version: number | undefined,
    deliveryNote: string,
    professionalNote?: string,
    attachmentIds?: string[],
  ): Promise<OrderView> {
    return this.act(actor, orderId, 'deliver', version, null, async ({ m, order }) => {
      const open = await m.find(ChecklistItemEntity, { where: { orderId: order.id, done: false }, order: { position: 'ASC' } });
      if (open.length) {
        throw new DomainError(
          'checklist_incomplete',
          `${open.length} checklist item(s) are not done; delivery means everything that was ordered.`,
          open.map((i) => ({
            pointer: `/checklist/${i.id}`,
            code: 'notDone' as const,
            params: { item: i.label },
            detail: `not done: ${i.label}`,
          })),
        );
      }
      // The finished work: files of the order the delivery refers to.
      await this.files.link(m, order.id, attachmentIds, 'delivery', order.id);
      return {
        deliveryNote: deliveryNote.trim(),
        professionalNote: professionalNote?.trim() || null,
        deliveredAt: order.deliveredAt ?? new Date(),
      };
    });
  }

  /** Retrospectives closes the order in the same transaction if retrospective and feedback are both in. */
  acceptDelivery(actor: Actor, orderId: string, version?: number): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'accept_delivery',
        expectedVersion: version,
        apply: async () => ({ acceptedAt: new Date() }),
      });
      return this.views.full(actor, await this.transitions.load(actor, orderId, m), m);
    });
  }

  reopen(actor: Actor, orderId: string, version: number | undefined, reason: string): Promise<OrderView> {
    return this.act(actor, orderId, 'reopen', version, reason);
  }

  /** `stoppedBy`: the requester's answer to "what stopped you?", kept on the order for the figures. */
  cancel(actor: Actor, orderId: string, version: number | undefined, reason: string, stoppedBy?: StopReason): Promise<OrderView> {
    return this.act(actor, orderId, 'cancel', version, reason, stoppedBy ? async () => ({ stoppedBy }) : undefined);
  }

  assign(actor: Actor, orderId: string, version: number | undefined, assigneeId: string | null): Promise<OrderView> {
    return this.act(actor, orderId, 'assign', version, null, async ({ m, order }) => {
      if (assigneeId) await this.assertDeliverer(m, assigneeId, order.supportUnitId, '/assigneeId');
      return { assigneeId };
    });
  }

  async checkItem(actor: Actor, orderId: string, itemId: string, done: boolean, version?: number): Promise<ChecklistItemEntity> {
    return this.db.transaction(async (m) => {
      const { result } = await this.transitions.runFor(m, {
        actor,
        orderId,
        action: 'check_item',
        expectedVersion: version,
        apply: async () => {
          const item = await m.findOne(ChecklistItemEntity, { where: { id: itemId, orderId }, lock: { mode: 'pessimistic_write' } });
          if (!item) throw DomainError.notFound('Checklist item');
          item.done = done;
          item.doneBy = done ? actor.userId : null;
          item.doneAt = done ? new Date() : null;
          return { result: await m.save(item) };
        },
        auditAfter: { itemId, done },
      });
      return result;
    });
  }

  private act(
    actor: Actor,
    orderId: string,
    action: OrderAction,
    version: number | undefined,
    note: string | null,
    apply?: (ctx: TransitionContext) => Promise<Partial<OrderEntity> | void>,
  ): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      const order = await this.transitions.runIn(m, { actor, orderId, action, expectedVersion: version, note, apply });
      return this.views.full(actor, order, m);
    });
  }

  private async assertDeliverer(m: EntityManager, userId: string, unitId: string, pointer: string): Promise<void> {
    if (!(await this.identity.isActiveMember(userId, unitId, 'deliverer', m))) {
      throw invalid(pointer, 'unknownReference', 'must be an active deliverer of the delivering unit');
    }
  }
}
