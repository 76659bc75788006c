import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order lists page newest first (`ORDER BY created_at DESC, id DESC`) under an equality filter:
 * each list's index now ends in (created_at, id), so PostgreSQL walks the filtered rows in page
 * order and stops after a page, instead of collecting and sorting every match (or walking all
 * orders by date and filtering). They replace the indexes that had only the filter's columns.
 */
export class ListIndexesInPageOrder1795720000000 implements MigrationInterface {
  name = 'ListIndexesInPageOrder1795720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."orders_support_unit_idx"`);
    await q.query(`DROP INDEX "public"."orders_requester_unit_idx"`);
    await q.query(`DROP INDEX "public"."orders_requester_idx"`);
    await q.query(`DROP INDEX "public"."orders_service_idx"`);
    await q.query(`DROP INDEX "public"."orders_assignee_idx"`);
    await q.query(`CREATE INDEX "orders_support_unit_page_idx" ON "orders" ("support_unit_id", "status", "created_at", "id")`);
    await q.query(`CREATE INDEX "orders_requester_unit_page_idx" ON "orders" ("requester_unit_id", "status", "created_at", "id")`);
    await q.query(`CREATE INDEX "orders_requester_page_idx" ON "orders" ("requester_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "orders_service_page_idx" ON "orders" ("service_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "orders_assignee_page_idx" ON "orders" ("assignee_id", "created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."orders_assignee_page_idx"`);
    await q.query(`DROP INDEX "public"."orders_service_page_idx"`);
    await q.query(`DROP INDEX "public"."orders_requester_page_idx"`);
    await q.query(`DROP INDEX "public"."orders_requester_unit_page_idx"`);
    await q.query(`DROP INDEX "public"."orders_support_unit_page_idx"`);
    await q.query(`CREATE INDEX "orders_assignee_idx" ON "orders" ("assignee_id")`);
    await q.query(`CREATE INDEX "orders_service_idx" ON "orders" ("service_id")`);
    await q.query(`CREATE INDEX "orders_requester_idx" ON "orders" ("requester_id")`);
    await q.query(`CREATE INDEX "orders_requester_unit_idx" ON "orders" ("requester_unit_id", "status")`);
    await q.query(`CREATE INDEX "orders_support_unit_idx" ON "orders" ("support_unit_id", "status")`);
  }
}
