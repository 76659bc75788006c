import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventPublisher } from '../events/event-publisher';
import { IdeasAnsweredFigure, ideasAnsweredInTime, IdeaStatus } from './domain/idea-rules';

/** What other modules may ask of ideas: the open figures' tally, and the scheduler's reminder. */
@Injectable()
export class IdeasFacade {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /** Ideas raised from `from` to `to` (calendar days, inclusive), answered in time per support unit. */
  async answeredInTime(from: string, to: string, now = new Date()): Promise<IdeasAnsweredFigure[]> {
    const rows: Array<{ support_unit_id: string; status: IdeaStatus; respond_by: Date; first_answered_at: Date | null }> =
      await this.db.query(
        `SELECT support_unit_id, status, respond_by, first_answered_at FROM ideas
          WHERE created_at >= $1::date AND created_at < $2::date + 1`,
        [from, to],
      );
    return ideasAnsweredInTime(
      rows.map((r) => ({
        supportUnitId: r.support_unit_id,
        status: r.status,
        respondBy: r.respond_by,
        firstAnsweredAt: r.first_answered_at,
      })),
      now,
    );
  }

  /**
   * Reminds the managers of each idea left unanswered past its response date, once: the row is
   * marked in the transaction that publishes `idea.overdue`, and a rerun finds it marked.
   */
  async remindUnanswered(limit = 1000): Promise<number> {
    return this.db.transaction(async (m) => {
      const due: Array<{ id: string; support_unit_id: string; title: string; respond_by: Date }> = await m
        .query(
          `UPDATE ideas SET overdue_reminded_at = now()
          WHERE id IN (SELECT id FROM ideas WHERE status = 'open' AND respond_by < now() AND overdue_reminded_at IS NULL
                        ORDER BY respond_by, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, support_unit_id, title, respond_by`,
          [limit],
        )
        .then((r: [typeof due, number]) => r[0]);
      for (const idea of due) {
        await this.events.publish(m, 'idea.overdue', {
          ideaId: idea.id,
          supportUnitId: idea.support_unit_id,
          title: idea.title,
          link: `/ideas/${idea.id}`,
          actorId: null,
          respondBy: idea.respond_by.toISOString(),
        });
      }
      return due.length;
    });
  }
}
