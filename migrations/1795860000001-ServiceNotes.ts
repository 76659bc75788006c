import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A manager's decision about a service, recorded as a note on it (seed 003: the management
 * process sets the strategy), after reading what keeps being declined or not achieved. Catalog's
 * own table, read and written in SQL like the report's tables (not an entity).
 */
export class ServiceNotes1795860000001 implements MigrationInterface {
  name = 'ServiceNotes1795860000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "service_notes" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "service_id" uuid NOT NULL REFERENCES "services"("id") ON DELETE CASCADE,
      "author_id" uuid NOT NULL REFERENCES "users"("id"),
      "decision" text NOT NULL CONSTRAINT "service_notes_decision_check" CHECK ("decision" IN ('change_service', 'change_questions', 'keep_as_is', 'other')),
      "text" text NOT NULL CONSTRAINT "service_notes_text_check" CHECK (length("text") BETWEEN 1 AND 2000),
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "service_notes_service_idx" ON "service_notes" ("service_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "service_notes"`);
  }
}
