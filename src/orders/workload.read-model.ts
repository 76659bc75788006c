import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toIsoDate } from './domain/business-days';

/** What a deliverer's own day holds, counted over the units they deliver for. */
export interface MyWork {
  assignedToMe: number;
  /** Assigned to me and the next step is the delivering side's (accept, start, deliver). */
  waitingOnMe: number;
  dueThisWeek: number;
  overdue: number;
  /** Submitted to my units and not taken by anyone yet. */
  newInMyUnits: number;
}

/** A support unit's workload, for its lead. */
export interface UnitWorkload {
  unitId: string;
  open: number;
  unassigned: number;
  overdue: number;
  /** The submitted order waiting longest for acceptance, when one waits. */
  oldestWaiting: { id: string; reference: string; submittedAt: Date } | null;
  perPerson: Array<{ assigneeId: string; open: number; overdue: number }>;
}

const OPEN = `('submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered')`;
const IN_WORK = `('confirmed', 'in_progress')`;

/**
 * Counts for the home pages of the delivering side, in one query each, over the orders table
 * and its unit indexes. Overdue means what the order list's `overdue` filter means: due before
 * today (UTC) while confirmed or in progress.
 */
@Injectable()
export class WorkloadReadModel {
  constructor(private readonly db: DataSource) {}

  async myWork(userId: string, unitIds: string[], today = new Date()): Promise<MyWork> {
    const day = toIsoDate(today);
    const [row] = await this.db.query(
      `SELECT
         count(*) FILTER (WHERE assignee_id = $2 AND status IN ${OPEN})::int AS "assignedToMe",
         count(*) FILTER (WHERE assignee_id = $2 AND status IN ('submitted', 'confirmed', 'in_progress'))::int AS "waitingOnMe",
         count(*) FILTER (WHERE assignee_id = $2 AND status IN ${IN_WORK} AND due_date >= $3::date AND due_date < $3::date + 7)::int AS "dueThisWeek",
         count(*) FILTER (WHERE assignee_id = $2 AND status IN ${IN_WORK} AND due_date < $3::date)::int AS overdue,
         count(*) FILTER (WHERE assignee_id IS NULL AND status = 'submitted')::int AS "newInMyUnits"
       FROM orders WHERE support_unit_id = ANY($1::uuid[]) AND status IN ${OPEN}`,
      [unitIds, userId, day],
    );
    return row as MyWork;
  }

  async unitWorkload(unitId: string, today = new Date()): Promise<UnitWorkload> {
    const day = toIsoDate(today);
    const [totals, people, oldest] = await Promise.all([
      this.db.query(
        `SELECT count(*)::int AS open,
                count(*) FILTER (WHERE assignee_id IS NULL)::int AS unassigned,
                count(*) FILTER (WHERE status IN ${IN_WORK} AND due_date < $2::date)::int AS overdue
           FROM orders WHERE support_unit_id = $1 AND status IN ${OPEN}`,
        [unitId, day],
      ),
      this.db.query(
        `SELECT assignee_id AS "assigneeId", count(*)::int AS open,
                count(*) FILTER (WHERE status IN ${IN_WORK} AND due_date < $2::date)::int AS overdue
           FROM orders WHERE support_unit_id = $1 AND status IN ${OPEN} AND assignee_id IS NOT NULL
          GROUP BY assignee_id ORDER BY count(*) DESC, assignee_id`,
        [unitId, day],
      ),
      this.db.query(
        `SELECT id, reference, submitted_at AS "submittedAt" FROM orders
          WHERE support_unit_id = $1 AND status = 'submitted' ORDER BY submitted_at, id LIMIT 1`,
        [unitId],
      ),
    ]);
    return { unitId, ...totals[0], oldestWaiting: oldest[0] ?? null, perPerson: people };
  }
}
