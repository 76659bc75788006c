import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CatalogService } from '../../catalog/catalog.service';
import type { Answers, Question } from '../../catalog/domain/question';
import { validateAnswers, visibleQuestions } from '../../catalog/domain/validate-answers';
import { DomainError, FieldError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import { Actor, unitsWithRole } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { IntakeService } from '../../orders/intake.service';
import { OrderQueries } from '../../orders/order-queries.service';
import type { OrderView } from '../../orders/order-views.service';
import { CreateOrderDto, UpdateDraftDto } from '../../orders/orders.dto';
import { DecisionDto } from '../../retrospectives/retrospectives.dto';
import { RetrospectivesService } from '../../retrospectives/retrospectives.service';
import { FormErrors, NO_ERRORS, fieldId, formErrors, formVersion, parseForm } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { answerPointer, answersFromForm, answerText, questionFields } from './questions.presenter';
import { pageQuery } from '../http/page-query';

/** What the intake form shows besides the questions. */
interface DraftValues {
  requesterUnitId: string;
  title: string;
  purpose: string;
  desiredDate: string;
  answers: Answers;
}

/**
 * Step 1 of the cycle in the browser: the catalog, the order form (one short grouped page),
 * check your answers with the recommendations to decide on, submit, confirmation, and
 * "order again". Every step calls the services the API calls.
 */
@ApiExcludeController()
@RequireRole('requester')
@Controller()
export class IntakeController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly units: UnitsService,
    private readonly intake: IntakeService,
    private readonly queries: OrderQueries,
    private readonly retrospectives: RetrospectivesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('catalog')
  async catalogPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const t = translator(pageLanguage(req));
    const fmt = new Formats(pageLanguage(req));
    const services = (await this.catalog.list({ limit: 200 })).items;
    const unitNames = await this.unitNames();
    const groups = new Map<string, Array<Record<string, unknown>>>();
    for (const s of services) {
      const list = groups.get(s.supportUnitId) ?? [];
      list.push({
        id: s.id,
        name: s.name,
        description: s.description,
        leadTime: t('catalog.leadTime', { days: fmt.number(s.targetLeadTimeDays) }),
        orderable: s.publishedQuestionnaireVersion !== null,
      });
      groups.set(s.supportUnitId, list);
    }
    this.pages.render(req, res, 'requester/catalog.njk', {
      pageTitle: t('catalog.title'),
      groups: [...groups.entries()].map(([unitId, items]) => ({ unit: unitNames.get(unitId) ?? '', items })),
    });
  }

  @Get('catalog/:serviceId/order')
  async newOrder(@CurrentActor() actor: Actor, @UuidParam('serviceId') serviceId: string, @Req() req: PageRequest, @Res() res: Response) {
    const service = await this.catalog.view(serviceId);
    const questionnaire = await this.catalog.currentQuestionnaire(serviceId);
    const units = unitsWithRole(actor, 'requester');
    const values: DraftValues = {
      requesterUnitId: units.length === 1 ? units[0] : '',
      title: '',
      purpose: '',
      desiredDate: '',
      answers: {},
    };
    await this.renderForm(req, res, actor, {
      serviceName: service.name,
      action: `/catalog/${serviceId}/order`,
      questions: questionnaire.questions,
      values,
    });
  }

  @Post('catalog/:serviceId/order')
  async create(
    @CurrentActor() actor: Actor,
    @UuidParam('serviceId') serviceId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const questionnaire = await this.catalog.currentQuestionnaire(serviceId);
    const values = this.valuesFrom(body, questionnaire.questions);
    try {
      const dto = await parseForm(CreateOrderDto, { serviceId, ...values }, { optional: ['desiredDate', 'requesterUnitId'] });
      const order = await this.intake.create(actor, dto);
      this.afterSave(res, order, questionnaire.questions);
    } catch (error) {
      const service = await this.catalog.view(serviceId);
      await this.renderInvalid(error, req, res, actor, {
        serviceName: service.name,
        action: `/catalog/${serviceId}/order`,
        questions: questionnaire.questions,
        values,
      });
    }
  }

  @Get('orders/:id/edit')
  async edit(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { validate } = pageQuery(req, ['validate']);
    const order = await this.queries.get(actor, id);
    // The lifecycle table allows `edit` in a draft only: allowedActions says it all.
    if (!order.allowedActions.includes('edit')) return this.pages.redirect(res, `/orders/${id}`);
    const questions = (await this.catalog.questionnaire(order.questionnaireId)).questions;
    const service = await this.catalog.view(order.serviceId);
    const errors = validate ? this.errorsFor(req, validateAnswers(questions, order.answers).errors, questions) : NO_ERRORS;
    await this.renderForm(req, res, actor, {
      serviceName: service.name,
      action: `/orders/${id}/edit`,
      questions,
      values: {
        requesterUnitId: order.requesterUnitId,
        title: order.title,
        purpose: order.purpose,
        desiredDate: order.desiredDate ?? '',
        answers: order.answers,
      },
      order,
      errors,
    });
  }

  @Post('orders/:id/edit')
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const current = await this.queries.get(actor, id);
    const questions = (await this.catalog.questionnaire(current.questionnaireId)).questions;
    const values = { ...this.valuesFrom(body, questions), requesterUnitId: current.requesterUnitId };
    try {
      const dto = await parseForm(
        UpdateDraftDto,
        {
          version: body.version,
          title: values.title,
          purpose: values.purpose,
          desiredDate: values.desiredDate || null,
          answers: values.answers,
        },
        { numbers: ['version'] },
      );
      const order = await this.intake.updateDraft(actor, id, dto);
      this.afterSave(res, order, questions);
    } catch (error) {
      const service = await this.catalog.view(current.serviceId);
      await this.renderInvalid(error, req, res, actor, {
        serviceName: service.name,
        action: `/orders/${id}/edit`,
        questions,
        values,
        order: current,
      });
    }
  }

  @Get('orders/:id/check')
  async check(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.renderCheck(req, res, actor, id, NO_ERRORS);
  }

  @Post('orders/:id/recommendations/:recId/decision')
  async decide(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('recId') recId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    try {
      const dto = await parseForm(DecisionDto, body, { numbers: ['version'], optional: ['reason', 'decision'] });
      await this.retrospectives.decide(actor, id, recId, dto);
      this.pages.redirect(res, `/orders/${id}/check#recommendation-${recId}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const errors = formErrors(
        t,
        error.errors,
        (p) => (p === '/reason' ? t('check.declineReason') : t('check.decision')),
        (p) => (p === '/reason' ? `reason-${recId}` : `decision-${recId}`),
        (p) => p !== '/reason',
      );
      await this.renderCheck(req, res, actor, id, errors, 400, { recId, decision: field(body, 'decision'), reason: field(body, 'reason') });
    }
  }

  @Post('orders/:id/submit')
  async submit(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    try {
      await this.intake.submit(actor, id, formVersion(body));
      this.pages.redirect(res, `/orders/${id}/confirmation`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'validation_failed' && error.errors.some((e) => e.pointer.startsWith('/answers'))) {
        return this.pages.redirect(res, `/orders/${id}/edit?validate=1`);
      }
      if (error.code !== 'recommendation_decision_missing') throw error;
      const errors: FormErrors = { list: [], byField: {} };
      for (const e of error.errors) {
        const recId = e.pointer.split('/')[2];
        errors.list.push({ text: t('check.decisionMissing'), href: `#decision-${recId}` });
        errors.byField[`decision-${recId}`] = { text: t('check.decisionMissing') };
      }
      await this.renderCheck(req, res, actor, id, errors, 400);
    }
  }

  @Get('orders/:id/confirmation')
  async confirmation(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    const order = await this.queries.get(actor, id);
    if (order.status === 'draft') return this.pages.redirect(res, `/orders/${id}/check`);
    const t = translator(pageLanguage(req));
    const service = await this.catalog.view(order.serviceId);
    this.pages.render(req, res, 'requester/confirmation.njk', {
      pageTitle: t('confirmation.title'),
      order,
      leadTime: t('catalog.leadTime', { days: service.targetLeadTimeDays }),
    });
  }

  /** A new draft from an earlier order of the unit (`copyOf`), answers pre-filled. */
  @Post('orders/:id/order-again')
  async orderAgain(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    const source = await this.queries.get(actor, id);
    const copy = await this.intake.create(actor, { serviceId: source.serviceId, requesterUnitId: source.requesterUnitId, copyOf: id });
    this.pages.redirect(res, `/orders/${copy.id}/edit`);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private valuesFrom(body: Record<string, unknown>, questions: Question[]): DraftValues {
    return {
      requesterUnitId: field(body, 'requesterUnitId'),
      title: field(body, 'title'),
      purpose: field(body, 'purpose'),
      desiredDate: field(body, 'desiredDate').trim(),
      answers: answersFromForm(questions, body),
    };
  }

  /** Saved: on to check your answers, or back to the form with what the questionnaire still needs. */
  private afterSave(res: Response, order: OrderView, questions: Question[]): void {
    const { errors } = validateAnswers(questions, order.answers);
    this.pages.redirect(res, errors.length ? `/orders/${order.id}/edit?validate=1` : `/orders/${order.id}/check`);
  }

  private errorsFor(req: PageRequest, errors: FieldError[], questions: Question[]): FormErrors {
    const t = translator(pageLanguage(req));
    const labels: Record<string, string> = {
      '/title': t('intake.title'),
      '/purpose': t('intake.purpose'),
      '/desiredDate': t('intake.desiredDate'),
      '/requesterUnitId': t('intake.requesterUnit'),
    };
    const choices = new Set(['/requesterUnitId']);
    for (const q of questions) {
      labels[answerPointer(q.key)] = q.label;
      if (q.type === 'choice' || q.type === 'multichoice' || q.type === 'yesno') choices.add(answerPointer(q.key));
    }
    // In the order of the form: the fixed fields first, then the questions.
    const order = [...Object.keys(labels)];
    const sorted = [...errors].sort((a, b) => order.indexOf(a.pointer) - order.indexOf(b.pointer));
    return formErrors(
      t,
      sorted,
      (p) => labels[p] ?? t('intake.answer'),
      fieldId,
      (p) => choices.has(p),
    );
  }

  private async renderInvalid(
    error: unknown,
    req: PageRequest,
    res: Response,
    actor: Actor,
    form: { serviceName: string; action: string; questions: Question[]; values: DraftValues; order?: OrderView },
  ): Promise<void> {
    if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
    await this.renderForm(req, res, actor, { ...form, errors: this.errorsFor(req, error.errors, form.questions) }, 400);
  }

  private async renderForm(
    req: PageRequest,
    res: Response,
    actor: Actor,
    form: { serviceName: string; action: string; questions: Question[]; values: DraftValues; order?: OrderView; errors?: FormErrors },
    status = 200,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    const errors = form.errors ?? NO_ERRORS;
    const unitNames = await this.unitNames();
    const units = unitsWithRole(actor, 'requester').map((id) => ({
      value: id,
      text: unitNames.get(id) ?? id,
      checked: id === form.values.requesterUnitId,
    }));
    this.pages.render(
      req,
      res,
      'requester/intake-form.njk',
      {
        pageTitle: t('intake.pageTitle', { service: form.serviceName }),
        serviceName: form.serviceName,
        action: form.action,
        values: form.values,
        order: form.order ?? null,
        units: form.order ? [] : units,
        fields: questionFields(form.questions, form.values.answers, errors, t),
        errors,
      },
      status,
    );
  }

  private async renderCheck(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    errors: FormErrors,
    status = 200,
    typed?: { recId: string; decision: string; reason: string },
  ): Promise<void> {
    const order = await this.queries.get(actor, id);
    if (order.status !== 'draft') return this.pages.redirect(res, `/orders/${id}`);
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const questions = (await this.catalog.questionnaire(order.questionnaireId)).questions;
    const service = await this.catalog.view(order.serviceId);
    this.pages.render(
      req,
      res,
      'requester/check.njk',
      {
        pageTitle: t('check.title'),
        order,
        serviceName: service.name,
        rows: checkRows(order, questions, t, fmt),
        recommendations: order.recommendations.map((r) => ({
          ...r,
          categoryText: t(`recommendation.category.${r.category}` as never),
          decisionText: r.status === 'adopted' ? t('check.adopted') : r.status === 'declined' ? t('check.declined') : null,
          typed: typed?.recId === r.id ? typed : null,
        })),
        errors,
      },
      status,
    );
  }

  private async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.units.list()).map((u) => [u.id, u.name]));
  }
}

/** Check your answers: the order's own fields, then each question that applies. */
function checkRows(order: OrderView, questions: Question[], t: Translate, fmt: Formats) {
  const change = (anchor: string, label: string) => ({
    items: [{ href: `/orders/${order.id}/edit#${anchor}`, text: t('check.change'), visuallyHiddenText: label }],
  });
  const rows = [
    { key: { text: t('intake.title') }, value: { text: order.title }, actions: change('title', t('intake.title')) },
    { key: { text: t('intake.purpose') }, value: { text: order.purpose }, actions: change('purpose', t('intake.purpose')) },
    {
      key: { text: t('intake.desiredDate') },
      value: { text: order.desiredDate ? fmt.day(order.desiredDate) : t('intake.notAnswered') },
      actions: change('desiredDate', t('intake.desiredDate')),
    },
  ];
  for (const q of visibleQuestions(questions, order.answers)) {
    const id = fieldId(answerPointer(q.key));
    rows.push({ key: { text: q.label }, value: { text: answerText(q, order.answers[q.key], t) }, actions: change(id, q.label) });
  }
  return rows;
}
