import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry, RetentionCounts } from '../privacy/personal-data';

/** A finished order that retention may reach, and since when it is finished. */
export interface FinishedOrder {
  id: string;
  reference: string;
  serviceId: string;
  finishedAt: Date;
}

/**
 * Orders' part of export, erasure and retention. An order and what was written on it are the
 * organisation's record: an erasure keeps them (the person's id then names "Former user");
 * retention blanks the free texts people wrote on orders finished long ago.
 */
@Injectable()
export class OrdersPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = {
    // `stopped_by` matches the person-column pattern but holds what stopped a cancellation (a reason code).
    orders: ['requester_id', 'assignee_id', 'stopped_by'],
    consultation_messages: ['author_id'],
    change_requests: ['proposed_by', 'decided_by'],
    checklist_items: ['done_by'],
    status_events: ['actor_id'],
    spec_versions: ['created_by'],
    order_efforts: ['author_id'],
  };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    const q = (sql: string) => m.query(sql, [s.userId]);
    return {
      ordersPlaced: await q(
        `SELECT id, reference, service_id AS "serviceId", requester_unit_id AS "requesterUnitId", title, purpose,
                desired_date AS "desiredDate", answers, status, channel, created_at AS "createdAt", submitted_at AS "submittedAt",
                delivered_at AS "deliveredAt", closed_at AS "closedAt"
           FROM orders WHERE requester_id = $1 ORDER BY created_at, id`,
      ),
      ordersAssigned: await q(`SELECT id, reference, status FROM orders WHERE assignee_id = $1 ORDER BY created_at, id`),
      messagesWritten: await q(
        `SELECT id, order_id AS "orderId", kind, body, suggested_answers AS "suggestedAnswers", created_at AS "createdAt"
           FROM consultation_messages WHERE author_id = $1 ORDER BY created_at, id`,
      ),
      changeRequests: await q(
        `SELECT id, order_id AS "orderId", CASE WHEN proposed_by = $1 THEN 'proposed' ELSE 'decided' END AS role,
                reason, changes, status, CASE WHEN decided_by = $1 THEN decision_note END AS "decisionNote", created_at AS "createdAt", decided_at AS "decidedAt"
           FROM change_requests WHERE proposed_by = $1 OR decided_by = $1 ORDER BY created_at, id`,
      ),
      checklistItemsDone: await q(
        `SELECT order_id AS "orderId", label, done_at AS "doneAt" FROM checklist_items WHERE done_by = $1 ORDER BY done_at, id`,
      ),
      orderActions: await q(
        `SELECT order_id AS "orderId", action, from_status AS "from", to_status AS "to", note, at FROM status_events WHERE actor_id = $1 ORDER BY at, id`,
      ),
      specVersionsMade: await q(
        `SELECT order_id AS "orderId", number, created_at AS "createdAt" FROM spec_versions WHERE created_by = $1 ORDER BY created_at, id`,
      ),
      effortLogged: await q(
        `SELECT order_id AS "orderId", minutes, note, created_at AS "createdAt" FROM order_efforts WHERE author_id = $1 ORDER BY created_at, id`,
      ),
    };
  }

  /** Nothing goes: the orders, messages and decisions are the organisation's record, now of "Former user". */
  async erase(): Promise<void> {}

  /**
   * Orders closed or cancelled before their service's limit and not yet reached by retention,
   * oldest first. `yearsByService` holds the services' own limits; `defaultYears` (null: keep)
   * the rest.
   */
  async finishedBefore(
    m: EntityManager,
    now: Date,
    defaultYears: number | null,
    yearsByService: Map<string, number>,
    limit: number,
  ): Promise<FinishedOrder[]> {
    const serviceIds = [...yearsByService.keys()];
    const years = serviceIds.map((id) => yearsByService.get(id) as number);
    return m.query(
      `WITH finished AS (
         SELECT o.id, o.reference, o.service_id,
                coalesce(o.closed_at, (SELECT max(se.at) FROM status_events se WHERE se.order_id = o.id AND se.to_status = 'cancelled')) AS finished_at
           FROM orders o WHERE o.status IN ('closed', 'cancelled') AND o.retained_at IS NULL
       ), limits AS (SELECT * FROM unnest($3::uuid[], $4::int[]) AS l(service_id, years))
       SELECT f.id, f.reference, f.service_id AS "serviceId", f.finished_at AS "finishedAt"
         FROM finished f LEFT JOIN limits l ON l.service_id = f.service_id
        WHERE coalesce(l.years, $2::int) IS NOT NULL
          AND f.finished_at < $1::timestamptz - make_interval(years => coalesce(l.years, $2::int))
        ORDER BY f.finished_at, f.id LIMIT $5`,
      [now.toISOString(), defaultYears, serviceIds, years, limit],
    );
  }

  async retire(m: EntityManager, orderIds: string[], dryRun: boolean): Promise<RetentionCounts> {
    const count = async (sql: string) => Number((await m.query(sql, [orderIds]))[0].n);
    const counts: RetentionCounts = {
      messageTexts: await count(`SELECT count(*) AS n FROM consultation_messages WHERE order_id = ANY($1::uuid[]) AND body <> ''`),
      changeRequestTexts: await count(`SELECT count(*) AS n FROM change_requests WHERE order_id = ANY($1::uuid[]) AND reason <> ''`),
      effortNotes: await count(`SELECT count(*) AS n FROM order_efforts WHERE order_id = ANY($1::uuid[]) AND note IS NOT NULL`),
    };
    if (dryRun) return counts;
    await m.query(
      `UPDATE consultation_messages SET body = '', suggested_answers = NULL, decision_reason = NULL WHERE order_id = ANY($1::uuid[])`,
      [orderIds],
    );
    await m.query(`UPDATE change_requests SET reason = '', decision_note = NULL WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    await m.query(`UPDATE order_efforts SET note = NULL WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    await m.query(`UPDATE orders SET retained_at = now() WHERE id = ANY($1::uuid[])`, [orderIds]);
    return counts;
  }
}
