import { MigrationInterface, QueryRunner } from 'typeorm';

const STOP_REASONS = `'no_longer_needed', 'found_another_way', 'questions_too_hard', 'takes_too_long', 'other'`;

/**
 * The report learns about drafts, first responses and what stopped people:
 *
 * - `orders.stopped_by`: the requester's answer to "what stopped you?" when they cancel.
 * - `intake_facts`: one row per draft ever started, keyed by the month it was started. It has
 *   no foreign key to `orders` on purpose: a deleted draft keeps this row (ids, month and
 *   counts, no personal data) so the figures still count it as abandoned.
 * - rollup counters for drafts started and submitted, for stop reasons, and a histogram of
 *   first-response times in quarter hours (like the lead times' in days).
 *
 * Drafts of existing orders are backfilled (started = created, submitted = has a submit time);
 * first-response times of existing orders arrive as each order next changes (or with
 * `rebuildRollups` after refreshing the facts).
 */
export class IntakeAndFirstResponseInReport1795860000000 implements MigrationInterface {
  name = 'IntakeAndFirstResponseInReport1795860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "orders" ADD "stopped_by" text`);
    await q.query(`ALTER TABLE "orders" ADD CONSTRAINT "orders_stopped_by_check" CHECK ("stopped_by" IN (${STOP_REASONS}))`);
    await q.query(`CREATE TABLE "intake_facts" (
      "order_id" uuid PRIMARY KEY,
      "month" date NOT NULL,
      "service_id" uuid NOT NULL,
      "support_unit_id" uuid NOT NULL,
      "requester_unit_id" uuid NOT NULL,
      "submitted" boolean NOT NULL,
      "left_at_question" text,
      "stopped_by" text CONSTRAINT "intake_facts_stopped_by_check" CHECK ("stopped_by" IN (${STOP_REASONS})),
      "stopped_note" text CONSTRAINT "intake_facts_stopped_note_check" CHECK (length("stopped_note") <= 500),
      "deleted" boolean NOT NULL DEFAULT false,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "intake_facts_month_check" CHECK (date_trunc('month', "month") = "month"))`);
    await q.query(`CREATE INDEX "intake_facts_abandoned_idx" ON "intake_facts" ("month", "service_id") WHERE NOT "submitted"`);
    await q.query(`ALTER TABLE "feedback_loop_rollup"
      ADD "drafts_started" bigint NOT NULL DEFAULT 0,
      ADD "drafts_submitted" bigint NOT NULL DEFAULT 0,
      ADD "stopped_no_longer_needed" bigint NOT NULL DEFAULT 0,
      ADD "stopped_found_another_way" bigint NOT NULL DEFAULT 0,
      ADD "stopped_questions_too_hard" bigint NOT NULL DEFAULT 0,
      ADD "stopped_takes_too_long" bigint NOT NULL DEFAULT 0,
      ADD "stopped_other" bigint NOT NULL DEFAULT 0,
      ADD "first_response_counts" bigint[] NOT NULL DEFAULT '{}'`);
    await q.query(`INSERT INTO "intake_facts" ("order_id", "month", "service_id", "support_unit_id", "requester_unit_id", "submitted")
      SELECT id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date, service_id, support_unit_id, requester_unit_id, submitted_at IS NOT NULL
        FROM "orders"`);
    // The same drafts in the rollups, at each grain (the keys as rollup-store.ts makes them).
    for (const [grain, service, requester] of [
      ['fine', 'service_id', 'requester_unit_id'],
      ['service', 'service_id', 'NULL::uuid'],
      ['requester', 'NULL::uuid', 'requester_unit_id'],
    ]) {
      const support = grain === 'requester' ? 'NULL::uuid' : 'support_unit_id';
      await q.query(`INSERT INTO "feedback_loop_rollup" ("grain", "month", "service_id", "support_unit_id", "requester_unit_id", "drafts_started", "drafts_submitted")
        SELECT '${grain}', month, ${service}, ${support}, ${requester}, count(*), count(*) FILTER (WHERE submitted)
          FROM "intake_facts" GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT ON CONSTRAINT "feedback_loop_rollup_key" DO UPDATE
          SET "drafts_started" = EXCLUDED."drafts_started", "drafts_submitted" = EXCLUDED."drafts_submitted"`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "feedback_loop_rollup" WHERE "orders" = 0`);
    await q.query(`ALTER TABLE "feedback_loop_rollup" DROP "drafts_started", DROP "drafts_submitted", DROP "stopped_no_longer_needed",
      DROP "stopped_found_another_way", DROP "stopped_questions_too_hard", DROP "stopped_takes_too_long", DROP "stopped_other",
      DROP "first_response_counts"`);
    await q.query(`DROP TABLE "intake_facts"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "orders_stopped_by_check"`);
    await q.query(`ALTER TABLE "orders" DROP COLUMN "stopped_by"`);
  }
}
