import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A support unit's hourly cost, set by its manager: with the effort logged on orders it gives
 * the report's cost per order. The report's own table (like its rollups), not an entity.
 */
export class UnitHourlyCosts1795840000001 implements MigrationInterface {
  name = 'UnitHourlyCosts1795840000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "unit_hourly_costs" (
      "unit_id" uuid PRIMARY KEY REFERENCES "units"("id") ON DELETE CASCADE,
      "hourly_cost" numeric(10, 2) NOT NULL CONSTRAINT "unit_hourly_costs_range_check" CHECK ("hourly_cost" >= 0 AND "hourly_cost" <= 100000),
      "updated_by" uuid,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "unit_hourly_costs"`);
  }
}
