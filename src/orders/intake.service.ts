import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CatalogService } from '../catalog/catalog.service';
import { validateAnswers } from '../catalog/domain/validate-answers';
import { DomainError } from '../common/domain-error';
import { EventPublisher } from '../events/event-publisher';
import { hasRole, type Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { WriteLimits } from '../identity/write-limits';
import { RecommendationsService } from '../retrospectives/recommendations.service';
import { formatReference } from './domain/order-reference';
import type { StopReason } from './domain/stop-reasons';
import { OrderChannel, OrderEntity } from './entities/order.entity';
import { OrderTransitions } from './order-transitions.service';
import { OrderView, OrderViews } from './order-views.service';
import { CreateOrderDto, UpdateDraftDto } from './orders.dto';

/** Step 1 of the cycle: drafting an order, saving it as often as needed, and submitting it. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly catalog: CatalogService,
    private readonly transitions: OrderTransitions,
    private readonly views: OrderViews,
    private readonly recommendations: RecommendationsService,
    private readonly limits: WriteLimits,
    private readonly identity: IdentityFacade,
    private readonly events: EventPublisher,
  ) {
    catalog.onServiceUsage(
      async (m, serviceId) => (await m.query('SELECT 1 FROM orders WHERE service_id = $1 LIMIT 1', [serviceId])).length > 0,
    );
  }

  /** `channel`: how the draft was started (the API's route says `api`; the pages leave it `web`). */
  async create(actor: Actor, dto: CreateOrderDto, channel: OrderChannel = 'web'): Promise<OrderView> {
    if (!hasRole(actor, 'requester', dto.requesterUnitId)) {
      throw new DomainError('forbidden', 'You can order only for a unit where you are a requester.');
    }
    await this.limits.take(actor, 'drafts');
    return this.db.transaction(async (m) => {
      const source = dto.copyOf ? await this.copySource(m, actor, dto.copyOf, dto.requesterUnitId) : null;
      const service = await this.catalog.getForOrder(dto.serviceId, m).catch(() => {
        throw DomainError.validation([{ pointer: '/serviceId', code: 'unknownReference', detail: 'no such service' }]);
      });
      if (!service.active)
        throw DomainError.validation([{ pointer: '/serviceId', code: 'unknownReference', detail: 'this service is no longer offered' }]);
      const questionnaire = await this.catalog.latestPublished(service.id, m);
      if (!questionnaire)
        throw new DomainError('no_published_questionnaire', 'This service cannot be ordered yet: it has no published questionnaire.');
      const title = dto.title ?? source?.title;
      const purpose = dto.purpose ?? source?.purpose;
      if (!title || !purpose) {
        throw DomainError.validation([
          ...(title ? [] : [{ pointer: '/title', code: 'required' as const, detail: 'is required' }]),
          ...(purpose
            ? []
            : [{ pointer: '/purpose', code: 'required' as const, detail: 'is required: what should the order achieve, and for whom?' }]),
        ]);
      }
      const reference = await this.nextReference(m, service.supportUnitId);
      const order = await m.save(
        m.create(OrderEntity, {
          reference,
          serviceId: service.id,
          supportUnitId: service.supportUnitId,
          requesterUnitId: dto.requesterUnitId,
          requesterId: actor.userId,
          questionnaireId: questionnaire.id,
          title: title.trim(),
          purpose: purpose.trim(),
          desiredDate: dto.desiredDate ?? null,
          answers: dto.answers ?? (source && source.serviceId === service.id ? source.answers : {}),
          status: 'draft',
          copyOfId: source?.id ?? null,
          channel,
        }),
      );
      await this.transitions.recordStatusEvent(
        m,
        order.id,
        null,
        'draft',
        'create',
        actor.userId,
        source ? `copied from ${source.reference}` : null,
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'order.created',
        entity: 'order',
        entityId: order.id,
        after: { reference, serviceId: service.id, title: order.title, copyOf: source?.id ?? null },
      });
      await this.recommendations.attachToDraft(m, order);
      // The report counts drafts from the moment they are started (intake completion).
      await this.events.signal(m, 'order.annotated', { orderId: order.id, action: 'create' });
      return this.views.full(actor, order, m);
    });
  }

  async updateDraft(actor: Actor, orderId: string, dto: UpdateDraftDto): Promise<OrderView> {
    const { version, ...fields } = dto;
    return this.db.transaction(async (m) => {
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'edit',
        expectedVersion: version,
        apply: async () => ({
          ...(fields.title !== undefined ? { title: fields.title.trim() } : {}),
          ...(fields.purpose !== undefined ? { purpose: fields.purpose.trim() } : {}),
          ...(fields.desiredDate !== undefined ? { desiredDate: fields.desiredDate } : {}),
          ...(fields.answers !== undefined ? { answers: fields.answers } : {}),
        }),
        auditAfter: { fields: Object.keys(fields) },
      });
      return this.views.full(actor, order, m);
    });
  }

  /**
   * The requester deletes a draft: the order, its attachments and everything hanging on it go
   * (foreign keys cascade; the file bytes follow in the orphan sweep). Before that the report's
   * projection sees the draft one last time, with what stopped the requester, so the figures
   * keep counting it as an abandoned draft. The optional note stays in the audit log only.
   */
  async deleteDraft(
    actor: Actor,
    orderId: string,
    version: number | undefined,
    stop: { stoppedBy?: StopReason; note?: string } = {},
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      // The unit's other requesters see a colleague's draft, but only who started it deletes it.
      const draft = await this.transitions.load(actor, orderId, m);
      if (draft.requesterId !== actor.userId) throw new DomainError('forbidden', 'Only the person who started a draft deletes it.');
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'delete_draft',
        expectedVersion: version,
        apply: async () => (stop.stoppedBy ? { stoppedBy: stop.stoppedBy } : {}),
        auditAfter: { stoppedBy: stop.stoppedBy ?? null, note: stop.note?.trim() || null },
      });
      await m.query('DELETE FROM orders WHERE id = $1', [order.id]);
    });
  }

  /** Answers are checked against the questionnaire version the draft pinned; hidden answers are dropped. */
  async submit(actor: Actor, orderId: string, version: number | undefined): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'submit',
        expectedVersion: version,
        apply: async ({ order }) => {
          const questionnaire = await this.catalog.questionnaire(order.questionnaireId, m);
          const { answers, errors } = validateAnswers(questionnaire.questions, order.answers);
          const undecided = await this.recommendations.undecidedOn(m, order.id);
          if (errors.length) throw DomainError.validation(errors, 'Some answers need attention before the order can be submitted.');
          if (undecided.length) {
            throw new DomainError(
              'recommendation_decision_missing',
              'Decide on each recommendation shown with this order (adopt it, or decline it with a reason) before submitting.',
              undecided.map((id) => ({ pointer: `/recommendations/${id}`, code: 'decisionNeeded' as const, detail: 'needs a decision' })),
            );
          }
          return { answers, submittedAt: order.submittedAt ?? new Date() };
        },
      });
      return this.views.full(actor, order, m);
    });
  }

  private async copySource(m: EntityManager, actor: Actor, sourceId: string, requesterUnitId: string): Promise<OrderEntity> {
    const source = await this.transitions.load(actor, sourceId, m).catch(() => null);
    if (!source || source.requesterUnitId !== requesterUnitId) {
      throw DomainError.validation([{ pointer: '/copyOf', code: 'unknownReference', detail: 'no order of this unit with this id' }]);
    }
    return source;
  }

  /** Gap-free per support unit and year: the counter row is locked until the order commits. */
  private async nextReference(m: EntityManager, supportUnitId: string): Promise<string> {
    const year = new Date().getUTCFullYear();
    const [{ last }] = await m.query(
      `INSERT INTO order_sequences (support_unit_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (support_unit_id, year) DO UPDATE SET last = order_sequences.last + 1 RETURNING last`,
      [supportUnitId, year],
    );
    const unit = await this.identity.unit(supportUnitId, m);
    if (!unit) throw DomainError.notFound('Support unit');
    return formatReference(unit.code, year, last);
  }
}
