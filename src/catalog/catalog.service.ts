import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isUUID } from 'class-validator';
import { cleanDisplayName } from '../common/display-name';
import { DomainError, invalid } from '../common/domain-error';
import { decodeCursor, Page, pageOf } from '../common/page';
import type { Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { CreateServiceDto, UpdateServiceDto } from './catalog.dto';
import type { Question } from './domain/question';
import { validateQuestionnaire } from './domain/validate-questionnaire';
import { QuestionnaireEntity } from './entities/questionnaire.entity';
import { ServiceEntity } from './entities/service.entity';

export interface ServiceView {
  id: string;
  supportUnitId: string;
  name: string;
  description: string;
  targetLeadTimeDays: number;
  /** Years the personal data of its finished orders is kept; null: RETENTION_YEARS. */
  retentionYears: number | null;
  active: boolean;
  /** Mail to `<local>+<alias>@<domain>` starts a draft for this service. */
  emailAlias: string | null;
  version: number;
  publishedQuestionnaireVersion: number | null;
}

export interface QuestionnaireView {
  id: string;
  serviceId: string;
  version: number;
  status: 'draft' | 'published';
  questions: Question[];
  publishedAt: Date | null;
}

export function questionnaireView(q: QuestionnaireEntity): QuestionnaireView {
  return { id: q.id, serviceId: q.serviceId, version: q.version, status: q.status, questions: q.questions, publishedAt: q.publishedAt };
}

/** Services and their versioned questionnaires; written by admins and managers of the owning support unit. */
/** Whether a module holds records of the service (so it cannot move to another unit). */
export type ServiceUsageCheck = (m: EntityManager, serviceId: string) => Promise<boolean>;

@Injectable()
export class CatalogService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly identity: IdentityFacade,
  ) {}

  /** Modules that keep records of a service (orders, recommendations) say whether they have any. */
  private readonly usageChecks: ServiceUsageCheck[] = [];

  onServiceUsage(check: ServiceUsageCheck): void {
    this.usageChecks.push(check);
  }

  private async isUsed(m: EntityManager, serviceId: string): Promise<boolean> {
    for (const check of this.usageChecks) if (await check(m, serviceId)) return true;
    return false;
  }

  /**
   * Active services by name. A catalog is short (tens of services), so without `?limit=` it
   * comes whole, and a page at a time with it.
   */
  async list(filter: { supportUnitId?: string; limit?: number; cursor?: string }): Promise<Page<ServiceView>> {
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const [afterName, afterId] = filter.cursor ? decodeCursor(filter.cursor, 2) : [null, null];
    if (afterId !== null && !isUUID(afterId)) throw invalid('/cursor', 'cursor', 'is not a cursor this API gave out');
    const rows = await this.db.query(
      `SELECT s.*, (SELECT max(q.version) FROM questionnaires q WHERE q.service_id = s.id AND q.status = 'published') AS published_version
         FROM services s
        WHERE s.active AND ($1::uuid IS NULL OR s.support_unit_id = $1)
          AND ($2::text IS NULL OR (s.name, s.id) > ($2::text, $3::uuid))
        ORDER BY s.name, s.id LIMIT $4`,
      [filter.supportUnitId ?? null, afterName, afterId, Number.isFinite(limit) ? limit + 1 : null],
    );
    return pageOf(rows.map(serviceRowView), limit, (last) => [last.name, last.id]);
  }

  /** Services of the given support units (every unit's for null), inactive ones included: the design list. */
  async listForDesign(supportUnitIds: string[] | null): Promise<ServiceView[]> {
    const rows = await this.db.query(
      `SELECT s.*, (SELECT max(q.version) FROM questionnaires q WHERE q.service_id = s.id AND q.status = 'published') AS published_version
         FROM services s
        WHERE $1::uuid[] IS NULL OR s.support_unit_id = ANY($1)
        ORDER BY s.active DESC, s.name, s.id`,
      [supportUnitIds],
    );
    return rows.map(serviceRowView);
  }

  /** The active service mail to `<local>+<alias>@…` orders, else null. */
  async byEmailAlias(alias: string, manager: EntityManager = this.db.manager): Promise<ServiceEntity | null> {
    return manager.findOneBy(ServiceEntity, { emailAlias: alias.toLowerCase(), active: true });
  }

  /** The alias, unless another service has it (the unique index settles a race with a 409). */
  private async freeEmailAlias(m: EntityManager, alias: string | null, serviceId: string | null): Promise<string | null> {
    if (alias === null) return null;
    const [other] = await m.query('SELECT id FROM services WHERE email_alias = $1 AND id IS DISTINCT FROM $2', [alias, serviceId]);
    if (other) throw invalid('/emailAlias', 'taken', 'another service has this mail address');
    return alias;
  }

  /** The draft being edited: the newest version, when it is not yet published. */
  async latestDraft(serviceId: string): Promise<QuestionnaireView | null> {
    const newest = await this.db.manager.findOne(QuestionnaireEntity, { where: { serviceId }, order: { version: 'DESC' } });
    return newest && newest.status === 'draft' ? questionnaireView(newest) : null;
  }

  /** The names of these services by id, in one query, for lists that name each order's service. */
  async namesOf(ids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.db.query('SELECT id, name FROM services WHERE id = ANY($1::uuid[])', [
      wanted,
    ]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<ServiceEntity> {
    const service = await manager.findOneBy(ServiceEntity, { id });
    if (!service) throw DomainError.notFound('Service');
    return service;
  }

  /** The service an order is being placed with, held (FOR SHARE) so it cannot change hands meanwhile. */
  async getForOrder(id: string, manager: EntityManager): Promise<ServiceEntity> {
    const service = await manager.findOne(ServiceEntity, { where: { id }, lock: { mode: 'pessimistic_read' } });
    if (!service) throw DomainError.notFound('Service');
    return service;
  }

  async view(id: string): Promise<ServiceView> {
    const service = await this.get(id);
    const published = await this.latestPublished(id);
    return serviceView(service, published?.version ?? null);
  }

  async create(actor: Actor, dto: CreateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (m) => {
      const unit = await this.identity.unit(dto.supportUnitId, m);
      if (!unit || unit.kind !== 'support') throw invalid('/supportUnitId', 'unknownReference', 'must be a support unit');
      assertCanManage(actor, unit.id);
      const service = await m.save(
        m.create(ServiceEntity, {
          supportUnitId: unit.id,
          name: cleanDisplayName(dto.name),
          description: dto.description.trim(),
          targetLeadTimeDays: dto.targetLeadTimeDays,
          retentionYears: dto.retentionYears ?? null,
          active: dto.active ?? true,
          emailAlias: await this.freeEmailAlias(m, dto.emailAlias ?? null, null),
        }),
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'service.created',
        entity: 'service',
        entityId: service.id,
        after: { ...dto },
      });
      return serviceView(service, null);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateServiceDto): Promise<ServiceView> {
    return this.db.transaction(async (m) => {
      // Locked: orders being made for the service read it FOR SHARE, so a hand-over waits for them.
      await m.query('SELECT 1 FROM services WHERE id = $1 FOR UPDATE', [id]);
      const before = await this.get(id, m);
      assertCanManage(actor, before.supportUnitId);
      if (dto.supportUnitId !== undefined && dto.supportUnitId !== before.supportUnitId) {
        // Handing a service over takes the right to manage both catalogs.
        const unit = await this.identity.unit(dto.supportUnitId, m);
        if (!unit || unit.kind !== 'support') throw invalid('/supportUnitId', 'unknownReference', 'must be a support unit');
        assertCanManage(actor, unit.id);
        // Orders and the report keep a service's orders with the unit that delivers them.
        if (await this.isUsed(m, id)) {
          throw new DomainError(
            'action_not_allowed',
            'This service has orders or recommendations, so it stays with its support unit; create the service anew there.',
          );
        }
      }
      const { version, ...changes } = dto;
      if (changes.name !== undefined) changes.name = cleanDisplayName(changes.name);
      if (changes.emailAlias !== undefined) changes.emailAlias = await this.freeEmailAlias(m, changes.emailAlias, id);
      const expected = version ?? before.version;
      const result = await m
        .createQueryBuilder()
        .update(ServiceEntity)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :expected', { id, expected })
        .execute();
      if (result.affected !== 1) throw DomainError.stale('The service', expected);
      const after = await this.get(id, m);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'service.updated',
        entity: 'service',
        entityId: id,
        before: { ...before },
        after: { ...after },
      });
      const published = await this.latestPublished(id, m);
      return serviceView(after, published?.version ?? null);
    });
  }

  /** The services that keep their finished orders' personal data for their own number of years (retention). */
  async retentionOverrides(m: EntityManager = this.db.manager): Promise<Map<string, number>> {
    const rows: Array<{ id: string; retention_years: number }> = await m.query(
      'SELECT id, retention_years FROM services WHERE retention_years IS NOT NULL',
    );
    return new Map(rows.map((r) => [r.id, r.retention_years]));
  }

  async createDraft(actor: Actor, serviceId: string, questions: unknown): Promise<QuestionnaireView> {
    assertValidQuestionnaire(questions);
    return this.db.transaction(async (m) => {
      const service = await this.get(serviceId, m);
      assertCanManage(actor, service.supportUnitId);
      // Serialise version numbering per service.
      await m.query('SELECT 1 FROM services WHERE id = $1 FOR UPDATE', [serviceId]);
      const [{ next }] = await m.query('SELECT coalesce(max(version), 0) + 1 AS next FROM questionnaires WHERE service_id = $1', [
        serviceId,
      ]);
      const draft = await m.save(
        m.create(QuestionnaireEntity, { serviceId, version: next, status: 'draft', questions: questions as Question[], publishedAt: null }),
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'questionnaire.drafted',
        entity: 'questionnaire',
        entityId: draft.id,
        after: { version: draft.version, questions: draft.questions },
      });
      return questionnaireView(draft);
    });
  }

  async updateDraft(actor: Actor, serviceId: string, questionnaireId: string, questions: unknown): Promise<QuestionnaireView> {
    assertValidQuestionnaire(questions);
    return this.db.transaction(async (m) => {
      // Locked like publish: an edit racing a publish either lands before it or gets 409.
      const { service, questionnaire } = await this.loadQuestionnaire(m, serviceId, questionnaireId, true);
      assertCanManage(actor, service.supportUnitId);
      if (questionnaire.status === 'published') throw publishedError(questionnaire);
      questionnaire.questions = questions as Question[];
      await m.save(questionnaire);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'questionnaire.edited',
        entity: 'questionnaire',
        entityId: questionnaire.id,
        after: { questions },
      });
      return questionnaireView(questionnaire);
    });
  }

  async publish(actor: Actor, serviceId: string, questionnaireId: string): Promise<QuestionnaireView> {
    return this.db.transaction(async (m) => {
      const { service, questionnaire } = await this.loadQuestionnaire(m, serviceId, questionnaireId, true);
      assertCanManage(actor, service.supportUnitId);
      if (questionnaire.status === 'published') throw publishedError(questionnaire);
      questionnaire.status = 'published';
      questionnaire.publishedAt = new Date();
      await m.save(questionnaire);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'questionnaire.published',
        entity: 'questionnaire',
        entityId: questionnaire.id,
        after: { version: questionnaire.version },
      });
      return questionnaireView(questionnaire);
    });
  }

  /** The questionnaire new orders are answered with: the latest published version. */
  async latestPublished(serviceId: string, manager: EntityManager = this.db.manager): Promise<QuestionnaireEntity | null> {
    return manager.findOne(QuestionnaireEntity, { where: { serviceId, status: 'published' }, order: { version: 'DESC' } });
  }

  async currentQuestionnaire(serviceId: string): Promise<QuestionnaireView> {
    await this.get(serviceId);
    const current = await this.latestPublished(serviceId);
    if (!current) throw new DomainError('not_found', 'This service has no published questionnaire yet.');
    return questionnaireView(current);
  }

  async questionnaire(id: string, manager: EntityManager = this.db.manager): Promise<QuestionnaireEntity> {
    const found = await manager.findOneBy(QuestionnaireEntity, { id });
    if (!found) throw DomainError.notFound('Questionnaire');
    return found;
  }

  private async loadQuestionnaire(m: EntityManager, serviceId: string, questionnaireId: string, lock = false) {
    const service = await this.get(serviceId, m);
    const questionnaire = await m.findOne(QuestionnaireEntity, {
      where: { id: questionnaireId, serviceId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!questionnaire) throw DomainError.notFound('Questionnaire');
    return { service, questionnaire };
  }
}

export function canManageUnit(actor: Actor, unitId: string): boolean {
  return actor.isAdmin || actor.managedUnitIds.includes(unitId);
}

function assertCanManage(actor: Actor, supportUnitId: string): void {
  if (!canManageUnit(actor, supportUnitId)) {
    throw new DomainError('forbidden', 'Only an admin or a manager of the owning support unit may change its catalog.');
  }
}

function assertValidQuestionnaire(questions: unknown): void {
  const errors = validateQuestionnaire(questions);
  if (errors.length) throw DomainError.validation(errors, 'The questionnaire has invalid questions.');
}

function publishedError(q: QuestionnaireEntity): DomainError {
  return new DomainError('questionnaire_published', `Version ${q.version} is published and can no longer change; create a new draft.`);
}

function serviceView(s: ServiceEntity, publishedVersion: number | null): ServiceView {
  return {
    id: s.id,
    supportUnitId: s.supportUnitId,
    name: s.name,
    description: s.description,
    targetLeadTimeDays: s.targetLeadTimeDays,
    retentionYears: s.retentionYears ?? null,
    active: s.active,
    emailAlias: s.emailAlias,
    version: s.version,
    publishedQuestionnaireVersion: publishedVersion,
  };
}

function serviceRowView(r: Record<string, unknown>): ServiceView {
  return {
    id: r.id as string,
    supportUnitId: r.support_unit_id as string,
    name: r.name as string,
    description: r.description as string,
    targetLeadTimeDays: r.target_lead_time_days as number,
    retentionYears: (r.retention_years as number | null) ?? null,
    active: r.active as boolean,
    emailAlias: (r.email_alias as string | null) ?? null,
    version: r.version as number,
    publishedQuestionnaireVersion: (r.published_version as number | null) ?? null,
  };
}
