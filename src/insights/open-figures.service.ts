import { Injectable } from '@nestjs/common';
import { invalid } from '../common/domain-error';
import { OPEN_FIGURES_LICENCE, OPEN_FIGURES_SCHEMA, OpenFigure, openFigure } from './domain/open-figures';
import { FeedbackLoopReportService } from './feedback-loop-report.service';

export interface OpenFiguresView {
  schema: string;
  licence: string;
  from: string;
  to: string;
  rows: OpenFigure[];
}

/** The open figures per support unit and month, from the report's rollups (as fast as the report). */
@Injectable()
export class OpenFiguresService {
  constructor(private readonly report: FeedbackLoopReportService) {}

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
    return { schema: OPEN_FIGURES_SCHEMA, licence: OPEN_FIGURES_LICENCE, from, to, rows };
  }
}
