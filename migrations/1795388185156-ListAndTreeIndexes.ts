import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListAndTreeIndexes1795388185156 implements MigrationInterface {
  name = 'ListAndTreeIndexes1795388185156';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "units_parent_idx" ON "units"  ("parent_id")`);
    await q.query(`CREATE INDEX "orders_created_idx" ON "orders"  ("created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."orders_created_idx"`);
    await q.query(`DROP INDEX "public"."units_parent_idx"`);
  }
}
