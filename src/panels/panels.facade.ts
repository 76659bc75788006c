import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SurveyResponseFigure {
  supportUnitId: string;
  /** Surveys that closed in the period. */
  surveys: number;
  /** Members they were sent to, summed. */
  invited: number;
  /** Answers they got, summed. */
  responses: number;
  /** responses / invited; null when nobody was invited. */
  responseRate: number | null;
}

/** What other modules may ask of panels: the open figures' response rates (counts only, never who). */
@Injectable()
export class PanelsFacade {
  constructor(private readonly db: DataSource) {}

  async responseRates(from: string, to: string): Promise<SurveyResponseFigure[]> {
    const rows: Array<{ support_unit_id: string; surveys: number; invited: number; responses: number }> = await this.db.query(
      `SELECT p.support_unit_id, count(*)::int AS surveys, sum(s.invited)::int AS invited,
              sum((SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id))::int AS responses
         FROM surveys s JOIN panels p ON p.id = s.panel_id
        WHERE s.closes_at >= $1::date AND s.closes_at < $2::date + 1 AND s.closes_at <= now()
        GROUP BY p.support_unit_id`,
      [from, to],
    );
    return rows.map((r) => ({
      supportUnitId: r.support_unit_id,
      surveys: r.surveys,
      invited: r.invited,
      responses: r.responses,
      responseRate: r.invited ? r.responses / r.invited : null,
    }));
  }
}
