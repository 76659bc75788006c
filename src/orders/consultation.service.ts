import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { validateAnswers } from '../catalog/domain/validate-answers';
import { DomainError, invalid } from '../common/domain-error';
import { FilesFacade } from '../files/files.facade';
import type { Actor } from '../identity/access/actor';
import { WriteLimits } from '../identity/write-limits';
import type { ActorRole, OrderAction, OrderStatus } from './domain/order-lifecycle';
import type { MessageChannel, MessageKind } from './domain/message-kinds';
import { ConsultationMessageEntity } from './entities/consultation-message.entity';
import { OrderEntity } from './entities/order.entity';
import { openQuestions, rolesOn, type ThreadMessage } from './order-access';
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

  /**
   * Writes one message on the order, by the channel the caller names (`web` from the pages, `api`
   * from the JSON API, `email` from mail in). What it does to the order comes from the lifecycle
   * table through `messageAction`: a deliverer's question or advice moves a submitted order into
   * consultation; the requester's answer in consultation returns it to the support unit in the
   * same step; a comment or an internal note moves nothing.
   */
  async message(actor: Actor, orderId: string, dto: MessageDto, channel: MessageChannel) {
    await this.limits.take(actor, 'messages');
    return this.db.transaction(async (m) => {
      const current = await this.transitions.load(actor, orderId, m);
      const roles = rolesOn(actor, current);
      if (dto.suggestedAnswers && dto.kind !== 'advice')
        throw invalid('/suggestedAnswers', 'notAllowed', 'only advice can suggest answers');
      // A file belongs to the order and both sides see it: an internal note refers to none, so
      // nothing of it can reach the requesting side through a file.
      if (dto.kind === 'internal' && dto.attachmentIds?.length)
        throw invalid(
          '/attachmentIds',
          'notAllowed',
          'an internal note carries no files (files belong to the order, which both sides see)',
        );
      const { action, side } = messageAction(dto.kind, roles, current.status);
      // An answer answers what is open: with only advice open, the requester revises or keeps.
      if (action === 'answer') {
        const thread: ThreadMessage[] = await m.query(
          `SELECT kind, side, created_at AS "createdAt" FROM consultation_messages WHERE order_id = $1`,
          [orderId],
        );
        if (!openQuestions(thread).length) {
          throw new DomainError(
            'action_not_allowed',
            'No question is open: follow the advice (revise) or keep the order as it was (keep), or write a comment.',
          );
        }
      }
      if (side === 'requester' && dto.kind === 'advice') throw new DomainError('forbidden', 'Advice is given by the delivering unit.');
      if (side === 'requester' && dto.kind === 'internal')
        throw new DomainError('forbidden', 'Internal notes are written by the delivering unit, for itself.');
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
              side,
              kind: dto.kind,
              channel,
              body: dto.body.trim(),
              suggestedAnswers: dto.suggestedAnswers ?? null,
            }),
          );
          await this.files.link(m, orderId, dto.attachmentIds, 'message', message.id);
          // An internal note publishes nothing: no mail, notification or webhook can carry it out.
          if (message.kind === 'internal') return { result: message };
          const files = (await this.files.referredBy('message', [message.id], m)).get(message.id) ?? [];
          const detail = {
            messageId: message.id,
            side,
            kind: message.kind,
            body: message.body,
            channel,
            attachments: files.map((f) => ({ id: f.id, name: f.name, size: f.size })),
          };
          return { result: message, event: { type: messageEvent(action, message.kind), detail } };
        },
        auditAfter: { messageKind: dto.kind, channel },
      });
      // The message, and where the order stands after it: a question, advice or answer may move
      // it, and the next action on the order needs its new version.
      const attachments = (await this.files.referredBy('message', [message.id], m)).get(message.id) ?? [];
      const { order: _order, ...fields } = message;
      return { ...fields, attachments, canAnswer: false, status: order.status, version: order.version, order: orderSummary(order) };
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

/**
 * The lifecycle action a message of `kind` is, and the side it is written for. Someone on both
 * sides writes for the delivering side, except an answer, which is the requesting side's.
 */
export function messageAction(
  kind: MessageKind,
  roles: ActorRole[],
  status: OrderStatus,
): { action: OrderAction; side: 'requester' | 'deliverer' } {
  const asDeliverer = roles.includes('deliverer') && (kind !== 'answer' || !roles.includes('requester'));
  if (asDeliverer) {
    const byKind: Record<MessageKind, OrderAction> = {
      question: 'ask',
      advice: 'advise',
      answer: 'message_deliverer',
      comment: 'comment',
      internal: 'note_internal',
    };
    return { action: byKind[kind], side: 'deliverer' };
  }
  if (kind === 'comment') return { action: 'comment', side: 'requester' };
  if (kind === 'answer' && status === 'in_consultation') return { action: 'answer', side: 'requester' };
  return { action: kind === 'internal' ? 'note_internal' : 'message_requester', side: 'requester' };
}

/** The event a published message makes: the wording of its mail follows from it. */
function messageEvent(
  action: OrderAction,
  kind: MessageKind,
): 'order.question_asked' | 'order.question_answered' | 'order.advised' | 'message.posted' {
  if (action === 'ask') return 'order.question_asked';
  if (action === 'advise') return 'order.advised';
  if (action === 'answer') return 'order.question_answered';
  // The requester's question: the delivering unit may be waiting on it.
  if (action === 'message_requester' && kind === 'question') return 'order.question_asked';
  return 'message.posted';
}
