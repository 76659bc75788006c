import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order lists page newest first (`ORDER BY created_at DESC, id DESC`) under an equality filter:
 * each list's index now ends in (created_at, id), so PostgreSQL walks the filtered rows in page
 * order and stops after a page, instead of collecting and sorting every match (or walking all
 * orders by date and filtering). They replace the indexes that had only the filter's columns.
 *
 * Built and dropped CONCURRENTLY, outside a transaction: on a table of a million orders a plain
 * CREATE INDEX blocks every write to orders while it builds. The new indexes come first, so the
 * lists always have one. IF [NOT] EXISTS lets a run that stopped half-way be run again.
 */
export class ListIndexesInPageOrder1795720000000 implements MigrationInterface {
  name = 'ListIndexesInPageOrder1795720000000';
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    for (const [name, columns] of PAGE_INDEXES) await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "${name}" ON "orders" (${columns})`);
    for (const [name] of FILTER_INDEXES) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "public"."${name}"`);
  }

  // TypeORM undoes a migration inside a transaction whatever `transaction` says, so the way
  // back builds plainly (a rollback is rare, and planned).
  async down(q: QueryRunner): Promise<void> {
    for (const [name, columns] of FILTER_INDEXES) await q.query(`CREATE INDEX IF NOT EXISTS "${name}" ON "orders" (${columns})`);
    for (const [name] of PAGE_INDEXES) await q.query(`DROP INDEX IF EXISTS "public"."${name}"`);
  }
}

const PAGE_INDEXES = [
  ['orders_support_unit_page_idx', '"support_unit_id", "status", "created_at", "id"'],
  ['orders_requester_unit_page_idx', '"requester_unit_id", "status", "created_at", "id"'],
  ['orders_requester_page_idx', '"requester_id", "created_at", "id"'],
  ['orders_service_page_idx', '"service_id", "created_at", "id"'],
  ['orders_assignee_page_idx', '"assignee_id", "created_at", "id"'],
];

const FILTER_INDEXES = [
  ['orders_support_unit_idx', '"support_unit_id", "status"'],
  ['orders_requester_unit_idx', '"requester_unit_id", "status"'],
  ['orders_requester_idx', '"requester_id"'],
  ['orders_service_idx', '"service_id"'],
  ['orders_assignee_idx', '"assignee_id"'],
];
