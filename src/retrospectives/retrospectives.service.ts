import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, invalid } from '../common/domain-error';
import { CatalogService } from '../catalog/catalog.service';
import { AttachmentView, FilesFacade } from '../files/files.facade';
import { EventPublisher } from '../events/event-publisher';
import type { Actor } from '../identity/access/actor';
import { WriteLimits } from '../identity/write-limits';
import { OrderTransitions } from '../orders/order-transitions.service';
import { OrdersFacade } from '../orders/orders.facade';
import { FeedbackEntity } from './entities/feedback.entity';
import { RecommendationEntity } from './entities/recommendation.entity';
import { RetrospectiveEntity } from './entities/retrospective.entity';
import { RecommendationsService, recommendationView, RecommendationView, statusAsOfNow } from './recommendations.service';
import { DecisionDto, FeedbackDto, RetrospectiveDto } from './retrospectives.dto';

/**
 * Step 3 of the cycle: after delivery the support unit looks back and recommends what to
 * change next time, and the requester says whether the purpose was achieved. With both in,
 * an accepted order closes.
 */
@Injectable()
export class RetrospectivesService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly transitions: OrderTransitions,
    private readonly orders: OrdersFacade,
    private readonly recommendations: RecommendationsService,
    private readonly limits: WriteLimits,
    private readonly events: EventPublisher,
    private readonly files: FilesFacade,
  ) {
    // "Retrospective and feedback both in, delivery accepted → closed", whichever comes last.
    events.onEvents(['retrospective.written', 'feedback.given', 'order.delivery_accepted'], (m, e) =>
      this.closeIfLoopComplete(m, e.payload.orderId),
    );
  }

  async writeRetrospective(actor: Actor, orderId: string, dto: RetrospectiveDto) {
    await this.limits.take(actor, 'retrospectives');
    return this.db.transaction(async (m) => {
      const retrospective = m.create(RetrospectiveEntity, {
        orderId,
        authorId: actor.userId,
        outcome: dto.outcome.trim(),
        purposeAssessment: dto.purposeAssessment.trim(),
      });
      const order = await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'retrospective',
        expectedVersion: dto.version,
        apply: async ({ order: locked }) => {
          if (await m.existsBy(RetrospectiveEntity, { orderId })) {
            throw new DomainError('duplicate', 'This order already has a retrospective.');
          }
          for (const [i, rec] of dto.recommendations.entries()) {
            if (!rec.targetServiceId) continue;
            const service = await this.catalog.get(rec.targetServiceId, m).catch(() => null);
            if (!service || service.supportUnitId !== locked.supportUnitId) {
              throw invalid(`/recommendations/${i}/targetServiceId`, 'unknownReference', 'must be a service of the delivering unit');
            }
          }
          await m.save(retrospective);
          await this.files.link(m, orderId, dto.attachmentIds, 'retrospective', retrospective.id);
          return { event: { type: 'retrospective.written', detail: { retrospectiveId: retrospective.id } } };
        },
        auditAfter: { recommendations: dto.recommendations.length },
      });
      const created = await this.recommendations.issue(
        m,
        actor,
        { orderId: order.id, supportUnitId: order.supportUnitId, requesterUnitId: order.requesterUnitId },
        dto.recommendations,
      );
      const base = await this.orders.eventBaseOf(m, orderId, actor.userId);
      for (const rec of created) {
        await this.events.publish(m, 'recommendation.pending', {
          ...base,
          recommendationId: rec.id,
          targetUnitId: rec.targetUnitId,
          targetServiceId: rec.targetServiceId,
        });
      }
      const files = await this.files.referredBy('retrospective', [retrospective.id], m);
      return {
        ...retrospective,
        recommendations: created.map((r) => recommendationView(r)),
        attachments: files.get(retrospective.id) ?? [],
      };
    });
  }

  /** The order's retrospective and the recommendations it issued, or null: for pages that show it or offer to write it. */
  async ofOrder(
    actor: Actor,
    orderId: string,
  ): Promise<(RetrospectiveEntity & { recommendations: RecommendationView[]; attachments: AttachmentView[] }) | null> {
    await this.transitions.load(actor, orderId);
    const retrospective = await this.db.manager.findOneBy(RetrospectiveEntity, { orderId });
    if (!retrospective) return null;
    const issued = await this.db.manager.find(RecommendationEntity, { where: { sourceOrderId: orderId }, order: { createdAt: 'ASC' } });
    const files = await this.files.referredBy('retrospective', [retrospective.id]);
    return {
      ...retrospective,
      recommendations: issued.map((r) => recommendationView(r, statusAsOfNow(r))),
      attachments: files.get(retrospective.id) ?? [],
    };
  }

  async writeFeedback(actor: Actor, orderId: string, dto: FeedbackDto): Promise<FeedbackEntity> {
    return this.db.transaction(async (m) => {
      const feedback = m.create(FeedbackEntity, {
        orderId,
        authorId: actor.userId,
        satisfaction: dto.satisfaction,
        purposeAchieved: dto.purposeAchieved,
        comment: dto.comment?.trim() || null,
      });
      await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'feedback',
        expectedVersion: dto.version,
        apply: async () => {
          if (await m.existsBy(FeedbackEntity, { orderId }))
            throw new DomainError('duplicate', 'Feedback on this order was already given.');
          await m.save(feedback);
          return { event: { type: 'feedback.given', detail: { feedbackId: feedback.id } } };
        },
        auditAfter: { satisfaction: dto.satisfaction, purposeAchieved: dto.purposeAchieved },
      });
      return feedback;
    });
  }

  /** On a draft, by its requester: adopt a recommendation, or decline it with a reason. */
  async decide(actor: Actor, orderId: string, recommendationId: string, dto: DecisionDto): Promise<RecommendationView> {
    return this.db.transaction(async (m) => {
      const { result } = await this.transitions.runFor(m, {
        actor,
        orderId,
        action: 'edit',
        expectedVersion: dto.version,
        apply: async () => ({
          result: await this.recommendations.decide(m, actor, orderId, recommendationId, dto.decision, dto.reason),
        }),
        auditAfter: { recommendationId, decision: dto.decision },
      });
      return result;
    });
  }

  /** An accepted order closes once the retrospective and the feedback are both written. */
  private async closeIfLoopComplete(m: EntityManager, orderId: string): Promise<void> {
    const complete = (await m.existsBy(RetrospectiveEntity, { orderId })) && (await m.existsBy(FeedbackEntity, { orderId }));
    if (complete) await this.orders.closeAsSystem(m, orderId, 'retrospective and feedback are both in');
  }
}
