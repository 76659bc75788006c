import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Question } from '../catalog/domain/question';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BUSINESS_CALENDAR } from '../orders/business-calendar';
import { businessDaysBetween, Calendar, toIsoDate } from '../orders/domain/business-days';
import { businessHoursBetween } from '../orders/domain/business-hours';
import type { StopReason } from '../orders/domain/stop-reasons';
import { EventPublisher } from '../events/event-publisher';
import { ORDER_LIFECYCLE_EVENT_TYPES } from '../events/order-events';
import { firstResponseHours } from './domain/first-response';
import { whereDraftWasLeft } from './domain/intake';
import { DraftFacts, OrderFacts, totalsOfDraft, totalsOfOrder } from './domain/metrics';
import { FACTS_SQL, LOCK_ORDER_SQL } from './read-models';
import { applyRollupChange, OrderContribution, OrderKey, rollupChanges } from './rollup-store';

export interface FactsRow {
  id: string;
  status: string;
  service_id: string;
  support_unit_id: string;
  requester_unit_id: string;
  submitted_at: Date | null;
  delivered_at: Date | null;
  accepted_at: Date | null;
  due_date: string | null;
  events: Array<{ to: string; action: string; at: string }> | null;
  consulted: boolean;
  advice_given: number;
  advice_followed: number;
  advice_decided: number;
  change_requests: number;
  satisfaction: number | null;
  purpose_achieved: 'yes' | 'partly' | 'no' | null;
  recs_issued: number;
  recs_adopted: number;
  recs_decided: number;
  channel: 'web' | 'email' | 'api';
  effort_minutes: number | string;
  /** YYYY-MM-01: the month the draft was started. */
  started_month: string;
  stopped_by: StopReason | null;
  first_deliverer_message_at: Date | null;
  /** Only while never submitted: to find where the draft was left. */
  draft_questions: Question[] | null;
  draft_answers: unknown;
}

const INTAKE_KEYS = ['month', 'service_id', 'support_unit_id', 'requester_unit_id', 'submitted', 'stopped_by'] as const;

/** The stored row behind a draft's part of the report (`intake_facts`), which outlives a deleted draft. */
interface IntakeRow {
  month: string;
  service_id: string;
  support_unit_id: string;
  requester_unit_id: string;
  submitted: boolean;
  stopped_by: StopReason | null;
}

/**
 * Keeps each order's contribution to the feedback-loop report: recomputes the order's facts
 * from its rows, then moves the rollups by (new − old) in the caller's transaction.
 */
@Injectable()
export class OrderFactsService {
  constructor(
    @Inject(BUSINESS_CALENDAR) private readonly calendar: Calendar,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    events: EventPublisher,
  ) {
    // Every change to an order, and every decision on a recommendation it issued, moves its
    // facts: the projection follows in the same transaction, so the rollups commit with it.
    events.onEvents(ORDER_LIFECYCLE_EVENT_TYPES, (m, e) => this.refresh(m, e.payload.orderId));
    events.onSignal('order.annotated', (m, s) => this.refresh(m, s.orderId));
    events.onSignal('recommendation.decided', (m, s) => this.refresh(m, s.sourceOrderId));
  }

  /** The order's facts as its rows say now, with the keys it is reported under. */
  async factsOf(m: EntityManager, orderId: string): Promise<{ facts: OrderFacts; row: FactsRow; draft: DraftFacts } | null> {
    const [row]: FactsRow[] = await m.query(FACTS_SQL, [orderId]);
    return row ? { facts: this.toFacts(row), row, draft: draftOf(row) } : null;
  }

  async refresh(m: EntityManager, orderId: string): Promise<void> {
    // The order's row lock serialises refreshes of one order: a refresh that waited reads the
    // facts the other one committed (each statement sees the latest commit), so none is lost.
    const locked = await m.query(LOCK_ORDER_SQL, [orderId]);
    if (!locked.length) return;
    const found = await this.factsOf(m, orderId);
    if (!found) return;
    const { facts, row } = found;
    const key: OrderKey | null = facts.submittedAt
      ? {
          month: monthOf(facts.submittedAt),
          serviceId: row.service_id,
          supportUnitId: row.support_unit_id,
          requesterUnitId: row.requester_unit_id,
        }
      : null;

    const [previous]: Array<{
      month: string;
      service_id: string;
      support_unit_id: string;
      requester_unit_id: string;
      facts: SerialisedFacts;
    }> = await m.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, service_id, support_unit_id, requester_unit_id, facts FROM order_facts WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    const before = previous
      ? {
          order: {
            month: previous.month,
            serviceId: previous.service_id,
            supportUnitId: previous.support_unit_id,
            requesterUnitId: previous.requester_unit_id,
          },
          totals: totalsOfOrder(deserialise(previous.facts)),
        }
      : null;
    const after = key ? { order: key, totals: totalsOfOrder(facts) } : null;

    // The draft's part: counted in the month it was started, whether or not it was submitted.
    const [previousDraft]: IntakeRow[] = await m.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, service_id, support_unit_id, requester_unit_id, submitted, stopped_by
         FROM intake_facts WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    const draft: IntakeRow = {
      month: row.started_month,
      service_id: row.service_id,
      support_unit_id: row.support_unit_id,
      requester_unit_id: row.requester_unit_id,
      submitted: row.submitted_at !== null,
      stopped_by: row.submitted_at === null ? row.stopped_by : null,
    };
    const parts = (order: ReturnType<typeof intakePart> | null, submitted: typeof before): OrderContribution[] =>
      [submitted, order].filter((p): p is OrderContribution => p !== null);
    // A draft saved again without moving (same month, keys, submitted, stop) leaves its rows alone.
    const draftMoved = !previousDraft || INTAKE_KEYS.some((k) => previousDraft[k] !== draft[k]);
    const changes = rollupChanges(
      parts(previousDraft && draftMoved ? intakePart(previousDraft) : null, before),
      parts(draftMoved ? intakePart(draft) : null, after),
    );
    for (const change of changes) await applyRollupChange(m, change);
    await m.query(
      `INSERT INTO intake_facts (order_id, month, service_id, support_unit_id, requester_unit_id, submitted, left_at_question, stopped_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (order_id) DO UPDATE SET month = EXCLUDED.month, service_id = EXCLUDED.service_id, support_unit_id = EXCLUDED.support_unit_id,
         requester_unit_id = EXCLUDED.requester_unit_id, submitted = EXCLUDED.submitted, left_at_question = EXCLUDED.left_at_question,
         stopped_by = EXCLUDED.stopped_by, updated_at = now()`,
      [
        orderId,
        draft.month,
        draft.service_id,
        draft.support_unit_id,
        draft.requester_unit_id,
        draft.submitted,
        draft.submitted || !row.draft_questions ? null : whereDraftWasLeft(row.draft_questions, row.draft_answers),
        draft.stopped_by,
      ],
    );

    if (key) {
      await m.query(
        `INSERT INTO order_facts (order_id, month, service_id, support_unit_id, requester_unit_id, facts, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (order_id) DO UPDATE SET month = EXCLUDED.month, service_id = EXCLUDED.service_id,
           support_unit_id = EXCLUDED.support_unit_id, requester_unit_id = EXCLUDED.requester_unit_id, facts = EXCLUDED.facts, updated_at = now()`,
        [orderId, key.month, key.serviceId, key.supportUnitId, key.requesterUnitId, JSON.stringify(serialise(facts))],
      );
    } else if (previous) {
      await m.query('DELETE FROM order_facts WHERE order_id = $1', [orderId]);
    }
  }

  toFacts(row: FactsRow): OrderFacts {
    const events = row.events ?? [];
    const secondsInStatus: Record<string, number> = {};
    for (let i = 0; i + 1 < events.length; i++) {
      const seconds = (Date.parse(events[i + 1].at) - Date.parse(events[i].at)) / 1000;
      secondsInStatus[events[i].to] = (secondsInStatus[events[i].to] ?? 0) + Math.max(0, seconds);
    }
    const submittedAt = row.submitted_at ? new Date(row.submitted_at) : null;
    const deliveredAt = row.delivered_at ? new Date(row.delivered_at) : null;
    return {
      orderId: row.id,
      submittedAt,
      status: row.status,
      consulted: row.consulted,
      adviceGiven: Number(row.advice_given),
      adviceFollowed: Number(row.advice_followed),
      adviceDecided: Number(row.advice_decided),
      changeRequests: Number(row.change_requests),
      deliveredAt,
      acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
      reopened: events.some((e) => e.action === 'reopen'),
      dueDate: row.due_date,
      // Whole business days from submission to first delivery.
      leadTimeDays:
        submittedAt && deliveredAt ? Math.max(0, businessDaysBetween(toIsoDate(submittedAt), toIsoDate(deliveredAt), this.calendar)) : null,
      satisfaction: row.satisfaction,
      purposeAchieved: row.purpose_achieved,
      recommendationsIssued: Number(row.recs_issued),
      recommendationsAdopted: Number(row.recs_adopted),
      recommendationsDecided: Number(row.recs_decided),
      secondsInStatus,
      channel: row.channel,
      effortMinutes: Number(row.effort_minutes),
      firstResponseHours: this.firstResponse(submittedAt, row, events),
      stoppedBy: row.stopped_by,
    };
  }

  /** Business hours to the delivering side's first message or acceptance, in office hours (OFFICE_HOURS). */
  private firstResponse(submittedAt: Date | null, row: FactsRow, events: Array<{ to: string; action: string; at: string }>): number | null {
    const accepted = events.find((e) => e.action === 'accept');
    const candidates = [row.first_deliverer_message_at, accepted?.at]
      .filter((t): t is Date | string => !!t)
      .map((t) => new Date(t).getTime());
    if (!candidates.length) return null;
    return firstResponseHours(submittedAt, new Date(Math.min(...candidates)), events, (from, to) =>
      businessHoursBetween(from, to, this.calendar, this.config.officeHours),
    );
  }
}

export type SerialisedFacts = Omit<OrderFacts, 'submittedAt' | 'deliveredAt' | 'acceptedAt'> & {
  submittedAt: string | null;
  deliveredAt: string | null;
  acceptedAt: string | null;
};

function serialise(f: OrderFacts): SerialisedFacts {
  return {
    ...f,
    submittedAt: f.submittedAt?.toISOString() ?? null,
    deliveredAt: f.deliveredAt?.toISOString() ?? null,
    acceptedAt: f.acceptedAt?.toISOString() ?? null,
  };
}

export function deserialise(f: SerialisedFacts): OrderFacts {
  const date = (s: string | null) => (s ? new Date(s) : null);
  return { ...f, submittedAt: date(f.submittedAt), deliveredAt: date(f.deliveredAt), acceptedAt: date(f.acceptedAt) };
}

function draftOf(row: FactsRow): DraftFacts {
  return { submitted: row.submitted_at !== null, stoppedBy: row.submitted_at === null ? row.stopped_by : null };
}

/** A draft's part of the report: started, submitted or not, and what stopped it. */
export function intakePart(row: IntakeRow): OrderContribution {
  const facts: DraftFacts = { submitted: row.submitted, stoppedBy: row.stopped_by };
  return {
    order: { month: row.month, serviceId: row.service_id, supportUnitId: row.support_unit_id, requesterUnitId: row.requester_unit_id },
    totals: totalsOfDraft(facts),
  };
}

function monthOf(d: Date): string {
  return `${d.toISOString().slice(0, 7)}-01`;
}
