import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feedback-loop report reads additive rollups kept per month at three grains
 * in the same transaction as every order change, so it stays fast at a million orders.
 * `order_facts` holds each order's current contribution, so a change can be applied as a delta.
 * Written by hand: these tables are read and written with SQL by the insights module only.
 */
export class FeedbackLoopRollup1795386676450 implements MigrationInterface {
  name = 'FeedbackLoopRollup1795386676450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "order_facts" (
      "order_id" uuid PRIMARY KEY REFERENCES "orders"("id") ON DELETE CASCADE,
      "month" date NOT NULL,
      "service_id" uuid NOT NULL REFERENCES "services"("id"),
      "support_unit_id" uuid NOT NULL REFERENCES "units"("id"),
      "requester_unit_id" uuid NOT NULL REFERENCES "units"("id"),
      "facts" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "order_facts_month_check" CHECK (date_trunc('month', "month") = "month")
    )`);
    // Three grains, so a query reads the coarsest rows that answer it: per (month, service),
    // per (month, requesting unit), and the fine one per (month, service, requesting unit).
    const key = `"grain" text NOT NULL, "month" date NOT NULL,
      "service_id" uuid REFERENCES "services"("id"), "support_unit_id" uuid REFERENCES "units"("id"),
      "requester_unit_id" uuid REFERENCES "units"("id"),
      CONSTRAINT "feedback_loop_rollup_grain_check" CHECK (
        ("grain" = 'service' AND "service_id" IS NOT NULL AND "support_unit_id" IS NOT NULL AND "requester_unit_id" IS NULL) OR
        ("grain" = 'requester' AND "service_id" IS NULL AND "support_unit_id" IS NULL AND "requester_unit_id" IS NOT NULL) OR
        ("grain" = 'fine' AND "service_id" IS NOT NULL AND "support_unit_id" IS NOT NULL AND "requester_unit_id" IS NOT NULL))`;
    const seconds = ORDER_STATUSES.map((s) => `"seconds_${s}" double precision NOT NULL DEFAULT 0`).join(', ');
    await q.query(`CREATE TABLE "feedback_loop_rollup" (${key},
      "orders" bigint NOT NULL DEFAULT 0, "consulted" bigint NOT NULL DEFAULT 0,
      "advice_followed" bigint NOT NULL DEFAULT 0, "advice_decided" bigint NOT NULL DEFAULT 0,
      "confirmed" bigint NOT NULL DEFAULT 0, "with_change_request" bigint NOT NULL DEFAULT 0,
      "accepted" bigint NOT NULL DEFAULT 0, "first_time_right" bigint NOT NULL DEFAULT 0,
      "delivered_with_due" bigint NOT NULL DEFAULT 0, "on_time" bigint NOT NULL DEFAULT 0,
      "satisfaction_sum" bigint NOT NULL DEFAULT 0, "satisfaction_count" bigint NOT NULL DEFAULT 0,
      "purpose_yes" bigint NOT NULL DEFAULT 0, "purpose_partly" bigint NOT NULL DEFAULT 0, "purpose_count" bigint NOT NULL DEFAULT 0,
      "recommendations_issued" bigint NOT NULL DEFAULT 0, "recommendations_adopted" bigint NOT NULL DEFAULT 0,
      "recommendations_decided" bigint NOT NULL DEFAULT 0, ${seconds},
      -- lead_time_counts[d + 1] = orders first delivered d business days after submission
      "lead_time_counts" bigint[] NOT NULL DEFAULT '{}',
      CONSTRAINT "feedback_loop_rollup_key" UNIQUE NULLS NOT DISTINCT ("grain", "month", "service_id", "requester_unit_id"),
      CONSTRAINT "feedback_loop_rollup_orders_check" CHECK ("orders" >= 0))`);
    // Managers' scopes and filters pick rows by unit or service within a grain.
    await q.query(`CREATE INDEX "feedback_loop_rollup_support_unit_idx" ON "feedback_loop_rollup" ("grain", "support_unit_id", "month")`);
    await q.query(
      `CREATE INDEX "feedback_loop_rollup_requester_unit_idx" ON "feedback_loop_rollup" ("grain", "requester_unit_id", "month")`,
    );
    await q.query(`CREATE INDEX "feedback_loop_rollup_service_idx" ON "feedback_loop_rollup" ("grain", "service_id", "month")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "feedback_loop_rollup"`);
    await q.query(`DROP TABLE "order_facts"`);
  }
}

/** Frozen copy of the statuses at the time of this migration. */
const ORDER_STATUSES = [
  'draft',
  'submitted',
  'in_consultation',
  'confirmed',
  'in_progress',
  'on_hold',
  'delivered',
  'accepted',
  'closed',
  'cancelled',
];
