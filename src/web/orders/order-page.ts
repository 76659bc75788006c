import { STOP_REASONS } from '../../orders/domain/stop-reasons';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { CatalogService } from '../../catalog/catalog.service';
import type { Question } from '../../catalog/domain/question';
import { visibleQuestions } from '../../catalog/domain/validate-answers';
import type { Actor } from '../../identity/access/actor';
import { hasRole } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { UsersService } from '../../identity/users.service';
import { OrderQueries } from '../../orders/order-queries.service';
import type { OrderView } from '../../orders/order-views.service';
import { DomainError } from '../../common/domain-error';
import { FormErrors, NO_ERRORS, formErrors } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, hasMessage, translator } from '../i18n/i18n';
import { DelivererPanels } from '../deliverer/deliverer-panel';
import { AttachmentsService } from '../../files/attachments.service';
import { fileRows, sizeText } from '../files/files-presenter';
import { PageRenderer } from '../render/page-renderer';
import { answerText } from '../requester/questions.presenter';

/** What a form on the order page sent, to show again with its errors. */
export type TypedValues = Record<string, string>;

/**
 * An order-page form's fields: body name → the element id on the page, the label its error
 * names, and whether it is answered by choosing (radios).
 */
export type OrderFormFields = Record<string, { id: string; label: MessageKey; choice?: boolean }>;

/**
 * The order page, one for every role: status, what was ordered, the consultation thread,
 * change requests, checklist, timeline, and the forms for the actions the lifecycle allows
 * the viewer (`allowedActions`). Each side's forms are their own template
 * (views/requester/order-actions.njk, views/deliverer/order-actions.njk) posting to their own
 * controller; a failed form renders this page again with its errors.
 */
@Injectable()
export class OrderPage {
  constructor(
    private readonly queries: OrderQueries,
    private readonly catalog: CatalogService,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    private readonly delivererPanels: DelivererPanels,
    private readonly attachments: AttachmentsService,
  ) {}

  async render(
    req: PageRequest,
    res: Response,
    actor: Actor,
    orderId: string,
    options: { errors?: FormErrors; typed?: TypedValues; notice?: string | null } = {},
    status = 200,
  ): Promise<void> {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const order = await this.queries.get(actor, orderId);
    // The order view decides what the viewer may see; the rest of the page only names and
    // shapes it, in reads that do not depend on each other.
    const [timeline, questionnaire, service, unitNames, deliverer, canAttach] = await Promise.all([
      this.queries.timeline(actor, orderId).then((r) => r.items),
      this.catalog.questionnaire(order.questionnaireId),
      this.catalog.get(order.serviceId),
      this.units.names(),
      this.delivererPanels.forOrder(actor, order, t),
      this.attachments.mayAttachNow(actor, order.id),
    ]);
    const questions = questionnaire.questions;
    const names = await this.names(
      order,
      [...timeline.map((i) => i.actorId), ...order.attachments.map((a) => a.uploadedBy)],
      t('privacy.formerUser'),
    );
    const files = (list: OrderView['attachments']) => fileRows(order.id, list, names, fmt);
    const allowed = new Set(order.allowedActions);
    const openAdvice = order.messages.filter((m) => m.kind === 'advice' && m.decision === null);
    const isRequesterSide = order.requesterId === actor.userId || hasRole(actor, 'requester', order.requesterUnitId);

    this.pages.render(
      req,
      res,
      'orders/order.njk',
      {
        pageTitle: `${order.reference}: ${order.title}`,
        order,
        state: order.status,
        statusText: statusText(t, order.status),
        allowed: Object.fromEntries([...allowed].map((a) => [a, true])),
        stopReasons: STOP_REASONS,
        serviceName: service.name,
        supportUnit: unitNames.get(order.supportUnitId) ?? '',
        requesterUnit: unitNames.get(order.requesterUnitId) ?? '',
        summary: [
          { key: { text: t('order.status') }, value: { text: statusText(t, order.status) } },
          { key: { text: t('order.service') }, value: { text: `${service.name} (${unitNames.get(order.supportUnitId) ?? ''})` } },
          {
            key: { text: t('order.requester') },
            value: { text: `${names.get(order.requesterId) ?? ''} (${unitNames.get(order.requesterUnitId) ?? ''})` },
          },
          { key: { text: t('intake.desiredDate') }, value: { text: order.desiredDate ? fmt.day(order.desiredDate) : t('format.none') } },
          {
            key: { text: t('order.dueDate') },
            value: { text: order.dueDate ? fmt.day(order.dueDate) + (order.overdue ? ` (${t('order.overdue')})` : '') : t('format.none') },
          },
          {
            key: { text: t('order.assignee') },
            value: { text: order.assigneeId ? (names.get(order.assigneeId) ?? '') : t('format.none') },
          },
        ],
        spec: specRows(order, questions, t),
        messages: order.messages.map((m) => ({
          id: m.id,
          kindText: t(`message.kind.${m.kind}` as never),
          author: names.get(m.authorId) ?? '',
          side: m.side,
          kind: m.kind,
          channelText: t(`message.channel.${m.channel}` as never),
          internal: m.kind === 'internal',
          isoAt: m.createdAt.toISOString(),
          at: fmt.time(m.createdAt),
          body: m.body,
          files: files(m.attachments),
          suggestions: m.suggestedAnswers
            ? Object.entries(m.suggestedAnswers).map(([key, value]) => {
                const q = questions.find((x) => x.key === key);
                return { label: q?.label ?? key, value: q ? answerText(q, value, t) : String(value) };
              })
            : [],
          decisionText:
            m.decision === 'followed'
              ? t('message.followed')
              : m.decision === 'kept_original'
                ? t('message.kept', { reason: m.decisionReason ?? '' })
                : null,
        })),
        // The conversation box and the answer form, from the order view's flags (conversationRights, canAnswer).
        canComment: order.canComment,
        canWriteInternal: order.canWriteInternal,
        answerable: order.messages.some((m) => m.canAnswer),
        openAdvice: openAdvice.length > 0,
        adviceSuggests: openAdvice.some((m) => m.suggestedAnswers && Object.keys(m.suggestedAnswers).length > 0),
        changeRequests: order.changeRequests.map((cr) => ({
          id: cr.id,
          reason: cr.reason,
          files: files(cr.attachments),
          side: cr.proposedBySide,
          sideText: t(cr.proposedBySide === 'requester' ? 'change.byRequester' : 'change.byDeliverer'),
          statusText: t(`change.status.${cr.status}` as never),
          open: cr.status === 'open',
          changes: [
            ...(cr.changes.title ? [{ label: t('intake.title'), value: cr.changes.title }] : []),
            ...(cr.changes.purpose ? [{ label: t('intake.purpose'), value: cr.changes.purpose }] : []),
            ...Object.entries(cr.changes.answers ?? {}).map(([key, value]) => {
              const q = questions.find((x) => x.key === key);
              return { label: q?.label ?? key, value: q ? answerText(q, value, t) : String(value) };
            }),
          ],
          // The requesting side's panel decides the support unit's proposals; the deliverer's panel the others.
          decideHere: cr.canDecide && cr.proposedBySide === 'deliverer',
        })),
        checklist: order.checklist.map((i) => ({ id: i.id, label: i.label, done: i.done })),
        files: files(order.attachments),
        deliveryFiles: files(order.deliveryAttachments),
        retrospectiveFiles: files(order.retrospective?.attachments ?? []),
        // The conversation's reply and answer boxes: the order's files to refer to.
        fileChoices: order.attachments.map((a) => ({ value: a.id, text: `${a.name} (${sizeText(a.size)})` })),
        // Each form's file list, with what was ticked when the form comes back with an error.
        ...Object.fromEntries(
          (['message-files', 'change-files'] as const).map((id) => {
            const ticked = new Set((options.typed?.[id] ?? '').split(','));
            const key = id === 'message-files' ? 'messageFileChoices' : 'changeFileChoices';
            return [
              key,
              order.attachments.map((a) => ({ value: a.id, text: `${a.name} (${sizeText(a.size)})`, checked: ticked.has(a.id) })),
            ];
          }),
        ),
        canAttach,
        maxUploadMb: this.attachments.maxFileMb,
        recommendations: order.recommendations,
        timeline: timeline
          .filter((i) => i.kind === 'status' || hasMessage(`timeline.${i.action}`))
          .map((i) => ({
            at: fmt.time(i.at),
            text:
              i.kind === 'status'
                ? t('timeline.status', { status: statusText(t, i.to ?? ''), action: actionText(t, i.action) })
                : t(`timeline.${i.action}` as never),
            actor: i.actorId ? (names.get(i.actorId) ?? '') : t('timeline.system'),
            note: i.note ?? null,
          })),
        feedbackGiven: timeline.some((i) => i.action === 'order.feedback'),
        ...loopClosing(order, t),
        isRequesterSide,
        canOrderAgain: order.status !== 'draft' && hasRole(actor, 'requester', order.requesterUnitId),
        deliverer,
        errors: options.errors ?? NO_ERRORS,
        typed: options.typed ?? {},
        notice: options.notice ?? null,
      },
      status,
    );
  }

  /**
   * Runs one action posted from the order page (`run` calls the service its API route calls).
   * Success: back to the order page saying what happened (`done.<done>` in the catalogs; `done`
   * may read the service's result, when what happened depends on it).
   * Invalid input in one of `fields`: this page again with the error summary (400). A stale
   * version or anything else: the error filter's page (409 with a link to the latest version).
   */
  async act(
    req: PageRequest,
    res: Response,
    actor: Actor,
    orderId: string,
    done: string | ((result: unknown) => string),
    fields: OrderFormFields,
    run: () => Promise<unknown>,
    /** Where to go on success instead of the order page (a deleted draft has none). */
    redirectTo?: string,
  ): Promise<void> {
    try {
      const result = await run();
      this.pages.redirect(res, redirectTo ?? `/orders/${orderId}?done=${typeof done === 'function' ? done(result) : done}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const t = translator(pageLanguage(req));
      // A pointer of '' is the whole request ("change something"): the form names a field for it under ''.
      const byPointer = (p: string) => fields[p.split('/')[1] ?? ''];
      if (error.errors.some((e) => !byPointer(e.pointer))) throw error; // not a field of this form (a forged post): the 400 page
      // A choice left unchosen fails the DTO's type checks; to the reader it is just not chosen yet.
      const fieldErrors = error.errors.map((e) => {
        const name = e.pointer.split('/')[1] ?? '';
        return fields[name].choice && !field(req.body, name) ? { ...e, code: 'required' as const, params: undefined } : e;
      });
      const errors = formErrors(
        t,
        fieldErrors,
        (p) => t(byPointer(p).label),
        (p) => byPointer(p).id,
        (p) => byPointer(p).choice === true,
      );
      const typed = Object.fromEntries(
        Object.entries(fields)
          .filter(([name]) => name)
          // A checkbox list (the files) comes back as several values: kept as one, comma-separated.
          .map(([name, f]) => [f.id, fieldValues(req.body, name).join(',')]),
      );
      await this.render(req, res, actor, orderId, { errors, typed }, 400);
    }
  }

  /** People's names by id; an erased person is "Former user" in the reader's language. */
  private async names(order: OrderView, more: Array<string | null>, formerUser: string): Promise<Map<string, string>> {
    const ids = new Set<string>([order.requesterId, ...(order.assigneeId ? [order.assigneeId] : [])]);
    for (const m of order.messages) ids.add(m.authorId);
    for (const id of more) if (id) ids.add(id);
    return this.users.namesOf(ids, formerUser);
  }
}

export function statusText(t: Translate, status: string): string {
  return hasMessage(`status.${status}`) ? t(`status.${status}` as never) : status;
}

function actionText(t: Translate, action: string): string {
  return hasMessage(`action.${action}`) ? t(`action.${action}` as never) : action;
}

/** What was ordered: the latest frozen spec when there is one, else the draft as it stands. */
function specRows(order: OrderView, questions: Question[], t: Translate) {
  const latest = order.specVersions.at(-1);
  const title = latest?.title ?? order.title;
  const purpose = latest?.purpose ?? order.purpose;
  const answers = latest?.answers ?? order.answers;
  const rows = [
    { key: { text: t('intake.title') }, value: { text: title } },
    { key: { text: t('intake.purpose') }, value: { text: purpose } },
  ];
  for (const q of visibleQuestions(questions, answers)) {
    rows.push({ key: { text: q.label }, value: { text: answerText(q, answers[q.key], t) } });
  }
  return rows;
}

/**
 * The two halves of the closing loop as the page shows them: the retrospective to whoever is
 * not shown it in the deliverer's panel (the requesting side above all), with the professional
 * note and each recommendation's rationale; the requester's feedback, comment included.
 */
export function loopClosing(order: Pick<OrderView, 'purpose' | 'professionalNote' | 'retrospective' | 'feedback'>, t: Translate) {
  const r = order.retrospective;
  const f = order.feedback;
  return {
    retrospective: r
      ? {
          rows: [
            { key: { text: t('loop.retro.purpose') }, value: { text: order.purpose } },
            { key: { text: t('loop.retro.outcome') }, value: { text: r.outcome } },
            { key: { text: t('loop.retro.assessment') }, value: { text: r.purposeAssessment } },
            ...(order.professionalNote
              ? [{ key: { text: t('loop.retro.professionalNote') }, value: { text: order.professionalNote } }]
              : []),
          ],
          recommendations: r.recommendations.map((rec) => ({
            text: rec.text,
            rationale: rec.rationale,
            category: t(`category.${rec.category}`),
          })),
        }
      : null,
    feedback: f
      ? {
          rows: [
            {
              key: { text: t('loop.feedback.satisfaction') },
              value: { text: t('loop.feedback.satisfactionValue', { n: f.satisfaction }) },
            },
            { key: { text: t('loop.feedback.purposeAchieved') }, value: { text: t(`feedback.${f.purposeAchieved}`) } },
            { key: { text: t('loop.feedback.comment') }, value: { text: f.comment ?? t('loop.feedback.noComment') } },
          ],
        }
      : null,
  };
}

/** A posted field's values: none, one, or the several a checkbox list sends. */
function fieldValues(body: Record<string, unknown> | undefined, name: string): string[] {
  const value = body?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}
