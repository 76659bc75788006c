import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CatalogService } from '../catalog/catalog.service';
import { DomainError, invalid } from '../common/domain-error';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../common/page';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventPublisher } from '../events/event-publisher';
import type { Actor } from '../identity/access/actor';
import { unitsWithRole } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import {
  answeredInTime,
  ideaPermissions,
  IdeaDecisionValue,
  IdeaFilter,
  IdeaStatus,
  isUnanswered,
  respondByFrom,
} from './domain/idea-rules';

export type IdeaLinkKind = 'service' | 'question' | 'recommendation';

export interface IdeaLinkView {
  id: string;
  kind: IdeaLinkKind;
  serviceId: string | null;
  questionKey: string | null;
  recommendationId: string | null;
  note: string | null;
  createdAt: Date;
}

export interface IdeaAnswerView {
  decision: IdeaDecisionValue;
  reason: string;
  answeredAt: Date;
  /** The first answer came by `respondBy`. */
  answeredInTime: boolean;
}

export interface IdeaPermissionsView {
  isAuthor: boolean;
  supports: boolean;
  maySupport: boolean;
  mayRespond: boolean;
}

export interface IdeaView {
  id: string;
  supportUnitId: string;
  supportUnit: string;
  serviceId: string | null;
  service: string | null;
  authorId: string;
  author: string;
  title: string;
  body: string;
  status: IdeaStatus;
  supporters: number;
  createdAt: Date;
  respondBy: Date;
  unanswered: boolean;
  answer: IdeaAnswerView | null;
  links: IdeaLinkView[];
  you: IdeaPermissionsView;
  version: number;
}

interface IdeaRow {
  id: string;
  support_unit_id: string;
  service_id: string | null;
  author_id: string;
  title: string;
  body: string;
  status: IdeaStatus;
  respond_by: Date;
  reason: string | null;
  first_answered_at: Date | null;
  answered_at: Date | null;
  created_at: Date;
  position: string;
  version: number;
  supporters: number;
  supports: boolean;
  links: IdeaLinkView[] | null;
}

const IDEA_SELECT = `SELECT i.id, i.support_unit_id, i.service_id, i.author_id, i.title, i.body, i.status, i.respond_by, i.reason,
       i.first_answered_at, i.answered_at, i.created_at, i.created_at::text AS position, i.version,
       (SELECT count(*)::int FROM idea_supports s WHERE s.idea_id = i.id) AS supporters,
       EXISTS (SELECT 1 FROM idea_supports s WHERE s.idea_id = i.id AND s.user_id = $1) AS supports,
       (SELECT json_agg(json_build_object('id', l.id, 'kind', l.kind, 'serviceId', l.service_id, 'questionKey', l.question_key,
                 'recommendationId', l.recommendation_id, 'note', l.note, 'createdAt', l.created_at) ORDER BY l.created_at, l.id)
          FROM idea_links l WHERE l.idea_id = i.id) AS links
  FROM ideas i`;

/** A reference to something that does not exist reads as none; any other failure stays one. */
function notFoundAsNull(error: unknown): null {
  if (error instanceof DomainError && error.code === 'not_found') return null;
  throw error;
}

/**
 * Ideas any signed-in employee raises for a support unit, supported by others and always
 * answered by the unit with a decision and a reason. Everyone sees every idea.
 */
@Injectable()
export class IdeasService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly identity: IdentityFacade,
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async raise(actor: Actor, input: { supportUnitId: string; serviceId?: string; title: string; body: string }): Promise<IdeaView> {
    const unit = await this.identity.unit(input.supportUnitId);
    if (!unit || unit.kind !== 'support') throw invalid('/supportUnitId', 'unknownReference', 'is not a support unit');
    if (input.serviceId) {
      const service = await this.catalog.get(input.serviceId).catch(notFoundAsNull);
      if (!service || service.supportUnitId !== input.supportUnitId) {
        throw invalid('/serviceId', 'unknownReference', 'is not a service of this support unit');
      }
    }
    const id = await this.db.transaction(async (m) => {
      const now = new Date();
      const [row]: Array<{ id: string }> = await m.query(
        `INSERT INTO ideas (support_unit_id, service_id, author_id, title, body, respond_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          input.supportUnitId,
          input.serviceId ?? null,
          actor.userId,
          input.title.trim(),
          input.body.trim(),
          respondByFrom(now, this.config.ideaResponseDays),
          now,
        ],
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'idea.created',
        entity: 'idea',
        entityId: row.id,
        after: { supportUnitId: input.supportUnitId, serviceId: input.serviceId ?? null, title: input.title },
      });
      await this.events.publish(m, 'idea.created', {
        ideaId: row.id,
        supportUnitId: input.supportUnitId,
        serviceId: input.serviceId ?? null,
        authorId: actor.userId,
        title: input.title.trim(),
        link: `/ideas/${row.id}`,
        actorId: actor.userId,
      });
      return row.id;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, q: { supportUnitId?: string; status?: IdeaFilter; limit?: number; cursor?: string }): Promise<Page<IdeaView>> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [actor.userId, limit + 1];
    const where: string[] = [];
    if (q.supportUnitId) {
      params.push(q.supportUnitId);
      where.push(`i.support_unit_id = $${params.length}`);
    }
    if (q.status === 'unanswered') where.push(`i.status = 'open' AND i.respond_by < now()`);
    else if (q.status) {
      params.push(q.status);
      where.push(`i.status = $${params.length}`);
    }
    if (q.cursor) {
      const [at, id] = decodeTimeCursor(q.cursor);
      params.push(at, id);
      where.push(`(i.created_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: IdeaRow[] = await this.db.query(
      `${IDEA_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.created_at DESC, i.id DESC LIMIT $2`,
      params,
    );
    const page = pageOf(rows, limit, (last) => [last.position, last.id]);
    return { items: await this.views(actor, page.items), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string, m: EntityManager = this.db.manager): Promise<IdeaView> {
    const [row]: IdeaRow[] = await m.query(`${IDEA_SELECT} WHERE i.id = $2`, [actor.userId, id]);
    if (!row) throw DomainError.notFound('Idea');
    return (await this.views(actor, [row], m))[0];
  }

  /** One support a person, never the author's own: 403 for the author, 409 for a second one. */
  async support(actor: Actor, id: string): Promise<IdeaView> {
    await this.db.transaction(async (m) => {
      const idea = await this.load(m, id);
      if (idea.author_id === actor.userId) throw new DomainError('forbidden', 'You cannot support your own idea.');
      const inserted: unknown[] = await m.query(
        `INSERT INTO idea_supports (idea_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING idea_id`,
        [id, actor.userId],
      );
      if (!inserted.length) throw new DomainError('duplicate', 'You already support this idea.');
      await this.audit.record(m, { actorId: actor.userId, action: 'idea.supported', entity: 'idea', entityId: id });
    });
    return this.get(actor, id);
  }

  /** Takes one's support back; taking back a support one did not give is a no-op. */
  async unsupport(actor: Actor, id: string): Promise<IdeaView> {
    await this.db.transaction(async (m) => {
      const idea = await this.load(m, id);
      if (idea.author_id === actor.userId) throw new DomainError('forbidden', 'You cannot support your own idea.');
      const [, removed] = (await m.query(`DELETE FROM idea_supports WHERE idea_id = $1 AND user_id = $2`, [id, actor.userId])) as [
        unknown,
        number,
      ];
      if (removed) await this.audit.record(m, { actorId: actor.userId, action: 'idea.unsupported', entity: 'idea', entityId: id });
    });
    return this.get(actor, id);
  }

  /**
   * The support unit answers: a decision and, always, a reason. It may answer again later
   * (planned, then done); the first answer is what counts for "answered in time".
   */
  async respond(actor: Actor, id: string, input: { decision: IdeaDecisionValue; reason: string; version?: number }): Promise<IdeaView> {
    const reason = input.reason.trim();
    if (!reason) throw invalid('/reason', 'reasonNeeded', 'a decision on an idea always needs a reason');
    await this.db.transaction(async (m) => {
      const idea = await this.load(m, id);
      if (!this.permissions(actor, idea).mayRespond) {
        throw new DomainError('forbidden', 'Only the managers and deliverers of its support unit answer an idea.');
      }
      if (input.version !== undefined && input.version !== idea.version) throw DomainError.stale('The idea', input.version);
      await m.query(
        `UPDATE ideas SET status = $2, reason = $3, responded_by = $4, answered_at = now(),
                first_answered_at = coalesce(first_answered_at, now()), version = version + 1
          WHERE id = $1`,
        [id, input.decision, reason, actor.userId],
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'idea.answered',
        entity: 'idea',
        entityId: id,
        before: { status: idea.status, reason: idea.reason },
        after: { status: input.decision, reason },
      });
      const supporters: Array<{ user_id: string }> = await m.query(`SELECT user_id FROM idea_supports WHERE idea_id = $1`, [id]);
      await this.events.publish(m, 'idea.answered', {
        ideaId: id,
        supportUnitId: idea.support_unit_id,
        decision: input.decision,
        title: idea.title,
        link: `/ideas/${id}`,
        actorId: actor.userId,
        recipientIds: [idea.author_id, ...supporters.map((s) => s.user_id)],
      });
    });
    return this.get(actor, id);
  }

  /** Shows what an idea changed: a service, a question of a service's questionnaire, a recommendation. */
  async link(
    actor: Actor,
    id: string,
    input: { kind: IdeaLinkKind; serviceId?: string; questionKey?: string; recommendationId?: string; note?: string },
  ): Promise<IdeaView> {
    await this.db.transaction(async (m) => {
      const idea = await this.load(m, id);
      if (!this.permissions(actor, idea).mayRespond) {
        throw new DomainError('forbidden', 'Only the managers and deliverers of its support unit link an idea.');
      }
      if (input.kind !== 'recommendation') {
        if (!input.serviceId) throw invalid('/serviceId', 'required', 'is required for a service or a question');
        const service = await this.catalog.get(input.serviceId, m).catch(notFoundAsNull);
        if (!service || service.supportUnitId !== idea.support_unit_id) {
          throw invalid('/serviceId', 'unknownReference', 'is not a service of this support unit');
        }
      }
      if (input.kind === 'question' && !input.questionKey) throw invalid('/questionKey', 'required', 'is required for a question');
      if (input.kind === 'recommendation' && !input.recommendationId) {
        throw invalid('/recommendationId', 'required', 'is required for a recommendation');
      }
      try {
        await m.query(
          `INSERT INTO idea_links (idea_id, kind, service_id, question_key, recommendation_id, note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            input.kind,
            input.kind === 'recommendation' ? null : input.serviceId,
            input.kind === 'question' ? input.questionKey : null,
            input.kind === 'recommendation' ? input.recommendationId : null,
            input.note?.trim() || null,
            actor.userId,
          ],
        );
      } catch (error) {
        // The transaction is rolled back by the throw; the foreign key is the check.
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23503') {
          throw invalid('/recommendationId', 'unknownReference', 'is not a recommendation');
        }
        throw error;
      }
      await this.audit.record(m, { actorId: actor.userId, action: 'idea.linked', entity: 'idea', entityId: id, after: { ...input } });
    });
    return this.get(actor, id);
  }

  private async load(m: EntityManager, id: string): Promise<IdeaRow> {
    const [row]: IdeaRow[] = await m.query(`SELECT * FROM ideas WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw DomainError.notFound('Idea');
    return row;
  }

  private permissions(actor: Actor, idea: { author_id: string; support_unit_id: string }) {
    return ideaPermissions(
      { authorId: idea.author_id, supportUnitId: idea.support_unit_id },
      { userId: actor.userId, delivererOf: unitsWithRole(actor, 'deliverer'), managerOf: actor.managedUnitIds },
    );
  }

  /** Rows to views, with the names of units, services and authors looked up once each. */
  private async views(actor: Actor, rows: IdeaRow[], m: EntityManager = this.db.manager): Promise<IdeaView[]> {
    const now = new Date();
    const units = new Map<string, string>();
    for (const unitId of new Set(rows.map((r) => r.support_unit_id))) units.set(unitId, (await this.identity.unit(unitId, m))?.name ?? '');
    const services = new Map<string, string>();
    for (const serviceId of new Set(rows.flatMap((r) => (r.service_id ? [r.service_id] : [])))) {
      services.set(serviceId, (await this.catalog.get(serviceId, m).catch(notFoundAsNull))?.name ?? '');
    }
    const authors = await this.identity.namesOf(
      rows.map((r) => r.author_id),
      m,
    );
    return rows.map((r) => {
      const allowed = this.permissions(actor, r);
      return {
        id: r.id,
        supportUnitId: r.support_unit_id,
        supportUnit: units.get(r.support_unit_id) ?? '',
        serviceId: r.service_id,
        service: r.service_id ? (services.get(r.service_id) ?? null) : null,
        authorId: r.author_id,
        author: authors.get(r.author_id) ?? '',
        title: r.title,
        body: r.body,
        status: r.status,
        supporters: r.supporters,
        createdAt: r.created_at,
        respondBy: r.respond_by,
        unanswered: isUnanswered({ status: r.status, respondBy: r.respond_by }, now),
        answer:
          r.status === 'open' || !r.answered_at
            ? null
            : {
                decision: r.status,
                reason: r.reason ?? '',
                answeredAt: r.answered_at,
                answeredInTime: answeredInTime({ firstAnsweredAt: r.first_answered_at, respondBy: r.respond_by }),
              },
        links: (r.links ?? []).map((l) => ({ ...l, createdAt: new Date(l.createdAt) })),
        you: { isAuthor: allowed.isAuthor, supports: r.supports, maySupport: allowed.maySupport, mayRespond: allowed.mayRespond },
        version: r.version,
      };
    });
  }
}
