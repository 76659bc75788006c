import { Injectable } from '@nestjs/common';
import { invalid } from '../common/domain-error';
import type { IdeasAnsweredFigure } from '../ideas/domain/idea-rules';
import { IdeasFacade } from '../ideas/ideas.facade';
import { PanelsFacade, SurveyResponseFigure } from '../panels/panels.facade';
import { OPEN_FIGURES_LICENCE, OPEN_FIGURES_SCHEMA, OpenFigure, openFigure } from './domain/open-figures';
import { IdentityFacade } from '../identity/identity.facade';
import { FeedbackLoopReportService } from './feedback-loop-report.service';

export interface OpenFiguresView {
  schema: string;
  licence: string;
  from: string;
  to: string;
  rows: OpenFigure[];
  /** Ideas raised in the period per support unit, and how many were answered by their response date. */
  ideas: Array<IdeasAnsweredFigure & { supportUnit: string }>;
  /** Surveys that closed in the period per support unit, with their response rate. */
  surveys: Array<SurveyResponseFigure & { supportUnit: string }>;
}

/** The open figures per support unit and month, from the report's rollups (as fast as the report). */
@Injectable()
export class OpenFiguresService {
  constructor(
    private readonly report: FeedbackLoopReportService,
    private readonly ideas: IdeasFacade,
    private readonly panels: PanelsFacade,
    private readonly identity: IdentityFacade,
  ) {}

  /** Default period: this month and the eleven before it. */
  async figures(query: { from?: string; to?: string } = {}, now = new Date()): Promise<OpenFiguresView> {
    const from = query.from ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
    const to = query.to ?? now.toISOString().slice(0, 10);
    if (from > to) throw invalid('/to', 'notBefore', 'must not be before from', { other: 'from' });
    const rows = (await this.report.openFiguresByMonth(from, to))
      .map((r) => {
        const [supportUnitId, month] = r.group.key.split('|');
        return openFigure({ supportUnitId, supportUnit: r.group.label, month }, r);
      })
      .sort(
        (a, b) =>
          a.supportUnit.localeCompare(b.supportUnit) || a.supportUnitId.localeCompare(b.supportUnitId) || a.month.localeCompare(b.month),
      );
    const [ideas, surveys] = await Promise.all([this.ideas.answeredInTime(from, to, now), this.panels.responseRates(from, to)]);
    const names = new Map<string, string>();
    for (const id of new Set([...ideas, ...surveys].map((f) => f.supportUnitId))) names.set(id, (await this.identity.unit(id))?.name ?? '');
    const named = <T extends { supportUnitId: string }>(list: T[]) =>
      list
        .map((f) => ({ ...f, supportUnit: names.get(f.supportUnitId) ?? '' }))
        .sort((a, b) => a.supportUnit.localeCompare(b.supportUnit) || a.supportUnitId.localeCompare(b.supportUnitId));
    return { schema: OPEN_FIGURES_SCHEMA, licence: OPEN_FIGURES_LICENCE, from, to, rows, ideas: named(ideas), surveys: named(surveys) };
  }
}
