import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feedback-loop report reads additive rollups kept per (month, service, requesting unit)
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
    const key = `"month" date NOT NULL, "service_id" uuid NOT NULL REFERENCES "services"("id"), "support_unit_id" uuid NOT NULL REFERENCES "units"("id"), "requester_unit_id" uuid NOT NULL REFERENCES "units"("id")`;
    await q.query(`CREATE TABLE "feedback_loop_rollup" (${key},
      "orders" bigint NOT NULL DEFAULT 0, "consulted" bigint NOT NULL DEFAULT 0,
      "advice_followed" bigint NOT NULL DEFAULT 0, "advice_decided" bigint NOT NULL DEFAULT 0,
      "confirmed" bigint NOT NULL DEFAULT 0, "with_change_request" bigint NOT NULL DEFAULT 0,
      "accepted" bigint NOT NULL DEFAULT 0, "first_time_right" bigint NOT NULL DEFAULT 0,
      "delivered_with_due" bigint NOT NULL DEFAULT 0, "on_time" bigint NOT NULL DEFAULT 0,
      "satisfaction_sum" bigint NOT NULL DEFAULT 0, "satisfaction_count" bigint NOT NULL DEFAULT 0,
      "purpose_yes" bigint NOT NULL DEFAULT 0, "purpose_partly" bigint NOT NULL DEFAULT 0, "purpose_count" bigint NOT NULL DEFAULT 0,
      "recommendations_issued" bigint NOT NULL DEFAULT 0, "recommendations_adopted" bigint NOT NULL DEFAULT 0,
      "recommendations_decided" bigint NOT NULL DEFAULT 0,
      PRIMARY KEY ("month", "service_id", "requester_unit_id"),
      CONSTRAINT "feedback_loop_rollup_orders_check" CHECK ("orders" >= 0)
    )`);
    await q.query(`CREATE TABLE "feedback_loop_lead_times" (${key}, "days" int NOT NULL, "orders" bigint NOT NULL,
      PRIMARY KEY ("month", "service_id", "requester_unit_id", "days"),
      CONSTRAINT "feedback_loop_lead_times_orders_check" CHECK ("orders" >= 0))`);
    await q.query(`CREATE TABLE "feedback_loop_status_time" (${key}, "status" text NOT NULL, "seconds" double precision NOT NULL,
      PRIMARY KEY ("month", "service_id", "requester_unit_id", "status"))`);
    for (const table of ['feedback_loop_rollup', 'feedback_loop_lead_times', 'feedback_loop_status_time']) {
      await q.query(`CREATE INDEX "${table}_support_unit_idx" ON "${table}" ("support_unit_id", "month")`);
      await q.query(`CREATE INDEX "${table}_requester_unit_idx" ON "${table}" ("requester_unit_id", "month")`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "feedback_loop_status_time"`);
    await q.query(`DROP TABLE "feedback_loop_lead_times"`);
    await q.query(`DROP TABLE "feedback_loop_rollup"`);
    await q.query(`DROP TABLE "order_facts"`);
  }
}
