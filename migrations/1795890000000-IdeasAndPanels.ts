import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customers' voice between orders (issue 26): ideas any employee raises for a support unit,
 * their supporters and what they changed; customer panels, their surveys and the answers.
 *
 * Anonymity is in the shape of the tables: `survey_responses` has no user column and no
 * timestamp, and `survey_respondents` (who has answered) holds no answers and no timestamp, so
 * the two cannot be joined by time either. Raw SQL only, no entities: the modules read and
 * write these tables through their services (like the report's rollups).
 */
export class IdeasAndPanels1795890000000 implements MigrationInterface {
  name = 'IdeasAndPanels1795890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ideas" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "support_unit_id" uuid NOT NULL REFERENCES "units"("id") ON DELETE RESTRICT,
      "service_id" uuid REFERENCES "services"("id") ON DELETE RESTRICT,
      "author_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
      "title" text NOT NULL CONSTRAINT "ideas_title_check" CHECK (length(btrim("title")) BETWEEN 1 AND 200),
      "body" text NOT NULL CONSTRAINT "ideas_body_check" CHECK (length(btrim("body")) BETWEEN 1 AND 10000),
      "status" text NOT NULL DEFAULT 'open' CONSTRAINT "ideas_status_check" CHECK ("status" IN ('open', 'planned', 'done', 'declined')),
      "respond_by" TIMESTAMP WITH TIME ZONE NOT NULL,
      "reason" text,
      "responded_by" uuid REFERENCES "users"("id") ON DELETE RESTRICT,
      "first_answered_at" TIMESTAMP WITH TIME ZONE,
      "answered_at" TIMESTAMP WITH TIME ZONE,
      "overdue_reminded_at" TIMESTAMP WITH TIME ZONE,
      "version" integer NOT NULL DEFAULT 1 CONSTRAINT "ideas_version_check" CHECK ("version" >= 1),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ideas_answer_check" CHECK (
        ("status" = 'open' AND "answered_at" IS NULL AND "reason" IS NULL)
        OR ("status" <> 'open' AND "answered_at" IS NOT NULL AND "first_answered_at" IS NOT NULL
            AND "responded_by" IS NOT NULL AND length(btrim(coalesce("reason", ''))) BETWEEN 1 AND 5000)))`);
    await q.query(`CREATE INDEX "ideas_unit_created_idx" ON "ideas" ("support_unit_id", "created_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "ideas_created_idx" ON "ideas" ("created_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "ideas_unanswered_idx" ON "ideas" ("respond_by") WHERE "status" = 'open'`);

    await q.query(`CREATE TABLE "idea_supports" (
      "idea_id" uuid NOT NULL REFERENCES "ideas"("id") ON DELETE CASCADE,
      "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      PRIMARY KEY ("idea_id", "user_id"))`);
    await q.query(`CREATE INDEX "idea_supports_user_idx" ON "idea_supports" ("user_id")`);
    // One support a person is the primary key; "not its author" needs the idea's row.
    await q.query(`CREATE FUNCTION "idea_supports_not_author"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM "ideas" WHERE "id" = NEW."idea_id" AND "author_id" = NEW."user_id") THEN
          RAISE EXCEPTION 'the author of an idea cannot support it' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "idea_supports_not_author" BEFORE INSERT OR UPDATE ON "idea_supports"
      FOR EACH ROW EXECUTE FUNCTION "idea_supports_not_author"()`);

    await q.query(`CREATE TABLE "idea_links" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "idea_id" uuid NOT NULL REFERENCES "ideas"("id") ON DELETE CASCADE,
      "kind" text NOT NULL CONSTRAINT "idea_links_kind_check" CHECK ("kind" IN ('service', 'question', 'recommendation')),
      "service_id" uuid REFERENCES "services"("id") ON DELETE RESTRICT,
      "question_key" text,
      "recommendation_id" uuid REFERENCES "recommendations"("id") ON DELETE RESTRICT,
      "note" text CONSTRAINT "idea_links_note_check" CHECK (length("note") <= 2000),
      "created_by" uuid NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "idea_links_shape_check" CHECK (
        ("kind" = 'service' AND "service_id" IS NOT NULL AND "question_key" IS NULL AND "recommendation_id" IS NULL)
        OR ("kind" = 'question' AND "service_id" IS NOT NULL AND length("question_key") BETWEEN 1 AND 100 AND "recommendation_id" IS NULL)
        OR ("kind" = 'recommendation' AND "recommendation_id" IS NOT NULL AND "question_key" IS NULL)))`);
    await q.query(`CREATE INDEX "idea_links_idea_idx" ON "idea_links" ("idea_id", "created_at")`);

    await q.query(`CREATE TABLE "panels" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "support_unit_id" uuid NOT NULL REFERENCES "units"("id") ON DELETE RESTRICT,
      "name" text NOT NULL CONSTRAINT "panels_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
      "created_by" uuid NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "panels_unit_idx" ON "panels" ("support_unit_id", "created_at" DESC)`);
    await q.query(`CREATE TABLE "panel_members" (
      "panel_id" uuid NOT NULL REFERENCES "panels"("id") ON DELETE CASCADE,
      "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
      PRIMARY KEY ("panel_id", "user_id"))`);
    await q.query(`CREATE INDEX "panel_members_user_idx" ON "panel_members" ("user_id")`);

    await q.query(`CREATE TABLE "surveys" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "panel_id" uuid NOT NULL REFERENCES "panels"("id") ON DELETE RESTRICT,
      "title" text NOT NULL CONSTRAINT "surveys_title_check" CHECK (length(btrim("title")) BETWEEN 1 AND 200),
      "questions" jsonb NOT NULL CONSTRAINT "surveys_questions_check" CHECK (jsonb_typeof("questions") = 'array' AND jsonb_array_length("questions") >= 1),
      "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "invited" integer NOT NULL CONSTRAINT "surveys_invited_check" CHECK ("invited" >= 0),
      "created_by" uuid NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "surveys_panel_idx" ON "surveys" ("panel_id", "created_at" DESC)`);
    // Who has answered, without what: one row a member, so a second answer is refused here.
    await q.query(`CREATE TABLE "survey_respondents" (
      "survey_id" uuid NOT NULL REFERENCES "surveys"("id") ON DELETE CASCADE,
      "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
      PRIMARY KEY ("survey_id", "user_id"))`);
    // What was answered, without who: no user, no time.
    await q.query(`CREATE TABLE "survey_responses" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "survey_id" uuid NOT NULL REFERENCES "surveys"("id") ON DELETE CASCADE,
      "answers" jsonb NOT NULL CONSTRAINT "survey_responses_answers_check" CHECK (jsonb_typeof("answers") = 'object'))`);
    await q.query(`CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" ("survey_id")`);
    // No answer after the survey closed, whoever writes.
    await q.query(`CREATE FUNCTION "survey_open_for_answers"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM "surveys" WHERE "id" = NEW."survey_id" AND "closes_at" > now()) THEN
          RAISE EXCEPTION 'the survey is closed' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "survey_respondents_open" BEFORE INSERT ON "survey_respondents"
      FOR EACH ROW EXECUTE FUNCTION "survey_open_for_answers"()`);
    await q.query(`CREATE TRIGGER "survey_responses_open" BEFORE INSERT ON "survey_responses"
      FOR EACH ROW EXECUTE FUNCTION "survey_open_for_answers"()`);

    // Notifications that are not about an order (an idea, a survey) carry the page to open.
    await q.query(`ALTER TABLE "notifications" ADD COLUMN "link" text`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending', 'attachment.added', 'idea.created', 'idea.answered', 'idea.overdue', 'survey.sent'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "outbox_events" WHERE "type" IN ('idea.created', 'idea.answered', 'idea.overdue', 'survey.sent')`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending', 'attachment.added'))`,
    );
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "link"`);
    await q.query(`DROP TABLE "survey_responses"`);
    await q.query(`DROP TABLE "survey_respondents"`);
    await q.query(`DROP FUNCTION "survey_open_for_answers"()`);
    await q.query(`DROP TABLE "surveys"`);
    await q.query(`DROP TABLE "panel_members"`);
    await q.query(`DROP TABLE "panels"`);
    await q.query(`DROP TABLE "idea_links"`);
    await q.query(`DROP TABLE "idea_supports"`);
    await q.query(`DROP FUNCTION "idea_supports_not_author"()`);
    await q.query(`DROP TABLE "ideas"`);
  }
}
