import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CatalogService } from '../catalog/catalog.service';
import { validateAnswers } from '../catalog/domain/validate-answers';
import { DomainError } from '../common/domain-error';
import { FilesFacade } from '../files/files.facade';
import type { Actor } from '../identity/access/actor';
import { WriteLimits } from '../identity/write-limits';
import { BUSINESS_CALENDAR } from './business-calendar';
import { Calendar, dueDate, toIsoDate } from './domain/business-days';
import { ChangeRequestEntity, SpecChanges } from './entities/change-request.entity';
import { SpecVersionEntity } from './entities/spec-version.entity';
import { decidesChangeRequest } from './order-access';
import { OrderTransitions } from './order-transitions.service';
import { ChangeRequestView, OrderView, OrderViews, withDecision } from './order-views.service';
import { ChangeRequestDto } from './orders.dto';
import { checklistLabels, freezeSpec, writeChecklist } from './spec-freeze';

/**
 * The only way what was ordered changes after acceptance: one side proposes, the other side
 * decides. Approval writes a new spec version and recomputes the due date.
 */
@Injectable()
export class ChangeRequestsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly catalog: CatalogService,
    private readonly transitions: OrderTransitions,
    private readonly views: OrderViews,
    @Inject(BUSINESS_CALENDAR) private readonly calendar: Calendar,
    private readonly limits: WriteLimits,
    private readonly files: FilesFacade,
  ) {}

  async propose(actor: Actor, orderId: string, dto: ChangeRequestDto): Promise<ChangeRequestView> {
    const changes: SpecChanges = {
      ...(dto.title !== undefined ? { title: dto.title.trim() } : {}),
      ...(dto.purpose !== undefined ? { purpose: dto.purpose.trim() } : {}),
      ...(dto.answers !== undefined ? { answers: dto.answers } : {}),
    };
    if (!Object.keys(changes).length)
      throw DomainError.validation([{ pointer: '', code: 'changeNeeded', detail: 'propose a change to title, purpose or answers' }]);
    await this.limits.take(actor, 'changeRequests');
    return this.db.transaction(async (m) => {
      const { result } = await this.transitions.runFor(m, {
        actor,
        orderId,
        action: 'change_request',
        expectedVersion: dto.version,
        apply: async ({ order, role }) => {
          if (changes.answers) {
            const questionnaire = await this.catalog.questionnaire(order.questionnaireId, m);
            const { answers, errors } = validateAnswers(questionnaire.questions, changes.answers);
            if (errors.length) throw DomainError.validation(errors, 'The proposed answers are not valid.');
            changes.answers = answers;
          }
          const latest = await latestSpec(m, orderId);
          const created = await m.save(
            m.create(ChangeRequestEntity, {
              orderId,
              basedOnSpec: latest.number,
              proposedBy: actor.userId,
              proposedBySide: role === 'deliverer' ? 'deliverer' : 'requester',
              reason: dto.reason.trim(),
              changes,
              status: 'open',
            }),
          );
          await this.files.link(m, orderId, dto.attachmentIds, 'change_request', created.id);
          return {
            result: withDecision(actor, order, created),
            event: {
              type: 'order.change_requested',
              detail: { changeRequestId: created.id, proposedBy: created.proposedBySide },
            },
          };
        },
        auditAfter: { changeRequest: 'proposed' },
      });
      const attachments = (await this.files.referredBy('change_request', [result.id], m)).get(result.id) ?? [];
      const { order: _order, ...fields } = result;
      return { ...fields, attachments };
    });
  }

  async decide(
    actor: Actor,
    orderId: string,
    changeRequestId: string,
    decision: 'approved' | 'rejected',
    note?: string,
    version?: number,
  ): Promise<OrderView> {
    return this.db.transaction(async (m) => {
      const order = await this.transitions.load(actor, orderId, m, true);
      const request = await m.findOne(ChangeRequestEntity, {
        where: { id: changeRequestId, orderId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request) throw DomainError.notFound('Change request');
      if (request.status !== 'open') throw new DomainError('change_request_closed', `This change request is already ${request.status}.`);
      const otherSide = request.proposedBySide === 'requester' ? 'deliverer' : 'requester';
      if (otherSide === 'requester') await this.transitions.refuseFormerRequester(m, actor, order);
      if (!decidesChangeRequest(actor, order, request)) {
        throw new DomainError('forbidden', `Only the ${otherSide} side decides on this change request, and not its proposer.`);
      }
      await this.transitions.runIn(m, {
        actor,
        orderId,
        action: 'change_request',
        expectedVersion: version,
        apply: async ({ order: locked }) => {
          const latest = await latestSpec(m, orderId);
          // The proposal carries whole answers as they were then: approving it over a later
          // spec version would silently undo what that version changed.
          if (decision === 'approved' && latest.number !== request.basedOnSpec) {
            throw new DomainError(
              'stale_version',
              `This change was proposed against spec version ${request.basedOnSpec}, but the order is now at version ${latest.number}; reject it and propose it again on the current spec.`,
              [],
              { basedOnSpec: request.basedOnSpec, currentSpec: latest.number },
            );
          }
          request.status = decision;
          request.decidedBy = actor.userId;
          request.decidedAt = new Date();
          request.decisionNote = note?.trim() || null;
          await m.save(request);
          const event = {
            type: 'order.change_decided',
            detail: { changeRequestId: request.id, decision, proposedBy: request.proposedBySide },
          } as const;
          if (decision === 'rejected') return { event };
          const next = {
            ...locked,
            title: request.changes.title ?? latest.title,
            purpose: request.changes.purpose ?? latest.purpose,
            answers: request.changes.answers ?? latest.answers,
          };
          const questionnaire = await this.catalog.questionnaire(locked.questionnaireId, m);
          const spec = await freezeSpec(m, next, questionnaire.version, { createdBy: actor.userId, changeRequestId: request.id });
          await writeChecklist(m, orderId, checklistLabels(questionnaire.questions, spec));
          const service = await this.catalog.get(locked.serviceId, m);
          return {
            event,
            changes: {
              title: next.title,
              purpose: next.purpose,
              answers: next.answers,
              dueDate: dueDate({
                acceptedOn: toIsoDate(new Date()),
                leadTimeDays: service.targetLeadTimeDays,
                desiredDate: locked.desiredDate,
                calendar: this.calendar,
              }),
            },
          };
        },
        auditAfter: { changeRequestId, decision },
      });
      await this.audit.record(m, {
        actorId: actor.userId,
        action: `change_request.${decision}`,
        entity: 'change_request',
        entityId: request.id,
        after: { orderId, note: note ?? null },
      });
      return this.views.full(actor, await this.transitions.load(actor, orderId, m), m);
    });
  }
}

function latestSpec(m: EntityManager, orderId: string): Promise<SpecVersionEntity> {
  return m.findOneOrFail(SpecVersionEntity, { where: { orderId }, order: { number: 'DESC' } });
}
