import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { validateAnswers } from '../catalog/domain/validate-answers';
import { DomainError, invalid } from '../common/domain-error';
import { FilesFacade } from '../files/files.facade';
import type { Actor } from '../identity/access/actor';
import { WriteLimits } from '../identity/write-limits';
import type { OrderAction } from './domain/order-lifecycle';
import { ConsultationMessageEntity } from './entities/consultation-message.entity';
import { OrderEntity } from './entities/order.entity';
import { rolesOn } from './order-access';
import { OrderTransitions } from './order-transitions.service';
import { orderSummary, OrderView, OrderViews } from './order-views.service';
import { MessageDto, ReasonDto, ReviseDto, TransferDto } from './orders.dto';

/**
 * Before anything is frozen the support unit may ask, advise or transfer; the requester
 * revises or keeps the order. Both decisions are recorded: they feed the report.
 */
@Injectable()
export class ConsultationService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly transitions: OrderTransitions,
    private readonly views: OrderViews,
    private readonly limits: WriteLimits,
    private readonly files: FilesFacade,
  ) {}

  async message(actor: Actor, orderId: string, dto: MessageDto) {
    await this.limits.take(actor, 'messages');
    return this.db.transaction(async (m) => {
      const current = await this.transitions.load(actor, orderId, m);
      const roles = rolesOn(actor, current);
      const asDeliverer = roles.includes('deliverer') && (dto.kind !== 'answer' || !roles.includes('requester'));
      if (!asDeliverer && dto.kind === 'advice') throw new DomainError('forbidden', 'Advice is given by the delivering unit.');
      if (dto.suggestedAnswers && dto.kind !== 'advice')
        throw invalid('/suggestedAnswers', 'notAllowed', 'only advice can suggest answers');
      const action: OrderAction = asDeliverer
        ? dto.kind === 'answer'
          ? 'message_deliverer'
          : dto.kind === 'advice'
            ? 'advise'
            : 'ask'
        : 'message_requester';
      const { order, result: message } = await this.transitions.runFor(m, {
        actor,
        orderId,
        action,
        expectedVersion: dto.version,
        apply: async () => {
          const message = await m.save(
            m.create(ConsultationMessageEntity, {
              orderId,
              authorId: actor.userId,
              side: asDeliverer ? 'deliverer' : 'requester',
              kind: dto.kind,
              body: dto.body.trim(),
              suggestedAnswers: dto.suggestedAnswers ?? null,
            }),
          );
          const messageId = message.id;
          await this.files.link(m, orderId, dto.attachmentIds, 'message', messageId);
          if (action === 'ask')
            return { result: message, event: { type: 'order.question_asked', detail: { messageId, side: 'deliverer' } } };
          // The requester's answer or question: the delivering unit may be waiting on it.
          if (action === 'message_requester')
            return { result: message, event: { type: 'order.question_asked', detail: { messageId, side: 'requester' } } };
          if (action === 'advise') return { result: message, event: { type: 'order.advised', detail: { messageId } } };
          return { result: message };
        },
        auditAfter: { messageKind: dto.kind },
      });
      // The message, and where the order stands after it: a question or advice moves it, and
      // the next action on the order needs its new version.
      const attachments = (await this.files.referredBy('message', [message.id], m)).get(message.id) ?? [];
      const { order: _order, ...fields } = message;
      return { ...fields, attachments, status: order.status, version: order.version, order: orderSummary(order) };
    });
  }

  async revise(actor: Actor, orderId: string, dto: ReviseDto): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'revise',
        expectedVersion: dto.version,
        apply: async ({ order }) => {
          const answers = await this.validAnswers(m, order, dto.answers ?? order.answers);
          await this.decideAdvice(
            m,
            orderId,
            dto.followedAdvice ? 'followed' : 'kept_original',
            dto.followedAdvice ? null : 'revised without following the advice',
          );
          return {
            answers,
            ...(dto.title ? { title: dto.title.trim() } : {}),
            ...(dto.purpose ? { purpose: dto.purpose.trim() } : {}),
          };
        },
        auditAfter: { followedAdvice: dto.followedAdvice ?? false },
      });
      return this.views.full(actor, order, m);
    });
  }

  async keep(actor: Actor, orderId: string, dto: ReasonDto): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'keep',
        expectedVersion: dto.version,
        note: dto.reason,
        apply: async () => {
          await this.decideAdvice(m, orderId, 'kept_original', dto.reason.trim());
        },
      });
      return this.views.full(actor, order, m);
    });
  }

  /** To another service, possibly of another support unit; the order keeps its reference. */
  async transfer(actor: Actor, orderId: string, dto: TransferDto): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      const service = await this.catalog.getForOrder(dto.serviceId, m).catch(() => {
        throw invalid('/serviceId', 'unknownReference', 'no such service');
      });
      if (!service.active) throw invalid('/serviceId', 'unknownReference', 'this service is no longer offered');
      const questionnaire = await this.catalog.latestPublished(service.id, m);
      if (!questionnaire) throw invalid('/serviceId', 'unknownReference', 'this service has no published questionnaire');
      const auditDetail: Record<string, unknown> = { serviceId: service.id, supportUnitId: service.supportUnitId };
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'transfer',
        expectedVersion: dto.version,
        note: dto.note,
        apply: async ({ order }) => {
          if (order.serviceId === service.id) throw invalid('/serviceId', 'notAllowed', 'the order is already with this service');
          // Answers carry over where the new questionnaire asks the same question; the rest
          // stay in the audit event, and accept waits until the requester has completed them.
          const carried = validateAnswers(questionnaire.questions, order.answers).answers;
          Object.assign(auditDetail, { previousAnswers: order.answers, carriedAnswers: Object.keys(carried) });
          return {
            serviceId: service.id,
            supportUnitId: service.supportUnitId,
            questionnaireId: questionnaire.id,
            assigneeId: null,
            answers: carried,
          };
        },
        auditAfter: auditDetail,
      });
      return this.views.full(actor, order, m);
    });
  }

  private async validAnswers(m: EntityManager, order: OrderEntity, answers: unknown) {
    const questionnaire = await this.catalog.questionnaire(order.questionnaireId, m);
    const result = validateAnswers(questionnaire.questions, answers);
    if (result.errors.length) throw DomainError.validation(result.errors, 'Some answers need attention.');
    return result.answers;
  }

  private async decideAdvice(
    m: EntityManager,
    orderId: string,
    decision: 'followed' | 'kept_original',
    reason: string | null,
  ): Promise<void> {
    await m.update(
      ConsultationMessageEntity,
      { orderId, kind: 'advice', decision: IsNull() },
      { decision, decisionReason: reason, decidedAt: new Date() },
    );
  }
}
