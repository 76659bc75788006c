import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved queue views: a name and the order list's query, kept by a person for themself or shared
 * with a unit they deliver for.
 */
export class SavedViews1795910000000 implements MigrationInterface {
  name = 'SavedViews1795910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "saved_views" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "owner_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
      "unit_id" uuid REFERENCES "units"("id") ON DELETE CASCADE,
      "name" varchar(80) NOT NULL CONSTRAINT "saved_views_name_check" CHECK (length(btrim("name")) > 0),
      "filters" jsonb NOT NULL CONSTRAINT "saved_views_filters_check" CHECK (jsonb_typeof("filters") = 'object'),
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "saved_views_owner_idx" ON "saved_views" ("owner_id", "created_at")`);
    await q.query(`CREATE INDEX "saved_views_unit_idx" ON "saved_views" ("unit_id", "created_at") WHERE "unit_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "saved_views"`);
  }
}
