import { ServiceNotesService } from '../../catalog/service-notes.service';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CatalogService, canManageUnit, QuestionnaireView, ServiceView } from '../../catalog/catalog.service';
import { CreateServiceDto, UpdateServiceDto } from '../../catalog/catalog.dto';
import type { Question } from '../../catalog/domain/question';
import { QUESTION_TYPES } from '../../catalog/domain/question';
import { DomainError, FieldError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import { Actor } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { FormErrors, NO_ERRORS, describeFieldError, fieldId, formErrors, parseForm } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { RecommendationsService, RecommendationView } from '../../retrospectives/recommendations.service';
import { questionFields } from '../requester/questions.presenter';
import {
  changesSince,
  EMPTY_QUESTION_FORM,
  formFieldOf,
  moved,
  QUESTION_FORM_FIELDS,
  QuestionForm,
  questionFormFrom,
  questionFormOf,
  questionFrom,
  questionIndexOf,
} from './questionnaire-editor';
import { pageQuery } from '../http/page-query';

const SERVICE_LABELS = {
  name: 'design.service.name',
  description: 'design.service.description',
  targetLeadTimeDays: 'design.service.leadTime',
  retentionYears: 'design.service.retentionYears',
  supportUnitId: 'design.service.unit',
  active: 'design.service.active',
  emailAlias: 'design.service.emailAlias',
} as const;

/**
 * Catalog and questionnaire design for a support unit's managers (and admins): their services,
 * and the questionnaire editor. Every change goes through CatalogService as the API's does, so
 * the rules (who may manage, hand-over, the questionnaire validator, publish) are the API's.
 * The editor works on the newest draft, starting one from the published questions on the first change.
 */
@ApiExcludeController()
@RequireRole('manager')
@Controller('catalog/services')
export class CatalogDesignController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
    private readonly recommendations: RecommendationsService,
    private readonly notes: ServiceNotesService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const t = translator(pageLanguage(req));
    const services = await this.catalog.listForDesign(actor.isAdmin ? null : actor.managedUnitIds);
    const names = await this.unitNames();
    this.pages.render(req, res, 'catalog-design/services.njk', {
      pageTitle: t('design.services.title'),
      services: services.map((s) => ({
        ...s,
        unit: names.get(s.supportUnitId) ?? '',
        status: s.active ? t('design.service.activeYes') : t('design.service.activeNo'),
        questionnaire: s.publishedQuestionnaireVersion
          ? t('design.services.published', { version: s.publishedQuestionnaireVersion })
          : t('design.services.unpublished'),
      })),
    });
  }

  @Get('new')
  async newService(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.renderService(req, res, actor, null, {
      name: '',
      description: '',
      targetLeadTimeDays: '',
      retentionYears: '',
      supportUnitId: '',
      active: 'yes',
      emailAlias: '',
    });
  }

  @Post('new')
  async create(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const values = serviceValues(body);
    try {
      const dto = await parseForm(
        CreateServiceDto,
        { ...values, active: values.active === 'yes' },
        { numbers: ['targetLeadTimeDays', 'retentionYears'], optional: ['retentionYears'] },
      );
      const service = await this.catalog.create(actor, dto);
      this.pages.redirect(res, `/catalog/services/${service.id}/questionnaire`);
    } catch (error) {
      await this.renderService(req, res, actor, null, values, this.serviceErrors(req, error));
    }
  }

  @Get(':id/edit')
  async editService(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    const service = await this.managed(actor, id);
    await this.renderService(req, res, actor, service, {
      name: service.name,
      description: service.description,
      targetLeadTimeDays: String(service.targetLeadTimeDays),
      retentionYears: service.retentionYears === null ? '' : String(service.retentionYears),
      supportUnitId: service.supportUnitId,
      active: service.active ? 'yes' : 'no',
      emailAlias: service.emailAlias ?? '',
    });
  }

  @Post(':id/edit')
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const service = await this.managed(actor, id);
    const values = serviceValues(body);
    try {
      const dto = await parseForm(
        UpdateServiceDto,
        { ...values, version: body.version, active: values.active === 'yes' },
        { numbers: ['targetLeadTimeDays', 'retentionYears', 'version'], optional: ['retentionYears'] },
      );
      // An empty field clears the service's own limit: RETENTION_YEARS applies again.
      if (values.retentionYears === '') dto.retentionYears = null;
      await this.catalog.update(actor, id, dto);
      this.pages.redirect(res, '/catalog/services');
    } catch (error) {
      await this.renderService(req, res, actor, service, values, this.serviceErrors(req, error));
    }
  }

  // ---- the questionnaire editor -------------------------------------------------------------

  @Get(':id/questionnaire')
  async questionnaire(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    await this.renderQuestionnaire(req, res, actor, id, NO_ERRORS);
  }

  /** From a questionnaire recommendation: its text becomes the question, its rationale the help. */
  @Get(':id/questionnaire/questions/new')
  async newQuestion(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    const { service, questions } = await this.editing(actor, id);
    const recommendation = await this.fromRecommendation(actor, req, service);
    const form = recommendation
      ? { ...EMPTY_QUESTION_FORM, label: recommendation.text, help: recommendation.rationale }
      : EMPTY_QUESTION_FORM;
    this.renderQuestion(req, res, service, questions, null, form, NO_ERRORS, 200, recommendation);
  }

  @Post(':id/questionnaire/questions/new')
  async addQuestion(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const { service, questions, draft } = await this.editing(actor, id);
    const form = questionFormFrom(body);
    const next = [...questions, questionFrom(form, questions)];
    await this.saveQuestion(req, res, actor, service, draft, next, questions, null, form);
  }

  @Get(':id/questionnaire/questions/:index')
  async editQuestion(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const { service, questions } = await this.editing(actor, id);
    const index = questionIndex(req, questions);
    this.renderQuestion(req, res, service, questions, index, questionFormOf(questions[index]), NO_ERRORS);
  }

  @Post(':id/questionnaire/questions/:index')
  async changeQuestion(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const { service, questions, draft } = await this.editing(actor, id);
    const index = questionIndex(req, questions);
    const form = questionFormFrom(body);
    const next = questions.map((q, i) => (i === index ? questionFrom(form, questions.slice(0, index)) : q));
    await this.saveQuestion(req, res, actor, service, draft, next, questions, index, form);
  }

  /** Move up, move down or remove: one button each, so the order is changed without dragging. */
  @Post(':id/questionnaire/questions/:index/arrange')
  async arrange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const { service, questions, draft } = await this.editing(actor, id);
    const index = questionIndex(req, questions);
    const action = field(body, 'action');
    const next = action === 'remove' ? questions.filter((_q, i) => i !== index) : moved(questions, index, action === 'up' ? -1 : 1);
    try {
      await this.save(actor, service.id, draft, next);
      const focus = action === 'remove' ? '' : `#question-${index + (action === 'up' ? -1 : 1)}`;
      this.pages.redirect(res, `/catalog/services/${service.id}/questionnaire${focus}`);
    } catch (error) {
      // Removing or moving a question another one's showIf depends on: the validator says which.
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const t = translator(pageLanguage(req));
      const errors: FormErrors = { list: [], byField: {} };
      for (const e of error.errors) {
        const text = t('design.question.invalidElsewhere', {
          label: next[questionIndexOf(e.pointer)]?.label ?? '',
          detail: elsewhere(t, e),
        });
        errors.list.push({ text, href: `#question-${questions.findIndex((q) => q.key === next[questionIndexOf(e.pointer)]?.key)}` });
      }
      await this.renderQuestionnaire(req, res, actor, id, errors, 400);
    }
  }

  @Get(':id/questionnaire/preview')
  async preview(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    const { service, questions } = await this.editing(actor, id);
    const t = translator(pageLanguage(req));
    this.pages.render(req, res, 'catalog-design/preview.njk', {
      pageTitle: t('design.preview.title'),
      service,
      fields: questionFields(questions, {}, NO_ERRORS, t),
    });
  }

  @Get(':id/questionnaire/publish')
  async confirmPublish(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    const { service, draft } = await this.editing(actor, id);
    if (!draft) return this.pages.redirect(res, `/catalog/services/${id}/questionnaire`);
    const published = (await this.catalog.latestPublished(id))?.questions ?? [];
    const t = translator(pageLanguage(req));
    this.pages.render(req, res, 'catalog-design/publish.njk', {
      pageTitle: t('design.publish.title'),
      service,
      draft,
      changes: changesSince(published, draft.questions),
    });
  }

  @Post(':id/questionnaire/publish')
  async publish(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await this.managed(actor, id);
    const questionnaireId = field(body, 'questionnaireId');
    if (!isUUID(questionnaireId)) throw DomainError.notFound('Questionnaire');
    await this.catalog.publish(actor, id, questionnaireId);
    this.pages.redirect(res, `/catalog/services/${id}/questionnaire?published=1`);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The service, when the actor may manage it: another unit's service is 403, as in the API. */
  private async managed(actor: Actor, id: string): Promise<ServiceView> {
    const service = await this.catalog.view(id);
    if (!canManageUnit(actor, service.supportUnitId)) {
      throw new DomainError('forbidden', 'Only an admin or a manager of the owning support unit may change its catalog.');
    }
    return service;
  }

  /**
   * The recommendation named by `?fromRecommendation=`, when the actor may see it and it is for
   * this service's support unit; an unknown or hidden one is simply not shown.
   */
  private async fromRecommendation(actor: Actor, req: PageRequest, service: ServiceView): Promise<RecommendationView | null> {
    const id = pageQuery(req, ['fromRecommendation']).fromRecommendation;
    if (id === undefined || !isUUID(id)) return null;
    const recommendation = await this.recommendations.get(actor, id);
    return recommendation?.supportUnitId === service.supportUnitId ? recommendation : null;
  }

  /** The questions being edited: the draft's, or the published ones until the first change makes a draft. */
  private async editing(
    actor: Actor,
    id: string,
  ): Promise<{ service: ServiceView; draft: QuestionnaireView | null; questions: Question[] }> {
    const service = await this.managed(actor, id);
    const draft = await this.catalog.latestDraft(id);
    const questions = draft?.questions ?? (await this.catalog.latestPublished(id))?.questions ?? [];
    return { service, draft, questions };
  }

  private async save(actor: Actor, serviceId: string, draft: QuestionnaireView | null, questions: Question[]): Promise<void> {
    if (draft) await this.catalog.updateDraft(actor, serviceId, draft.id, questions);
    else await this.catalog.createDraft(actor, serviceId, questions);
  }

  private async saveQuestion(
    req: PageRequest,
    res: Response,
    actor: Actor,
    service: ServiceView,
    draft: QuestionnaireView | null,
    next: Question[],
    questions: Question[],
    index: number | null,
    form: QuestionForm,
  ): Promise<void> {
    const at = index ?? next.length - 1;
    try {
      await this.save(actor, service.id, draft, next);
      this.pages.redirect(res, `/catalog/services/${service.id}/questionnaire#question-${at}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const t = translator(pageLanguage(req));
      const errors: FormErrors = { list: [], byField: {} };
      // This question's errors on its fields, in the form's order; others (a showIf now broken) in the summary.
      const sorted = [...error.errors].sort((a, b) => fieldOrder(formFieldOf(a.pointer, at)) - fieldOrder(formFieldOf(b.pointer, at)));
      for (const e of sorted) {
        const name = formFieldOf(e.pointer, at);
        if (name === null) {
          const text = t('design.question.invalidElsewhere', {
            label: next[questionIndexOf(e.pointer)]?.label ?? '',
            detail: elsewhere(t, e),
          });
          errors.list.push({ text, href: '#key' });
          continue;
        }
        if (errors.byField[name]) continue;
        const text = describeFieldError(t, e, t(`design.question.${name}` as MessageKey));
        errors.byField[name] = { text };
        errors.list.push({ text, href: `#${name === 'required' ? 'required' : name}` });
      }
      this.renderQuestion(req, res, service, questions, index, form, errors, 400);
    }
  }

  private renderQuestion(
    req: PageRequest,
    res: Response,
    service: ServiceView,
    questions: Question[],
    index: number | null,
    form: QuestionForm,
    errors: FormErrors,
    status = 200,
    recommendation: RecommendationView | null = null,
  ): void {
    const t = translator(pageLanguage(req));
    const earlier = index === null ? questions : questions.slice(0, index);
    const action = `/catalog/services/${service.id}/questionnaire/questions/${index === null ? 'new' : index}`;
    this.pages.render(
      req,
      res,
      'catalog-design/question-form.njk',
      {
        pageTitle: t(index === null ? 'design.question.addTitle' : 'design.question.editTitle'),
        service,
        action,
        form,
        errors,
        recommendation,
        types: QUESTION_TYPES.map((type) => ({ value: type, text: t(`design.type.${type}` as MessageKey), selected: form.type === type })),
        showIfKeys: [
          { value: '', text: t('design.question.showIfAlways'), selected: form.showIfKey === '' },
          ...earlier.map((q) => ({ value: q.key, text: q.label, selected: form.showIfKey === q.key })),
        ],
      },
      status,
    );
  }

  private async renderQuestionnaire(req: PageRequest, res: Response, actor: Actor, id: string, errors: FormErrors, status = 200) {
    const t = translator(pageLanguage(req));
    const { service, draft, questions } = await this.editing(actor, id);
    const published = await this.catalog.latestPublished(id);
    const recommendation = await this.fromRecommendation(actor, req, service);
    const byKey = new Map(questions.map((q) => [q.key, q]));
    this.pages.render(
      req,
      res,
      'catalog-design/questionnaire.njk',
      {
        pageTitle: t('design.questionnaire.title'),
        service,
        errors,
        published: pageQuery(req, ['published']).published === '1',
        recommendation,
        addHref: `/catalog/services/${service.id}/questionnaire/questions/new${recommendation ? `?fromRecommendation=${recommendation.id}` : ''}`,
        state: draft
          ? t('design.questionnaire.draft', { version: draft.version })
          : published
            ? t('design.questionnaire.publishedOnly', { version: published.version })
            : t('design.questionnaire.none'),
        draft,
        questions: questions.map((q, i) => ({
          index: i,
          key: q.key,
          label: q.label,
          type: t(`design.type.${q.type}` as MessageKey),
          required: q.required ? t('common.yes') : t('common.no'),
          help: q.help ?? '',
          options: (q.options ?? []).map((o) => o.label).join(', '),
          showIf: q.showIf
            ? t('design.questionnaire.showIfText', {
                question: byKey.get(q.showIf.key)?.label ?? q.showIf.key,
                answer: (q.showIf.in ?? [q.showIf.equals]).map(String).join(' / '),
              })
            : '',
          first: i === 0,
          last: i === questions.length - 1,
        })),
      },
      status,
    );
  }

  private async renderService(
    req: PageRequest,
    res: Response,
    actor: Actor,
    service: ServiceView | null,
    values: Record<string, string>,
    errors: FormErrors = NO_ERRORS,
  ): Promise<void> {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const supportUnits = (await this.units.list()).filter((u) => u.kind === 'support' && canManageUnit(actor, u.id));
    // The decisions managers recorded on the service (from /reports/next), newest first.
    const notes = service ? await this.notes.list(service.id) : [];
    this.pages.render(
      req,
      res,
      'catalog-design/service-form.njk',
      {
        pageTitle: t(service ? 'design.service.editTitle' : 'design.service.newTitle'),
        service,
        values,
        errors,
        notes: notes.map((n) => ({
          decision: t(`patterns.decision.${n.decision}`),
          text: n.text,
          at: fmt.day(n.createdAt.toISOString().slice(0, 10)),
        })),
        units: [
          { value: '', text: t('design.service.chooseUnit'), selected: values.supportUnitId === '' },
          ...supportUnits.map((u) => ({ value: u.id, text: u.name, selected: values.supportUnitId === u.id })),
        ],
      },
      errors.list.length ? 400 : 200,
    );
  }

  private serviceErrors(req: PageRequest, error: unknown): FormErrors {
    const t = translator(pageLanguage(req));
    if (error instanceof DomainError && error.code === 'validation_failed') {
      return formErrors(
        t,
        error.errors,
        (p) => t(SERVICE_LABELS[p.slice(1) as keyof typeof SERVICE_LABELS] ?? 'design.service.name'),
        fieldId,
      );
    }
    // A hand-over the rules refuse (orders exist, or a unit not yours): said on the unit field.
    if (error instanceof DomainError && (error.code === 'action_not_allowed' || error.code === 'forbidden')) {
      const text = t('design.service.handOverRefused', { detail: error.message });
      return { list: [{ text, href: '#supportUnitId' }], byField: { supportUnitId: { text } } };
    }
    throw error;
  }

  private async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.units.list()).map((u) => [u.id, u.name]));
  }
}

function serviceValues(body: Record<string, unknown>): Record<string, string> {
  return {
    name: field(body, 'name'),
    description: field(body, 'description'),
    targetLeadTimeDays: field(body, 'targetLeadTimeDays').trim(),
    retentionYears: field(body, 'retentionYears').trim(),
    supportUnitId: field(body, 'supportUnitId'),
    active: field(body, 'active') === 'no' ? 'no' : 'yes',
    emailAlias: field(body, 'emailAlias').trim(),
  };
}

function questionIndex(req: PageRequest, questions: Question[]): number {
  const index = Number(req.params.index);
  if (!Number.isInteger(index) || index < 0 || index >= questions.length) throw DomainError.notFound('Question');
  return index;
}

function fieldOrder(name: string | null): number {
  return name === null ? QUESTION_FORM_FIELDS.length : QUESTION_FORM_FIELDS.indexOf(name as (typeof QUESTION_FORM_FIELDS)[number]);
}

/** An error on another question's field: what is wrong, named by that field's label. */
function elsewhere(t: Translate, e: FieldError): string {
  const name = formFieldOf(e.pointer, questionIndexOf(e.pointer)) ?? 'key';
  return describeFieldError(t, e, t(`design.question.${name}` as MessageKey));
}
