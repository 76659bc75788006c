import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CatalogService } from '../../catalog/catalog.service';
import { DomainError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { IDEA_DECISIONS, IDEA_FILTERS, type IdeaFilter } from '../../ideas/domain/idea-rules';
import { IdeaLinkDto, IdeaResponseDto, RaiseIdeaDto } from '../../ideas/ideas.dto';
import { IdeasService, IdeaView } from '../../ideas/ideas.service';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { FormErrors, formErrors, NO_ERRORS, parseForm } from '../http/form-errors';
import { field, PageRequest, pageLanguage } from '../http/page-request';
import { pageQuery } from '../http/page-query';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { ideaRow, ideaStatusTag, linkText } from './voice-presenter';

const LABELS: Record<string, MessageKey> = {
  '/supportUnitId': 'ideas.form.unit',
  '/serviceId': 'ideas.form.service',
  '/title': 'ideas.form.title',
  '/body': 'ideas.form.body',
  '/decision': 'ideas.answer.decision',
  '/reason': 'ideas.answer.reason',
  '/questionKey': 'ideas.linkForm.questionKey',
  '/note': 'ideas.linkForm.note',
};
const CHOICES = new Set(['/decision', '/supportUnitId']);
const DONE: Record<string, MessageKey> = {
  raised: 'ideas.done.raised',
  supported: 'ideas.done.supported',
  unsupported: 'ideas.done.unsupported',
  answered: 'ideas.done.answered',
  linked: 'ideas.done.linked',
};

function errorsOf(t: Translate, error: unknown): FormErrors {
  if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
  return formErrors(
    t,
    error.errors,
    (pointer) => (LABELS[pointer] ? t(LABELS[pointer]) : pointer.slice(1)),
    undefined,
    (pointer) => CHOICES.has(pointer),
  );
}

/** Ideas for everyone: the list, the form to raise one, and each idea's page with support and the unit's answer. */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('ideas')
export class IdeasPagesController {
  constructor(
    private readonly ideas: IdeasService,
    private readonly units: UnitsService,
    private readonly catalog: CatalogService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const q = pageQuery(req, ['supportUnitId', 'status', 'cursor']);
    const language = pageLanguage(req);
    const t = translator(language);
    const supportUnits = (await this.units.list()).filter((u) => u.kind === 'support');
    const unitId = supportUnits.some((u) => u.id === q.supportUnitId) ? q.supportUnitId : undefined;
    const status = (IDEA_FILTERS as readonly string[]).includes(q.status ?? '') ? (q.status as IdeaFilter) : undefined;
    const page = await this.ideas.list(actor, { supportUnitId: unitId, status, cursor: q.cursor, limit: 25 });
    const fmt = new Formats(language);
    const unitName = supportUnits.find((u) => u.id === unitId)?.name;
    const filterQuery = [unitId ? `supportUnitId=${unitId}` : '', status ? `status=${status}` : ''].filter(Boolean).join('&');
    this.pages.render(req, res, 'voice/ideas.njk', {
      pageTitle: unitName ? t('ideas.titleFor', { unit: unitName }) : t('ideas.title'),
      items: page.items.map((i) => ideaRow(i, t, fmt)),
      units: [
        { value: '', text: t('ideas.filter.allUnits') },
        ...supportUnits.map((u) => ({ value: u.id, text: u.name, selected: u.id === unitId })),
      ],
      statuses: [
        { value: '', text: t('ideas.filter.allStatuses') },
        ...IDEA_FILTERS.map((s) => ({ value: s, text: t(`ideas.status.${s}` as MessageKey), selected: s === status })),
      ],
      raiseHref: unitId ? `/ideas/new?supportUnitId=${unitId}` : '/ideas/new',
      nextHref: page.nextCursor ? `/ideas?${filterQuery ? `${filterQuery}&` : ''}cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  }

  @Get('new')
  async newForm(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { supportUnitId } = pageQuery(req, ['supportUnitId']);
    await this.showForm(req, res, { supportUnitId: supportUnitId ?? '' });
  }

  @Post('new')
  async raise(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const t = translator(pageLanguage(req));
    try {
      const dto = await parseForm(
        RaiseIdeaDto,
        {
          supportUnitId: field(body, 'supportUnitId'),
          serviceId: field(body, 'serviceId'),
          title: field(body, 'title'),
          body: field(body, 'body'),
        },
        { optional: ['serviceId'] },
      );
      const idea = await this.ideas.raise(actor, dto);
      this.pages.redirect(res, `/ideas/${idea.id}?done=raised`);
    } catch (error) {
      await this.showForm(req, res, body, errorsOf(t, error), 400);
    }
  }

  @Get(':id')
  async show(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.showIdea(actor, id, req, res);
  }

  @Post(':id/support')
  async support(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.ideas.support(actor, id);
    this.pages.redirect(res, `/ideas/${id}?done=supported`);
  }

  @Post(':id/unsupport')
  async unsupport(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.ideas.unsupport(actor, id);
    this.pages.redirect(res, `/ideas/${id}?done=unsupported`);
  }

  @Post(':id/response')
  async respond(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    try {
      const dto = await parseForm(
        IdeaResponseDto,
        { decision: field(body, 'decision'), reason: field(body, 'reason'), version: field(body, 'version') },
        { numbers: ['version'], optional: ['decision'] },
      );
      await this.ideas.respond(actor, id, dto);
      this.pages.redirect(res, `/ideas/${id}?done=answered`);
    } catch (error) {
      await this.showIdea(actor, id, req, res, body, errorsOf(t, error), 400);
    }
  }

  @Post(':id/links')
  async link(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    try {
      const questionKey = field(body, 'questionKey').trim();
      const dto = await parseForm(
        IdeaLinkDto,
        { kind: questionKey ? 'question' : 'service', serviceId: field(body, 'serviceId'), questionKey, note: field(body, 'note') },
        { optional: ['serviceId', 'questionKey', 'note'] },
      );
      await this.ideas.link(actor, id, dto);
      this.pages.redirect(res, `/ideas/${id}?done=linked`);
    } catch (error) {
      await this.showIdea(actor, id, req, res, body, errorsOf(t, error), 400);
    }
  }

  private async showForm(req: PageRequest, res: Response, posted: Record<string, unknown>, errors: FormErrors = NO_ERRORS, status = 200) {
    const t = translator(pageLanguage(req));
    const supportUnits = (await this.units.list()).filter((u) => u.kind === 'support');
    const names = new Map(supportUnits.map((u) => [u.id, u.name]));
    const services = (await this.catalog.list({})).items.filter((s) => s.active && names.has(s.supportUnitId));
    const chosen = field(posted, 'supportUnitId');
    this.pages.render(
      req,
      res,
      'voice/idea-form.njk',
      {
        pageTitle: t('ideas.form.title.page'),
        units: [
          { value: '', text: t('ideas.form.chooseUnit') },
          ...supportUnits.map((u) => ({ value: u.id, text: u.name, selected: u.id === chosen })),
        ],
        services: [
          { value: '', text: t('ideas.form.noService') },
          ...services
            .filter((s) => !chosen || s.supportUnitId === chosen)
            .map((s) => ({
              value: s.id,
              text: `${s.name} (${names.get(s.supportUnitId)})`,
              selected: s.id === field(posted, 'serviceId'),
            })),
        ],
        values: { title: field(posted, 'title'), body: field(posted, 'body') },
        errors,
      },
      status,
    );
  }

  private async showIdea(
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
    const idea: IdeaView = await this.ideas.get(actor, id);
    const unitServices = idea.you.mayRespond ? (await this.catalog.list({ supportUnitId: idea.supportUnitId })).items : [];
    const serviceNames = new Map(unitServices.map((s) => [s.id, s.name]));
    for (const l of idea.links) {
      if (l.serviceId && !serviceNames.has(l.serviceId)) serviceNames.set(l.serviceId, (await this.catalog.get(l.serviceId)).name);
    }
    const decision = field(posted, 'decision');
    this.pages.render(
      req,
      res,
      'voice/idea.njk',
      {
        pageTitle: idea.title,
        notice: done && DONE[done] ? t(DONE[done]) : null,
        idea: {
          id: idea.id,
          title: idea.title,
          body: idea.body,
          unit: idea.supportUnit,
          unitHref: `/ideas?supportUnitId=${idea.supportUnitId}`,
          service: idea.service,
          author: idea.author,
          raised: fmt.day(idea.createdAt),
          respondBy: fmt.day(idea.respondBy),
          unanswered: idea.unanswered,
          tag: ideaStatusTag(idea, t),
          supporters: t('ideas.supporters', { count: idea.supporters }),
          answer: idea.answer
            ? {
                decision: t(`ideas.status.${idea.answer.decision}` as MessageKey),
                reason: idea.answer.reason,
                at: fmt.day(idea.answer.answeredAt),
                late: !idea.answer.answeredInTime,
              }
            : null,
          links: idea.links.map((l) => linkText(l, serviceNames, t)),
          version: idea.version,
        },
        you: idea.you,
        decisions: IDEA_DECISIONS.map((d) => ({
          value: d,
          text: t(`ideas.status.${d}` as MessageKey),
          hint: { text: t(`ideas.answer.hint.${d}` as MessageKey) },
          checked: d === decision,
        })),
        reason: field(posted, 'reason'),
        linkServices: [
          { value: '', text: t('ideas.linkForm.chooseService') },
          ...unitServices.map((s) => ({ value: s.id, text: s.name, selected: s.id === field(posted, 'serviceId') })),
        ],
        linkValues: { questionKey: field(posted, 'questionKey'), note: field(posted, 'note') },
        errors,
      },
      status,
    );
  }
}
