import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { fieldError } from '../../common/field-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { IdentityFacade } from '../../identity/identity.facade';
import { UnitsService } from '../../identity/units.service';
import { CreatePanelDto, SendSurveyDto } from '../../panels/panels.dto';
import { PanelsService } from '../../panels/panels.service';
import { FormErrors, formErrors, NO_ERRORS, parseForm } from '../http/form-errors';
import { field, PageRequest, pageLanguage } from '../http/page-request';
import { pageQuery } from '../http/page-query';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { answersFromForm, questionFields } from '../requester/questions.presenter';
import { resultView } from './voice-presenter';

const LABELS: Record<string, MessageKey> = {
  '/supportUnitId': 'panels.form.unit',
  '/name': 'panels.form.name',
  '/memberIds': 'panels.form.members',
  '/title': 'surveys.form.title',
  '/questions': 'surveys.form.questions',
  '/closesAt': 'surveys.form.closesAt',
};

/** A question written in the survey editor, as an example the manager edits. */
const EXAMPLE_QUESTIONS = JSON.stringify(
  [
    { key: 'useful', type: 'number', label: 'How useful was our support this term, 1 to 5?', required: true, min: 1, max: 5 },
    { key: 'missing', type: 'textarea', label: 'What do you miss from us?' },
  ],
  null,
  2,
);

function errorsOf(t: Translate, error: unknown, idOf?: (pointer: string) => string): FormErrors {
  if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
  return formErrors(
    t,
    error.errors,
    (pointer) => {
      const top = `/${pointer.split('/')[1]}`;
      return LABELS[top] ? t(LABELS[top]) : pointer.slice(1);
    },
    idOf,
  );
}

/** The survey's closing day as the form gives it (YYYY-MM-DD): the end of that day, UTC. */
function closingOf(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:59Z` : day;
}

/** Customer panels for a support unit's managers: form one, send it a survey, read the results. */
@ApiExcludeController()
@Controller()
export class PanelsPagesController {
  constructor(
    private readonly panels: PanelsService,
    private readonly units: UnitsService,
    private readonly identity: IdentityFacade,
    private readonly pages: PageRenderer,
  ) {}

  @RequireRole('manager')
  @Get('panels')
  async list(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const t = translator(pageLanguage(req));
    const panels = await this.panels.list(actor);
    this.pages.render(req, res, 'voice/panels.njk', {
      pageTitle: t('panels.title'),
      panels: panels.map((p) => ({
        href: `/panels/${p.id}`,
        name: p.name,
        unit: p.supportUnit,
        members: t('panels.memberCount', { count: p.members.length }),
        surveys: t('panels.surveyCount', { count: p.surveys.length }),
      })),
    });
  }

  @RequireRole('manager')
  @Get('panels/new')
  async newForm(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { supportUnitId } = pageQuery(req, ['supportUnitId']);
    await this.showPanelForm(actor, req, res, { supportUnitId: supportUnitId ?? '' });
  }

  @RequireRole('manager')
  @Post('panels/new')
  async create(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const t = translator(pageLanguage(req));
    try {
      const memberIds = ([] as unknown[]).concat(body.memberIds ?? []).filter((v): v is string => typeof v === 'string');
      const dto = await parseForm(CreatePanelDto, { supportUnitId: field(body, 'supportUnitId'), name: field(body, 'name'), memberIds });
      const panel = await this.panels.create(actor, dto);
      this.pages.redirect(res, `/panels/${panel.id}?done=created`);
    } catch (error) {
      await this.showPanelForm(
        actor,
        req,
        res,
        body,
        errorsOf(t, error, (p) => (p.startsWith('/memberIds') ? 'memberIds' : p.slice(1))),
        400,
      );
    }
  }

  @RequireRole('manager')
  @Get('panels/:id')
  async panel(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.showPanel(actor, id, req, res);
  }

  @RequireRole('manager')
  @Post('panels/:id/surveys')
  async send(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    try {
      let questions: unknown;
      try {
        questions = JSON.parse(field(body, 'questions'));
      } catch {
        throw DomainError.validation([fieldError('/questions', 'json', 'must be a JSON list of questions')]);
      }
      const dto = await parseForm(SendSurveyDto, { title: field(body, 'title'), questions, closesAt: closingOf(field(body, 'closesAt')) });
      const survey = await this.panels.send(actor, id, dto);
      this.pages.redirect(res, `/panels/${id}?done=sent&survey=${survey.id}`);
    } catch (error) {
      // Every error of the questions (/questions/0/type, …) is shown at the editor, naming where.
      await this.showPanel(
        actor,
        id,
        req,
        res,
        body,
        errorsOf(t, error, (p) => p.split('/')[1] || 'form'),
        400,
      );
    }
  }

  @RequireRole('signedIn')
  @Get('surveys/:id')
  async survey(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.showSurvey(actor, id, req, res);
  }

  @RequireRole('signedIn')
  @Post('surveys/:id')
  async answer(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    const survey = await this.panels.survey(actor, id);
    try {
      await this.panels.respond(actor, id, { answers: answersFromForm(survey.questions, body) });
      this.pages.redirect(res, `/surveys/${id}?done=answered`);
    } catch (error) {
      const labels = new Map(survey.questions.map((q) => [`/answers/${q.key}`, q.label]));
      const errors =
        error instanceof DomainError && error.code === 'validation_failed'
          ? formErrors(
              t,
              error.errors,
              (p) => labels.get(p) ?? p.slice(1),
              undefined,
              (p) => ['choice', 'multichoice', 'yesno'].includes(survey.questions.find((q) => `/answers/${q.key}` === p)?.type ?? ''),
            )
          : null;
      if (!errors) throw error;
      await this.showSurvey(actor, id, req, res, body, errors, 400);
    }
  }

  @RequireRole('signedIn')
  @Get('surveys/:id/results')
  async results(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const survey = await this.panels.survey(actor, id);
    const back = survey.mayManage ? `/panels/${survey.panelId}` : `/surveys/${id}`;
    try {
      const results = await this.panels.results(actor, id);
      this.pages.render(req, res, 'voice/results.njk', {
        pageTitle: t('surveys.results.title', { title: results.title }),
        back,
        summary: t('surveys.results.summary', { responses: results.responses, invited: results.invited }),
        questions: results.questions.map((q) => resultView(q, t, fmt)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'results_withheld') throw error;
      // Not an error page: the reader is told why there is nothing yet, and how many have answered.
      this.pages.render(
        req,
        res,
        'voice/results.njk',
        {
          pageTitle: t('surveys.results.title', { title: survey.title }),
          back,
          withheld: t('surveys.results.withheld', { responses: survey.responses }),
        },
        403,
      );
    }
  }

  private async showPanelForm(
    actor: Actor,
    req: PageRequest,
    res: Response,
    posted: Record<string, unknown>,
    errors: FormErrors = NO_ERRORS,
    status = 200,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    const managed = (await this.units.list()).filter((u) => u.kind === 'support' && actor.managedUnitIds.includes(u.id));
    const chosen = managed.length === 1 ? managed[0].id : field(posted, 'supportUnitId');
    const unit = managed.find((u) => u.id === chosen);
    const picked = new Set(([] as unknown[]).concat(posted.memberIds ?? []));
    const people = unit ? await this.identity.activePeopleOutside(unit.id) : [];
    this.pages.render(
      req,
      res,
      'voice/panel-form.njk',
      {
        pageTitle: t('panels.form.page'),
        unit: unit ? { id: unit.id, name: unit.name } : null,
        units: managed.map((u) => ({ value: u.id, text: u.name })),
        name: field(posted, 'name'),
        people: people.map((p) => ({ value: p.id, text: p.name, hint: { text: p.email }, checked: picked.has(p.id) })),
        errors,
      },
      status,
    );
  }

  private async showPanel(
    actor: Actor,
    id: string,
    req: PageRequest,
    res: Response,
    posted: Record<string, unknown> = {},
    errors: FormErrors = NO_ERRORS,
    status = 200,
  ): Promise<void> {
    const { done } = pageQuery(req, ['done', 'survey']);
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const panel = await this.panels.panel(actor, id);
    this.pages.render(
      req,
      res,
      'voice/panel.njk',
      {
        pageTitle: panel.name,
        notice: done === 'created' ? t('panels.done.created') : done === 'sent' ? t('panels.done.sent') : null,
        panel: { id: panel.id, name: panel.name, unit: panel.supportUnit, members: panel.members.map((m) => m.name) },
        surveys: panel.surveys.map((s) => ({
          title: s.title,
          href: `/surveys/${s.id}`,
          resultsHref: `/surveys/${s.id}/results`,
          closes: fmt.day(s.closesAt),
          closed: s.closed,
          answers: t('panels.answers', { responses: s.responses, invited: s.invited }),
        })),
        values: {
          title: field(posted, 'title'),
          closesAt: field(posted, 'closesAt'),
          questions: posted.questions !== undefined ? field(posted, 'questions') : EXAMPLE_QUESTIONS,
        },
        errors,
      },
      status,
    );
  }

  private async showSurvey(
    actor: Actor,
    id: string,
    req: PageRequest,
    res: Response,
    posted: Record<string, unknown> = {},
    errors: FormErrors = NO_ERRORS,
    status = 200,
  ): Promise<void> {
    const { done } = pageQuery(req, ['done']);
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const survey = await this.panels.survey(actor, id);
    const answers = survey.mayAnswer ? answersFromForm(survey.questions, posted) : {};
    this.pages.render(
      req,
      res,
      'voice/survey.njk',
      {
        pageTitle: survey.title,
        notice: done === 'answered' ? t('surveys.done.answered') : null,
        survey: {
          id: survey.id,
          title: survey.title,
          unit: survey.supportUnit,
          closes: fmt.time(survey.closesAt),
          closed: survey.closed,
          answered: survey.answered,
          mayAnswer: survey.mayAnswer,
          mayManage: survey.mayManage,
          panelHref: `/panels/${survey.panelId}`,
          resultsHref: survey.closed || survey.mayManage ? `/surveys/${survey.id}/results` : null,
        },
        fields: survey.mayAnswer ? questionFields(survey.questions, answers, errors, t) : [],
        errors,
      },
      status,
    );
  }
}
