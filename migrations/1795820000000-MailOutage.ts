import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Riding through an outage of the mail server or a webhook receiver (issue 28).
 *
 * - `outbound_mails` becomes the mail queue: `next_attempt_at` says when a waiting mail may be
 *   tried (and, pushed ahead while a worker holds it, is its lease); `kind` and `order_id` say
 *   what it is about, so a reminder that no longer applies can be dropped; `dropped` with a
 *   `dropped_reason` records a mail that waited too long, or outlived its reason, instead of
 *   sending it late.
 * - `delivery_breakers`: one row per transport (`mail:smtp`) and webhook host: closed, or open
 *   with the time of the next probe. Shared by every instance (docs/decisions/0013).
 */
export class MailOutage1795820000000 implements MigrationInterface {
  name = 'MailOutage1795820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbound_mails"
      ADD COLUMN "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      ADD COLUMN "kind" text,
      ADD COLUMN "order_id" uuid,
      ADD COLUMN "dropped_reason" text CHECK ("dropped_reason" IN ('too_old', 'outdated'))`);
    await q.query(`ALTER TABLE "outbound_mails" DROP CONSTRAINT "outbound_mails_status_check"`);
    await q.query(`ALTER TABLE "outbound_mails" ADD CONSTRAINT "outbound_mails_status_check"
      CHECK ("status" IN ('pending', 'sent', 'kept', 'failed', 'dropped'))`);
    await q.query(`ALTER TABLE "outbound_mails" ADD CONSTRAINT "outbound_mails_dropped_has_reason"
      CHECK (("status" = 'dropped') = ("dropped_reason" IS NOT NULL))`);
    await q.query(
      `CREATE INDEX "outbound_mails_waiting_idx" ON "outbound_mails" ("next_attempt_at", "created_at") WHERE "status" = 'pending'`,
    );
    await q.query(`CREATE TABLE "delivery_breakers" (
      "key" text PRIMARY KEY,
      "channel" text NOT NULL CHECK ("channel" IN ('mail', 'webhook')),
      "target" text NOT NULL,
      "state" text NOT NULL DEFAULT 'closed' CHECK ("state" IN ('closed', 'open')),
      "consecutive_failures" integer NOT NULL DEFAULT 0 CHECK ("consecutive_failures" >= 0),
      "probe_interval_ms" integer NOT NULL DEFAULT 0 CHECK ("probe_interval_ms" >= 0),
      "opened_at" TIMESTAMP WITH TIME ZONE,
      "next_probe_at" TIMESTAMP WITH TIME ZONE,
      "last_error" text,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CHECK (("state" = 'open') = ("opened_at" IS NOT NULL AND "next_probe_at" IS NOT NULL)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "delivery_breakers"`);
    await q.query(`DROP INDEX "outbound_mails_waiting_idx"`);
    await q.query(`UPDATE "outbound_mails" SET "status" = 'failed', "error" = 'dropped: ' || "dropped_reason" WHERE "status" = 'dropped'`);
    await q.query(`ALTER TABLE "outbound_mails" DROP CONSTRAINT "outbound_mails_dropped_has_reason"`);
    await q.query(`ALTER TABLE "outbound_mails" DROP CONSTRAINT "outbound_mails_status_check"`);
    await q.query(
      `ALTER TABLE "outbound_mails" ADD CONSTRAINT "outbound_mails_status_check" CHECK ("status" IN ('pending', 'sent', 'kept', 'failed'))`,
    );
    await q.query(
      `ALTER TABLE "outbound_mails" DROP COLUMN "dropped_reason", DROP COLUMN "order_id", DROP COLUMN "kind", DROP COLUMN "next_attempt_at"`,
    );
  }
}
