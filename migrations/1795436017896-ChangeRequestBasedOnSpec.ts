import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChangeRequestBasedOnSpec1795436017896 implements MigrationInterface {
  name = 'ChangeRequestBasedOnSpec1795436017896';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "change_requests" ADD "based_on_spec" integer`);
    // Existing requests were proposed against the latest spec version written before them.
    await q.query(`UPDATE "change_requests" cr SET "based_on_spec" = coalesce(
      (SELECT max(s."number") FROM "spec_versions" s WHERE s."order_id" = cr."order_id" AND s."created_at" <= cr."created_at"), 1)`);
    await q.query(`ALTER TABLE "change_requests" ALTER COLUMN "based_on_spec" SET NOT NULL`);
    await q.query(`ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_based_on_spec_check" CHECK ("based_on_spec" >= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "change_requests" DROP CONSTRAINT "change_requests_based_on_spec_check"`);
    await q.query(`ALTER TABLE "change_requests" DROP COLUMN "based_on_spec"`);
  }
}
