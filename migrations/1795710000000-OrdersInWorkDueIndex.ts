import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders in work by due date, for what counts the overdue ones: the metrics scrape, the overdue
 * sweep and the list's `overdue=true`. Partial: closed and cancelled orders, the bulk of the
 * table in time, are not in it.
 */
export class OrdersInWorkDueIndex1795710000000 implements MigrationInterface {
  name = 'OrdersInWorkDueIndex1795710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "orders_in_work_due_idx" ON "orders"  ("due_date") WHERE "status" IN ('confirmed', 'in_progress')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."orders_in_work_due_idx"`);
  }
}
