import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy (issue 27): when a person was erased (`users.erased_at`), how many years a service
 * keeps the personal data of its finished orders (`services.retention_years`, null: the
 * deployment's RETENTION_YEARS), and when retention reached an order (`orders.retained_at`).
 * Audit events stay append-only except for one thing: an erasure, inside its own transaction
 * (`SET LOCAL app.erasure = 'on'`), may blank what an event recorded about the person
 * (`before`, `after`, `ip`). Who did what, when, to which entity stays.
 */
export class Privacy1795900000000 implements MigrationInterface {
  name = 'Privacy1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    // An erased account can never sign in again: no password, no SSO link, not active.
    await q.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_erased_check" CHECK ("erased_at" IS NULL OR (NOT "active" AND "password_hash" IS NULL AND "oidc_subject" IS NULL AND NOT "is_admin"))`,
    );
    await q.query(`ALTER TABLE "services" ADD "retention_years" integer`);
    await q.query(
      `ALTER TABLE "services" ADD CONSTRAINT "services_retention_years_check" CHECK ("retention_years" IS NULL OR "retention_years" BETWEEN 1 AND 100)`,
    );
    await q.query(`ALTER TABLE "orders" ADD "retained_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE FUNCTION refuse_change_but_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('app.erasure', true) = 'on'
           AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
           AND NEW.action = OLD.action AND NEW.entity = OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
           AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await q.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await q.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION refuse_change_but_erasure()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await q.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    await q.query(`DROP FUNCTION refuse_change_but_erasure()`);
    await q.query(`ALTER TABLE "orders" DROP COLUMN "retained_at"`);
    await q.query(`ALTER TABLE "services" DROP CONSTRAINT "services_retention_years_check"`);
    await q.query(`ALTER TABLE "services" DROP COLUMN "retention_years"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_erased_check"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "erased_at"`);
  }
}
