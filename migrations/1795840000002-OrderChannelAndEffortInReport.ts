import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders carry the channel their draft was started from (`web` for what came before: the pages
 * were the only way in besides the API, which did not say); the report's rollups add up the
 * effort logged and the orders per channel. Existing facts have neither, so they count as web
 * with no effort until their order next changes (or `rebuildRollups` after refreshing facts).
 */
export class OrderChannelAndEffortInReport1795840000002 implements MigrationInterface {
  name = 'OrderChannelAndEffortInReport1795840000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "orders" ADD "channel" text NOT NULL DEFAULT 'web'`);
    await q.query(`ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_check" CHECK ("channel" IN ('web', 'email', 'api'))`);
    await q.query(`ALTER TABLE "feedback_loop_rollup"
      ADD "effort_minutes" bigint NOT NULL DEFAULT 0,
      ADD "orders_with_effort" bigint NOT NULL DEFAULT 0,
      ADD "channel_web" bigint NOT NULL DEFAULT 0,
      ADD "channel_email" bigint NOT NULL DEFAULT 0,
      ADD "channel_api" bigint NOT NULL DEFAULT 0`);
    // Rows from before count their orders as started on the web, as the facts behind them do.
    await q.query(`UPDATE "feedback_loop_rollup" SET "channel_web" = "orders" WHERE "orders" > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "feedback_loop_rollup" DROP "effort_minutes", DROP "orders_with_effort",
      DROP "channel_web", DROP "channel_email", DROP "channel_api"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "orders_channel_check"`);
    await q.query(`ALTER TABLE "orders" DROP COLUMN "channel"`);
  }
}
