import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import { FeedbackLoopReportService } from '../../insights/feedback-loop-report.service';
import { LoopPatternsService } from '../../insights/loop-patterns.service';
import { ServiceNoteDto } from '../../catalog/catalog.dto';
import { SERVICE_DECISIONS } from '../../catalog/domain/service-decisions';
import { ServiceNotesService } from '../../catalog/service-notes.service';
import { UnitCostDto } from '../../insights/report.dto';
import { UnitCostsService } from '../../insights/unit-costs.service';
import { FormErrors, formErrors, NO_ERRORS, parseForm } from '../http/form-errors';
import { field } from '../http/page-request';
import { OrderQueries } from '../../orders/order-queries.service';
import { RecommendationsService } from '../../retrospectives/recommendations.service';
import { RetrospectivesService } from '../../retrospectives/retrospectives.service';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, translator } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { PageRenderer } from '../render/page-renderer';
import { formatMetric } from './report-page';
import { pageQuery } from '../http/page-query';
import { IdeasService } from '../../ideas/ideas.service';
import { PanelsService } from '../../panels/panels.service';
import { ideaRow } from '../voice/voice-presenter';

/**
 * What the loop says next for one support unit its manager (or an admin) leads: the open
 * recommendations by requesting unit and category, the questionnaire backlog with a way into
 * the questionnaire editor, advice followed per service (from the report), and the orders whose
 * purpose was not achieved, each with its retrospective.
 */
@ApiExcludeController()
@RequireRole('manager')
@Controller('reports/next')
export class LoopNextController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly report: FeedbackLoopReportService,
    private readonly orders: OrderQueries,
    private readonly retrospectives: RetrospectivesService,
    private readonly units: UnitsService,
    private readonly costs: UnitCostsService,
    private readonly ideas: IdeasService,
    private readonly panels: PanelsService,
    private readonly pages: PageRenderer,
    private readonly loopPatterns: LoopPatternsService,
    private readonly notes: ServiceNotesService,
  ) {}

  /** A manager's decision on a service, recorded as a note on it (the same service as POST /api/v1/services/:id/notes). */
  @Post('notes')
  async recordDecision(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const unitId = field(body, 'unitId');
    const serviceId = field(body, 'serviceId');
    try {
      const dto = await parseForm(ServiceNoteDto, { decision: field(body, 'decision'), text: field(body, 'text') });
      await this.notes.add(actor, serviceId, dto);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const t = translator(pageLanguage(req));
      const errors = formErrors(
        t,
        error.errors.map((e) =>
          e.pointer === '/decision' && !field(body, 'decision') ? { ...e, code: 'required' as const, params: undefined } : e,
        ),
        (p) => (p === '/decision' ? t('patterns.decision') : t('patterns.text')),
        (p) => `note-${serviceId}-${p === '/decision' ? 'decision' : 'text'}`,
        (p) => p === '/decision',
      );
      return this.renderPage(
        actor,
        req,
        res,
        unitId,
        { errors, typed: null, note: { serviceId, decision: field(body, 'decision'), text: field(body, 'text') } },
        400,
      );
    }
    this.pages.redirect(res, `/reports/next?supportUnitId=${encodeURIComponent(unitId)}&saved=note#service-${serviceId}`);
  }

  /** The unit's hourly cost, which turns the effort logged on its orders into the report's cost per order; empty clears it. */
  @Post('hourly-cost')
  async setHourlyCost(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const unitId = field(body, 'unitId');
    const typed = field(body, 'hourlyCost').trim();
    try {
      const dto = await parseForm(UnitCostDto, { hourlyCost: typed === '' ? null : typed.replace(',', '.') }, { numbers: ['hourlyCost'] });
      await this.costs.set(actor, unitId, dto.hourlyCost);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      const t = translator(pageLanguage(req));
      const errors = formErrors(
        t,
        error.errors,
        () => t('loop.cost.label'),
        () => 'hourly-cost',
      );
      return this.renderPage(actor, req, res, unitId, { errors, typed }, 400);
    }
    this.pages.redirect(res, `/reports/next?supportUnitId=${encodeURIComponent(unitId)}&saved=hourly-cost#hourly-cost-form`);
  }

  @Get()
  async show(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const { supportUnitId, saved } = pageQuery(req, ['supportUnitId', 'saved']);
    await this.renderPage(actor, req, res, supportUnitId, {
      errors: NO_ERRORS,
      typed: null,
      saved: saved === 'hourly-cost',
      noteSaved: saved === 'note',
    });
  }

  private async renderPage(
    actor: Actor,
    req: PageRequest,
    res: Response,
    supportUnitId: string | undefined,
    form: {
      errors: FormErrors;
      typed: string | null;
      saved?: boolean;
      noteSaved?: boolean;
      note?: { serviceId: string; decision: string; text: string };
    } = { errors: NO_ERRORS, typed: null },
    status = 200,
  ) {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const allUnits = await this.units.list();
    const unitName = new Map(allUnits.map((u) => [u.id, u.name]));
    const led = allUnits.filter((u) => u.kind === 'support' && (actor.isAdmin || actor.managedUnitIds.includes(u.id)));
    const unitId = supportUnitId ?? led[0]?.id;
    if (!unitId || !led.some((u) => u.id === unitId)) throw new DomainError('forbidden', 'You do not lead this support unit.');

    const open = (await this.recommendations.list(actor, { unitId, status: 'open', limit: 200 })).items.filter(
      (r) => r.supportUnitId === unitId,
    );
    const groups = new Map<string, { unit: string; category: string; items: typeof open }>();
    for (const r of open.filter((r) => r.category !== 'questionnaire')) {
      const key = `${r.targetUnitId}/${r.category}`;
      if (!groups.has(key))
        groups.set(key, { unit: unitName.get(r.targetUnitId) ?? '', category: t(`category.${r.category}` as MessageKey), items: [] });
      groups.get(key)!.items.push(r);
    }
    const { rows: services } = await this.report.report(actor, { supportUnitId: unitId, groupBy: 'service' });
    const notAchieved = [];
    for (const orderId of await this.report.purposeNotAchieved(unitId)) {
      const [order, retrospective] = await Promise.all([this.orders.get(actor, orderId), this.retrospectives.ofOrder(actor, orderId)]);
      notAchieved.push({
        href: `/orders/${order.id}`,
        reference: order.reference,
        title: order.title,
        purpose: order.purpose,
        outcome: retrospective?.outcome ?? null,
        assessment: retrospective?.purposeAssessment ?? null,
      });
    }

    // The customers' voice beside the recommendations: open ideas by service (most supported
    // first, unanswered ones marked), and the unit's panel surveys with their results.
    const openIdeas = (await this.ideas.list(actor, { supportUnitId: unitId, status: 'open', limit: 200 })).items.sort(
      (a, b) => Number(b.unanswered) - Number(a.unanswered) || b.supporters - a.supporters,
    );
    const ideaGroups = new Map<string, { service: string; items: ReturnType<typeof ideaRow>[] }>();
    for (const idea of openIdeas) {
      const key = idea.serviceId ?? '';
      if (!ideaGroups.has(key)) ideaGroups.set(key, { service: idea.service ?? t('ideas.noService'), items: [] });
      ideaGroups.get(key)!.items.push(ideaRow(idea, t, fmt));
    }
    const surveys = (await this.panels.list(actor))
      .filter((p) => p.supportUnitId === unitId)
      .flatMap((p) =>
        p.surveys.map((s) => ({
          title: s.title,
          panel: p.name,
          answers: t('panels.answers', { responses: s.responses, invited: s.invited }),
          closed: s.closed,
          resultsHref: `/surveys/${s.id}/results`,
        })),
      );

    const cost = await this.costs.get(actor, unitId);
    const { services: patterns } = await this.loopPatterns.patterns(actor, unitId);
    this.pages.render(
      req,
      res,
      'managers/loop-next.njk',
      {
        unitId,
        hourlyCost: form.typed ?? (cost.hourlyCost === null ? '' : String(cost.hourlyCost)),
        costSaved: form.saved === true,
        errors: form.errors,
        pageTitle: t('next.title', { unit: unitName.get(unitId) ?? '' }),
        unitOptions: led.length > 1 ? led.map((u) => ({ value: u.id, text: u.name, selected: u.id === unitId })) : null,
        groups: [...groups.values()]
          .sort((a, b) => a.unit.localeCompare(b.unit) || a.category.localeCompare(b.category))
          .map((g) => ({
            ...g,
            items: g.items.map((r) => ({ text: r.text, rationale: r.rationale, orderHref: `/orders/${r.sourceOrderId}` })),
          })),
        backlog: open
          .filter((r) => r.category === 'questionnaire')
          .map((r) => ({
            text: r.text,
            rationale: r.rationale,
            unit: unitName.get(r.targetUnitId) ?? '',
            editorHref: r.targetServiceId ? `/catalog/services/${r.targetServiceId}/questionnaire?fromRecommendation=${r.id}` : null,
          })),
        advice: services.map((s) => ({
          service: s.group.label,
          rate: formatMetric(fmt, 'adviceFollowedRate', s.adviceFollowedRate) ?? t('report.noData'),
        })),
        notAchieved,
        ideaGroups: [...ideaGroups.values()].sort((a, b) => a.service.localeCompare(b.service)),
        ideasHref: `/ideas?supportUnitId=${unitId}`,
        surveys,
        noteSaved: form.noteSaved === true,
        patterns: patterns.map((p) => {
          const typed = form.note?.serviceId === p.serviceId ? form.note : null;
          return {
            serviceId: p.serviceId,
            service: p.service,
            declinedTitle: t('patterns.declined', { n: p.declined.length }),
            declined: p.declined.map((d) => ({
              text: d.text,
              reason: d.reason,
              href: `/orders/${d.orderId}#retrospective`,
              reference: d.reference,
            })),
            notAchievedTitle: t('patterns.notAchieved', { n: p.notAchieved.length }),
            notAchieved: p.notAchieved.map((n) => ({
              href: `/orders/${n.orderId}#retrospective`,
              link: t('patterns.retrospective', { reference: n.reference }),
              title: n.title,
              purpose: n.purpose,
              outcome: n.outcome ?? t('patterns.noOutcome'),
            })),
            notes: p.notes.map((n) => ({
              decision: t(`patterns.decision.${n.decision}`),
              text: n.text,
              at: fmt.day(n.createdAt.toISOString().slice(0, 10)),
            })),
            decisionItems: SERVICE_DECISIONS.map((d) => ({ value: d, text: t(`patterns.decision.${d}`), checked: typed?.decision === d })),
            typedText: typed?.text ?? '',
          };
        }),
        reportHref: `/reports?groupBy=service&supportUnitId=${unitId}`,
      },
      status,
    );
  }
}
