import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders in work by due date, for what counts the overdue ones: the metrics scrape, the overdue
 * sweep and the list's `overdue=true`. Partial: closed and cancelled orders, the bulk of the
 * table in time, are not in it. Built CONCURRENTLY, outside a transaction, so that writes to
 * orders go on while it builds on a large table.
 */
export class OrdersInWorkDueIndex1795710000000 implements MigrationInterface {
  name = 'OrdersInWorkDueIndex1795710000000';
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_in_work_due_idx" ON "orders" ("due_date") WHERE "status" IN ('confirmed', 'in_progress')`,
    );
  }

  // TypeORM undoes a migration inside a transaction whatever `transaction` says: a plain drop.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "public"."orders_in_work_due_idx"`);
  }
}
