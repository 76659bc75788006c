import { CatalogService } from '../catalog/catalog.service';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, invalid } from '../common/domain-error';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../common/page';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventPublisher } from '../events/event-publisher';
import type { Actor } from '../identity/access/actor';
import { RecommendationCategory, RecommendationEntity, RecommendationStatus } from './entities/recommendation.entity';

export interface RecommendationView {
  id: string;
  sourceOrderId: string;
  supportUnitId: string;
  targetUnitId: string;
  targetServiceId: string | null;
  text: string;
  rationale: string;
  category: RecommendationCategory;
  status: RecommendationStatus;
  decisionReason: string | null;
  decidedAt: Date | null;
  decidedOnOrderId: string | null;
  expiresAt: Date;
  createdAt: Date;
}

export interface NewRecommendation {
  text: string;
  rationale: string;
  category: RecommendationCategory;
  targetServiceId?: string | null;
}

/**
 * The status as the product shows it, computed in the query: an open recommendation past its
 * expiry reads as expired whether or not the expiry sweep has marked it yet, so reads never write.
 */
function effectiveStatusSql(alias: string): string {
  return `CASE WHEN ${alias}.status = 'open' AND ${alias}.expires_at <= now() THEN 'expired' ELSE ${alias}.status END`;
}

/** An open recommendation past its expiry is expired, whether or not the sweep has stored it yet. */
export function statusAsOfNow(r: RecommendationEntity): RecommendationStatus {
  return r.status === 'open' && r.expiresAt.getTime() <= Date.now() ? 'expired' : r.status;
}

export function recommendationView(r: RecommendationEntity, status: RecommendationStatus = r.status): RecommendationView {
  return {
    id: r.id,
    sourceOrderId: r.sourceOrderId,
    supportUnitId: r.supportUnitId,
    targetUnitId: r.targetUnitId,
    targetServiceId: r.targetServiceId,
    text: r.text,
    rationale: r.rationale,
    category: r.category,
    status,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    decidedOnOrderId: r.decidedOnOrderId,
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
  };
}

/**
 * Recommendation adoption: issued by a retrospective, shown on the target unit's next draft
 * for the same service (or any service of the same support unit), closed by the first decision.
 * The one writer of `recommendations` and `order_recommendations`.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventPublisher,
    private readonly catalog: CatalogService,
  ) {
    catalog.onServiceUsage(
      async (m, serviceId) => (await m.query('SELECT 1 FROM recommendations WHERE target_service_id = $1 LIMIT 1', [serviceId])).length > 0,
    );
  }

  async issue(
    m: EntityManager,
    actor: Actor,
    source: { orderId: string; supportUnitId: string; requesterUnitId: string },
    items: NewRecommendation[],
  ): Promise<RecommendationEntity[]> {
    const expiresAt = new Date(Date.now() + this.config.recommendationExpiryDays * 86_400_000);
    const created: RecommendationEntity[] = [];
    for (const item of items) {
      const rec = await m.save(
        m.create(RecommendationEntity, {
          sourceOrderId: source.orderId,
          supportUnitId: source.supportUnitId,
          targetUnitId: source.requesterUnitId,
          targetServiceId: item.targetServiceId ?? null,
          text: item.text.trim(),
          rationale: item.rationale.trim(),
          category: item.category,
          status: 'open',
          expiresAt,
        }),
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'recommendation.issued',
        entity: 'recommendation',
        entityId: rec.id,
        after: recommendationView(rec) as unknown as Record<string, unknown>,
      });
      created.push(rec);
    }
    return created;
  }

  /** Open, unexpired recommendations for a unit ordering a service, attached to its draft. */
  async attachToDraft(
    m: EntityManager,
    draft: { id: string; requesterUnitId: string; serviceId: string; supportUnitId: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO order_recommendations (order_id, recommendation_id)
       SELECT $1, r.id FROM recommendations r
        WHERE r.status = 'open' AND r.expires_at > now() AND r.target_unit_id = $2 AND r.support_unit_id = $4
          AND (r.target_service_id IS NULL OR r.target_service_id = $3)
       ON CONFLICT DO NOTHING`,
      [draft.id, draft.requesterUnitId, draft.serviceId, draft.supportUnitId],
    );
  }

  async shownOn(orderId: string, m: EntityManager = this.db.manager): Promise<RecommendationView[]> {
    const { entities, raw } = await m
      .getRepository(RecommendationEntity)
      .createQueryBuilder('r')
      .addSelect(effectiveStatusSql('r'), 'effective_status')
      .innerJoin('order_recommendations', 'orr', 'orr.recommendation_id = r.id')
      .where('orr.order_id = :orderId', { orderId })
      .orderBy('r.created_at', 'ASC')
      .getRawAndEntities<{ effective_status: RecommendationStatus }>();
    return entities.map((r, i) => recommendationView(r, raw[i].effective_status));
  }

  /** Submit is refused while a recommendation shown on the draft is still open. */
  async undecidedOn(m: EntityManager, orderId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT r.id FROM recommendations r JOIN order_recommendations orr ON orr.recommendation_id = r.id
        WHERE orr.order_id = $1 AND r.status = 'open' AND r.expires_at > now()`,
      [orderId],
    );
    return rows.map((r) => r.id);
  }

  async decide(
    m: EntityManager,
    actor: Actor,
    orderId: string,
    recommendationId: string,
    decision: 'adopted' | 'declined',
    reason: string | undefined,
  ): Promise<RecommendationView> {
    if (decision === 'declined' && !reason?.trim()) throw invalid('/reason', 'reasonNeeded', 'say why the recommendation is declined');
    const shown = await m.query('SELECT 1 FROM order_recommendations WHERE order_id = $1 AND recommendation_id = $2', [
      orderId,
      recommendationId,
    ]);
    if (!shown.length) throw DomainError.notFound('Recommendation on this order');
    const rec = await m.findOne(RecommendationEntity, { where: { id: recommendationId }, lock: { mode: 'pessimistic_write' } });
    if (!rec) throw DomainError.notFound('Recommendation');
    // Past its expiry it no longer asks for a decision, even before the next sweep marks it.
    const status = statusAsOfNow(rec);
    if (status !== 'open') {
      throw new DomainError('action_not_allowed', `This recommendation is already ${status}.`, [], { currentStatus: status });
    }
    const before = recommendationView(rec);
    rec.status = decision;
    rec.decisionReason = reason?.trim() || null;
    rec.decidedAt = new Date();
    rec.decidedBy = actor.userId;
    rec.decidedOnOrderId = orderId;
    await m.save(rec);
    await this.audit.record(m, {
      actorId: actor.userId,
      action: `recommendation.${decision}`,
      entity: 'recommendation',
      entityId: rec.id,
      before: before as unknown as Record<string, unknown>,
      after: recommendationView(rec) as unknown as Record<string, unknown>,
    });
    // Adoption counts for the order whose retrospective made the recommendation.
    await this.events.signal(m, 'recommendation.decided', { recommendationId: rec.id, sourceOrderId: rec.sourceOrderId, decision });
    return recommendationView(rec);
  }

  /** One recommendation, when the caller may see it (the rule of `list`); otherwise null. */
  async get(actor: Actor, id: string): Promise<RecommendationView | null> {
    const units = [...new Set([...actor.memberUnitIds, ...actor.managedUnitIds])];
    const qb = this.db.getRepository(RecommendationEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (!actor.isAdmin) qb.andWhere('(r.target_unit_id = ANY(:units) OR r.support_unit_id = ANY(:units))', { units });
    const { entities, raw } = await qb
      .addSelect(effectiveStatusSql('r'), 'effective_status')
      .getRawAndEntities<{ effective_status: RecommendationStatus }>();
    return entities.length ? recommendationView(entities[0], raw[0].effective_status) : null;
  }

  /** Recommendations visible to the caller: addressed to, or issued by, a unit they belong to or manage. */
  async list(
    actor: Actor,
    filter: {
      unitId?: string;
      serviceId?: string;
      status?: RecommendationStatus;
      category?: RecommendationCategory;
      limit?: number;
      cursor?: string;
    },
  ): Promise<Page<RecommendationView>> {
    const units = [...new Set([...actor.memberUnitIds, ...actor.managedUnitIds])];
    const qb = this.db.getRepository(RecommendationEntity).createQueryBuilder('r');
    if (!actor.isAdmin) qb.where('(r.target_unit_id = ANY(:units) OR r.support_unit_id = ANY(:units))', { units });
    if (filter.unitId) qb.andWhere('(r.target_unit_id = :unitId OR r.support_unit_id = :unitId)', { unitId: filter.unitId });
    // For a service: those aimed at it, and the general ones of the unit that offers it (as a draft shows them).
    if (filter.serviceId) {
      const service = await this.catalog.get(filter.serviceId).catch(() => null);
      qb.andWhere('(r.target_service_id = :serviceId OR (r.target_service_id IS NULL AND r.support_unit_id = :serviceUnitId))', {
        serviceId: filter.serviceId,
        serviceUnitId: service?.supportUnitId ?? null,
      });
    }
    if (filter.status) qb.andWhere(`${effectiveStatusSql('r')} = :status`, { status: filter.status });
    // category=questionnaire is the owning unit's catalog backlog: how to ask better next time.
    if (filter.category) qb.andWhere('r.category = :category', { category: filter.category });
    if (filter.cursor) {
      const [createdAt, id] = decodeTimeCursor(filter.cursor);
      qb.andWhere('(r.created_at, r.id) < (:cAt::timestamptz, :cId::uuid)', { cAt: createdAt, cId: id });
    }
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    // The cursor carries created_at at full (microsecond) precision, read as text.
    const { entities, raw } = await qb
      .addSelect('r.created_at::text', 'cursor_at')
      .addSelect(effectiveStatusSql('r'), 'effective_status')
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ cursor_at: string; effective_status: RecommendationStatus }>();
    const page = pageOf(
      entities.map((rec, i) => ({ rec, at: raw[i].cursor_at, status: raw[i].effective_status })),
      limit,
      (last) => [last.at, last.rec.id],
    );
    return { items: page.items.map((r) => recommendationView(r.rec, r.status)), nextCursor: page.nextCursor };
  }

  /**
   * Recommendations nobody decided on within the configured time stop asking for a decision.
   * Reads already show them expired; the periodic sweep (RecommendationExpirySweep) stores it.
   */
  async expireOverdue(m: EntityManager): Promise<number> {
    const [, count] = await m.query(`UPDATE recommendations SET status = 'expired' WHERE status = 'open' AND expires_at <= now()`);
    return Number(count);
  }
}
