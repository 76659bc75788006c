import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../../identity/access/access.decorators';
import type { ScalarMetric } from '../../insights/domain/metrics';
import { FeedbackLoopReportService } from '../../insights/feedback-loop-report.service';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { formatMetric, metricName } from './report-page';

/** The loop's key figures, the ones that show whether ordering gets better. */
const KEY_FIGURES: ScalarMetric[] = [
  'orders',
  'leadTimeMedianDays',
  'onTimeRate',
  'adviceFollowedRate',
  'recommendationsAdopted',
  'purposeAchievedRate',
  'satisfactionAvg',
];

/**
 * Open figures: per support unit, the last 12 months (this month and the 11 before it), for
 * everyone signed in. Aggregates only: no order, no requesting unit, no link into orders.
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('figures')
export class FiguresController {
  constructor(
    private readonly report: FeedbackLoopReportService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@Req() req: PageRequest, @Res() res: Response) {
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    const rows = await this.report.openFigures(from, to);
    this.pages.render(req, res, 'managers/figures.njk', {
      pageTitle: t('figures.title'),
      lead: t('figures.lead', { from: fmt.day(from), to: fmt.day(to) }),
      heads: KEY_FIGURES.map((m) => metricName(t, m)),
      rows: rows.map((r) => ({ unit: r.group.label, values: KEY_FIGURES.map((m) => formatMetric(fmt, m, r[m]) ?? t('figures.noValue')) })),
    });
  }
}
