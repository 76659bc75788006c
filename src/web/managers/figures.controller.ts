import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Public } from '../../identity/access/access.decorators';
import type { ScalarMetric } from '../../insights/domain/metrics';
import { OPEN_FIGURE_COLUMNS, type OpenFigure } from '../../insights/domain/open-figures';
import { OpenFiguresService } from '../../insights/open-figures.service';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { formatMetric, metricName } from './report-page';

/** The figures columns after unit and month, with how each is named and formatted. */
const FIGURES = OPEN_FIGURE_COLUMNS.filter((c) => !['supportUnitId', 'supportUnit', 'month'].includes(c)) as Array<
  Exclude<(typeof OPEN_FIGURE_COLUMNS)[number], 'supportUnitId' | 'supportUnit' | 'month'>
>;

/**
 * Open figures: per support unit and month, the last 12 months (this month and the 11 before
 * it). Aggregates only: no order, no requesting unit, no link into orders; a unit's month with
 * fewer than 5 orders shows none of its figures. Readable without signing in when
 * OPEN_FIGURES=public; otherwise a sign-in first (the same rule as the API's).
 */
@ApiExcludeController()
@Public()
@Controller('figures')
export class FiguresController {
  constructor(
    private readonly figures: OpenFiguresService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@Req() req: PageRequest, @Res() res: Response) {
    if (this.config.openFigures !== 'public' && !req.actor) throw new DomainError('unauthenticated', 'Sign in to read the open figures.');
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const view = await this.figures.figures();
    const cell = (row: OpenFigure, column: (typeof FIGURES)[number]): string => {
      const value = row[column];
      if (value === null) return t('figures.noValue');
      if (column === 'digitalTakeUpRate') return `${fmt.number(value * 100, 1)} %`;
      return formatMetric(fmt, column as ScalarMetric, value) ?? t('figures.noValue');
    };
    this.pages.render(req, res, 'managers/figures.njk', {
      pageTitle: t('figures.title'),
      lead: t('figures.lead', { from: fmt.day(view.from), to: fmt.day(view.to) }),
      smallGroups: t('loop.figures.smallGroups'),
      licence: t('loop.figures.licence', { licence: view.licence }),
      heads: FIGURES.map((c) => (c === 'digitalTakeUpRate' ? t('loop.figures.digitalTakeUp') : metricName(t, c as ScalarMetric))),
      rows: view.rows.map((r) => ({ unit: r.supportUnit, month: r.month, values: FIGURES.map((c) => cell(r, c)) })),
      ideas: view.ideas.map((f) => ({
        unit: f.supportUnit,
        values: [f.ideas, f.answeredInTime, f.answeredLate, f.unanswered].map((n) => fmt.number(n)),
        rate: f.answeredInTimeRate === null ? t('figures.noValue') : `${fmt.number(f.answeredInTimeRate * 100, 1)} %`,
      })),
      surveys: view.surveys.map((f) => ({
        unit: f.supportUnit,
        values: [f.surveys, f.invited, f.responses].map((n) => fmt.number(n)),
        rate: f.responseRate === null ? t('figures.noValue') : `${fmt.number(f.responseRate * 100, 1)} %`,
      })),
    });
  }
}
