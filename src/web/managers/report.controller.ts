import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { UnitsService } from '../../identity/units.service';
import type { ScalarMetric } from '../../insights/domain/metrics';
import { AbandonedAt, FeedbackLoopReportService, ReportRow, reportCsv } from '../../insights/feedback-loop-report.service';
import { STOP_REASONS } from '../../orders/domain/stop-reasons';
import { renderBarChart } from '../../insights/report-chart';
import { FeedbackLoopChartQueryDto, GROUP_BY, GroupBy } from '../../insights/report.dto';
import { OrderQueries } from '../../orders/order-queries.service';
import { OrderQueryDto } from '../../orders/orders.dto';
import { statusTag } from '../deliverer/status-tag';
import { formErrors, NO_ERRORS, parseForm } from '../http/form-errors';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, translator } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { PageRenderer } from '../render/page-renderer';
import { formatMetric, isValidation, METRICS, metricName, statusesOf } from './report-page';
import { pageQuery } from '../http/page-query';

/** The report's filters, named as the API's `GET /api/v1/reports/feedback-loop` names them. */
const FILTERS = ['groupBy', 'from', 'to', 'supportUnitId', 'serviceId', 'requesterUnitId', 'metric'] as const;
const ORDER_FILTERS = ['supportUnitId', 'serviceId', 'requesterUnitId', 'submittedFrom', 'submittedTo', 'cursor'] as const;

/**
 * The managers' review of the feedback loop: the API's report (the same service, so the same
 * scope: an admin sees every unit, a manager the units they manage), as a chart with its numbers
 * in a table, every metric per group, drill-down and the same CSV.
 */
@ApiExcludeController()
@RequireRole('manager')
@Controller('reports')
export class ReportController {
  constructor(
    private readonly report: FeedbackLoopReportService,
    private readonly orders: OrderQueries,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const values = pageQuery(req, FILTERS);
    let query: FeedbackLoopChartQueryDto = {};
    let rows: ReportRow[] = [];
    let abandonedAt: AbandonedAt[] = [];
    let errors = NO_ERRORS;
    try {
      query = await parseForm(FeedbackLoopChartQueryDto, values, { optional: [...FILTERS] });
      const { metric: _metric, ...filters } = query;
      ({ rows, abandonedAt } = await this.report.report(actor, filters));
    } catch (error) {
      if (!isValidation(error)) throw error;
      const label = (pointer: string) =>
        pointer === '/from'
          ? t('report.from')
          : pointer === '/to'
            ? t('report.to')
            : pointer === '/groupBy'
              ? t('report.groupBy')
              : t('report.metric');
      // The one rule across fields (the period's order) gets its own words; the rest the API's, translated.
      const reversed = error.errors.some((e) => e.code === 'notBefore');
      errors = reversed
        ? { list: [{ text: t('report.invalidPeriod'), href: '#to' }], byField: { to: { text: t('report.invalidPeriod') } } }
        : formErrors(t, error.errors, label);
    }
    const groupBy: GroupBy = query.groupBy ?? 'month';
    const metric: ScalarMetric = query.metric ?? 'orders';
    const filters: Record<string, string> = {
      groupBy: errors.list.length ? String(values.groupBy ?? '') : (query.groupBy ?? ''),
      from: String(values.from ?? ''),
      to: String(values.to ?? ''),
      supportUnitId: query.supportUnitId ?? '',
      serviceId: query.serviceId ?? '',
      requesterUnitId: query.requesterUnitId ?? '',
      metric: query.metric ?? '',
    };
    const link = (base: string, changes: Record<string, string>) => {
      const params = new URLSearchParams(Object.entries({ ...filters, ...changes }).filter(([, v]) => v));
      const search = params.toString();
      return search ? `${base}?${search}` : base;
    };
    const unitName = new Map((await this.units.list()).map((u) => [u.id, u.name]));
    const filteredBy = query.supportUnitId
      ? unitName.get(query.supportUnitId)
      : query.requesterUnitId
        ? unitName.get(query.requesterUnitId)
        : null;

    // Drill-down: a support unit to its services; a service or a requesting unit to the orders behind it; a month to its services.
    const drill = (row: ReportRow): { href: string; text: string } | null => {
      const name = row.group.label;
      if (groupBy === 'supportUnit')
        return { href: link('/reports', { groupBy: 'service', supportUnitId: row.group.key }), text: t('report.drill.services', { name }) };
      if (groupBy === 'month') {
        const [y, m] = row.group.key.split('-').map(Number);
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        return {
          href: link('/reports', { groupBy: 'service', from: `${row.group.key}-01`, to: `${row.group.key}-${last}` }),
          text: t('report.drill.services', { name }),
        };
      }
      const key = groupBy === 'service' ? 'serviceId' : 'requesterUnitId';
      const params = new URLSearchParams(
        Object.entries({
          supportUnitId: filters.supportUnitId,
          serviceId: filters.serviceId,
          requesterUnitId: filters.requesterUnitId,
          // The report counts whole months of submission: the orders behind a figure are those of the same months.
          submittedFrom: query.from ? `${query.from.slice(0, 7)}-01` : '',
          submittedTo: query.to ? lastDayOfMonth(query.to) : '',
          [key]: row.group.key,
        }).filter(([, v]) => v),
      );
      return { href: `/reports/orders?${params.toString()}`, text: t('report.drill.orders', { name }) };
    };

    const statuses = statusesOf(rows);
    const metricText = metricName(t, metric);
    this.pages.render(
      req,
      res,
      'managers/report.njk',
      {
        pageTitle: t('report.title'),
        errors,
        filters,
        filteredBy: filteredBy ? t('report.filteredBy', { name: filteredBy }) : null,
        clearHref: '/reports',
        nextHref: query.supportUnitId ? `/reports/next?supportUnitId=${query.supportUnitId}` : null,
        groupOptions: GROUP_BY.map((g) => ({ value: g, text: t(`report.groupBy.${g}` as MessageKey), selected: g === groupBy })),
        metricOptions: METRICS.map((m) => ({ value: m, text: metricName(t, m), selected: m === metric })),
        grouping: t(`report.groupBy.${groupBy}` as MessageKey).toLowerCase(),
        metricText,
        chart: errors.list.length
          ? null
          : renderBarChart(
              metric,
              rows.map((r) => ({ label: r.group.label, value: r[metric] })),
              {
                title: metricText,
                description: t('report.chartDescription', { metric: metricText }),
                noData: t('report.noData'),
                empty: t('report.empty'),
                format: (m, v) => formatMetric(fmt, m, v) ?? '',
              },
            ),
        chartRows: rows.map((r) => ({ label: r.group.label, value: formatMetric(fmt, metric, r[metric]) ?? t('report.noData') })),
        metricHeads: METRICS.map((m) => metricName(t, m)),
        rows: rows.map((r) => ({
          label: r.group.label,
          drill: r.orders > 0 ? drill(r) : null,
          values: METRICS.map((m) => formatMetric(fmt, m, r[m]) ?? '–'),
          statuses: statuses.map((s) => (r.timeInStatusDays[s] === undefined ? '–' : fmt.number(r.timeInStatusDays[s], 2))),
        })),
        statusHeads: statuses.map((s) => t(`status.${s}` as MessageKey)),
        abandonedAt: abandonedAt.map((a) => ({
          service: a.service,
          question: a.questionKey ?? t('loop.abandoned.allAnswered'),
          drafts: fmt.number(a.drafts, 0),
        })),
        stoppedBy: rows.some((r) => STOP_REASONS.some((reason) => r.stoppedBy[reason] > 0))
          ? STOP_REASONS.map((reason) => ({
              answer: t(`stop.${reason}`),
              count: fmt.number(
                rows.reduce((sum, r) => sum + r.stoppedBy[reason], 0),
                0,
              ),
            }))
          : [],
        csvHref: link('/reports/feedback-loop.csv', { metric: '' }),
      },
      errors.list.length ? 400 : 200,
    );
  }

  /** The same CSV as the API's, for the same filters: a link a browser can follow with its session. */
  @Get('feedback-loop.csv')
  async csv(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const query = await parseForm(FeedbackLoopChartQueryDto, pageQuery(req, FILTERS), { optional: [...FILTERS] });
    const { metric: _metric, ...filters } = query;
    const { rows } = await this.report.report(actor, filters);
    res
      .status(200)
      .setHeader('Content-Type', 'text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="feedback-loop.csv"')
      .send(reportCsv(rows));
  }

  /** The orders behind a figure: the API's order list with the group's filters, as the caller may see it. */
  @Get('orders')
  async ordersBehind(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response) {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const query = await parseForm(OrderQueryDto, pageQuery(req, ORDER_FILTERS), { optional: [...ORDER_FILTERS] });
    const page = await this.orders.list(actor, { ...query, limit: 25 });
    const unitName = new Map((await this.units.list()).map((u) => [u.id, u.name]));
    const params = new URLSearchParams(
      Object.entries({
        supportUnitId: query.supportUnitId,
        serviceId: query.serviceId,
        requesterUnitId: query.requesterUnitId,
        submittedFrom: query.submittedFrom,
        submittedTo: query.submittedTo,
      }).filter((e): e is [string, string] => !!e[1]),
    );
    this.pages.render(req, res, 'managers/report-orders.njk', {
      pageTitle: t('reportOrders.title'),
      rows: page.items
        .filter((o) => o.status !== 'draft')
        .map((o) => ({
          href: `/orders/${o.id}`,
          reference: o.reference,
          title: o.title,
          requester: unitName.get(o.requesterUnitId) ?? '',
          status: statusTag(t, o.status),
          due: o.dueDate ? fmt.day(o.dueDate) : '',
        })),
      nextHref: page.nextCursor ? `/reports/orders?${new URLSearchParams([...params, ['cursor', page.nextCursor]]).toString()}` : null,
    });
  }
}

/** The last day of the month of a YYYY-MM-DD day. */
function lastDayOfMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return `${day.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
