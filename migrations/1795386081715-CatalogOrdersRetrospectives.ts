import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogOrdersRetrospectives1795386081715 implements MigrationInterface {
  name = 'CatalogOrdersRetrospectives1795386081715';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "services" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "support_unit_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "target_lead_time_days" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "services_lead_time_check" CHECK ("target_lead_time_days" BETWEEN 0 AND 365), CONSTRAINT "PK_ba2d347a3168a296416c6c5ccb2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "services_support_unit_idx" ON "services"  ("support_unit_id", "active")`);
    await q.query(
      `CREATE TABLE "questionnaires" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "version" integer NOT NULL, "status" text NOT NULL, "questions" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "questionnaires_published_at_check" CHECK (("status" = 'published') = ("published_at" IS NOT NULL)), CONSTRAINT "questionnaires_status_check" CHECK ("status" IN ('draft', 'published')), CONSTRAINT "PK_a01d7cdea895ed9796b29233610" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "questionnaires_service_version_key" ON "questionnaires"  ("service_id", "version")`);
    await q.query(
      `CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "service_id" uuid NOT NULL, "support_unit_id" uuid NOT NULL, "requester_unit_id" uuid NOT NULL, "requester_id" uuid NOT NULL, "questionnaire_id" uuid NOT NULL, "title" text NOT NULL, "purpose" text NOT NULL, "desired_date" date, "answers" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'draft', "assignee_id" uuid, "due_date" date, "copy_of_id" uuid, "delivery_note" text, "professional_note" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "orders_purpose_check" CHECK (length("purpose") >= 1), CONSTRAINT "orders_version_check" CHECK ("version" >= 1), CONSTRAINT "orders_status_check" CHECK ("status" IN ('draft', 'submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered', 'accepted', 'closed', 'cancelled')), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "orders_assignee_idx" ON "orders"  ("assignee_id")`);
    await q.query(`CREATE INDEX "orders_service_idx" ON "orders"  ("service_id")`);
    await q.query(`CREATE INDEX "orders_requester_idx" ON "orders"  ("requester_id")`);
    await q.query(`CREATE INDEX "orders_requester_unit_idx" ON "orders"  ("requester_unit_id", "status")`);
    await q.query(`CREATE INDEX "orders_support_unit_idx" ON "orders"  ("support_unit_id", "status")`);
    await q.query(`CREATE UNIQUE INDEX "orders_reference_key" ON "orders"  ("reference")`);
    await q.query(
      `CREATE TABLE "change_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "proposed_by" uuid NOT NULL, "proposed_by_side" text NOT NULL, "reason" text NOT NULL, "changes" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'open', "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "change_requests_side_check" CHECK ("proposed_by_side" IN ('requester', 'deliverer')), CONSTRAINT "change_requests_status_check" CHECK ("status" IN ('open', 'approved', 'rejected')), CONSTRAINT "PK_e3f28255a6e818820f18f6d5956" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "change_requests_order_idx" ON "change_requests"  ("order_id")`);
    await q.query(
      `CREATE TABLE "checklist_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "position" integer NOT NULL, "label" text NOT NULL, "done" boolean NOT NULL DEFAULT false, "done_by" uuid, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bae00945a1d4789bd648e583e29" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "checklist_items_order_position_key" ON "checklist_items"  ("order_id", "position")`);
    await q.query(
      `CREATE TABLE "consultation_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "author_id" uuid NOT NULL, "side" text NOT NULL, "kind" text NOT NULL, "body" text NOT NULL, "suggested_answers" jsonb, "decision" text, "decision_reason" text, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "consultation_messages_decision_check" CHECK ("decision" IS NULL OR "decision" IN ('followed', 'kept_original')), CONSTRAINT "consultation_messages_side_check" CHECK ("side" IN ('requester', 'deliverer')), CONSTRAINT "consultation_messages_kind_check" CHECK ("kind" IN ('question', 'advice', 'answer')), CONSTRAINT "PK_2466d945eb87e1c8a1b36ade9ca" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "consultation_messages_order_idx" ON "consultation_messages"  ("order_id", "created_at")`);
    await q.query(
      `CREATE TABLE "order_sequences" ("support_unit_id" uuid NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_c3ae89fe7520434ee483e8298c5" PRIMARY KEY ("support_unit_id", "year"))`,
    );
    await q.query(
      `CREATE TABLE "spec_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "number" integer NOT NULL, "title" text NOT NULL, "purpose" text NOT NULL, "desired_date" date, "answers" jsonb NOT NULL, "questionnaire_id" uuid NOT NULL, "questionnaire_version" integer NOT NULL, "content_hash" text NOT NULL, "change_request_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b8cbeca4226787e3603416529f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "spec_versions_order_number_key" ON "spec_versions"  ("order_id", "number")`);
    await q.query(
      `CREATE TABLE "status_events" ("id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL, "order_id" uuid NOT NULL, "seq" integer NOT NULL, "from_status" text, "to_status" text NOT NULL, "action" text NOT NULL, "actor_id" uuid, "note" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "status_events_seq_check" CHECK ("seq" >= 1), CONSTRAINT "PK_9d6b2aec145f59238d523c484ef" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "status_events_order_seq_key" ON "status_events"  ("order_id", "seq")`);
    await q.query(
      `CREATE TABLE "feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "author_id" uuid NOT NULL, "satisfaction" integer NOT NULL, "purpose_achieved" text NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feedback_purpose_check" CHECK ("purpose_achieved" IN ('yes', 'partly', 'no')), CONSTRAINT "feedback_satisfaction_check" CHECK ("satisfaction" BETWEEN 1 AND 5), CONSTRAINT "PK_8389f9e087a57689cd5be8b2b13" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "feedback_order_key" ON "feedback"  ("order_id")`);
    await q.query(
      `CREATE TABLE "recommendations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_order_id" uuid NOT NULL, "support_unit_id" uuid NOT NULL, "target_unit_id" uuid NOT NULL, "target_service_id" uuid, "text" text NOT NULL, "rationale" text NOT NULL, "category" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "decided_on_order_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "recommendations_declined_reason_check" CHECK ("status" <> 'declined' OR "decision_reason" IS NOT NULL), CONSTRAINT "recommendations_status_check" CHECK ("status" IN ('open', 'adopted', 'declined', 'expired')), CONSTRAINT "recommendations_category_check" CHECK ("category" IN ('timing', 'purpose', 'scope', 'channel', 'audience', 'format', 'questionnaire', 'other')), CONSTRAINT "PK_23a8d2db26db8cabb6ae9d6cd87" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "recommendations_source_idx" ON "recommendations"  ("source_order_id")`);
    await q.query(`CREATE INDEX "recommendations_target_idx" ON "recommendations"  ("target_unit_id", "status")`);
    await q.query(
      `CREATE TABLE "order_recommendations" ("order_id" uuid NOT NULL, "recommendation_id" uuid NOT NULL, "shown_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e00fcdb9c188ccab42fab67fb60" PRIMARY KEY ("order_id", "recommendation_id"))`,
    );
    await q.query(
      `CREATE TABLE "retrospectives" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "author_id" uuid NOT NULL, "outcome" text NOT NULL, "purpose_assessment" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bb2dfd48493b3906269b2de23c7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "retrospectives_order_key" ON "retrospectives"  ("order_id")`);
    await q.query(
      `ALTER TABLE "services" ADD CONSTRAINT "FK_3d0c48df61113ea2a66a556b6eb" FOREIGN KEY ("support_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "questionnaires" ADD CONSTRAINT "FK_4fae2b1dd7c0a56b71fec9611ca" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_8612f4a8dd8f756d53d2856a09a" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_3b2174a7638ae9513f66893f4e4" FOREIGN KEY ("support_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_c85ff933cf1532320aa44d0f87d" FOREIGN KEY ("requester_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_2e8d44bd3d9b6be2f0b4f95fde9" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_7241dba9f495330384895f09180" FOREIGN KEY ("questionnaire_id") REFERENCES "questionnaires"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "FK_fc7a6fd1a52c48ff4f6bcbc881c" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "change_requests" ADD CONSTRAINT "FK_bba20dd6afc6d1933845f2342d2" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "checklist_items" ADD CONSTRAINT "FK_92c51921bdf4c221c236e0e0b87" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consultation_messages" ADD CONSTRAINT "FK_4a5b52ffca1f79de8693e8c3ff9" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "spec_versions" ADD CONSTRAINT "FK_f3b650150094ad6d6d1ce1712f2" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "status_events" ADD CONSTRAINT "FK_e544f5273732122a31246598ebe" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_440458adca1b001c2c29d852c08" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "FK_9652788958c28f91a04fd025f14" FOREIGN KEY ("source_order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "FK_f9e6a35a63d05b6fcb8e3a21e4a" FOREIGN KEY ("support_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "FK_df006ee49ae51089bb11fb24af1" FOREIGN KEY ("target_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "recommendations" ADD CONSTRAINT "FK_6b09d0f528a3c7b6b07ad618674" FOREIGN KEY ("target_service_id") REFERENCES "services"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "order_recommendations" ADD CONSTRAINT "FK_0411e5f344b459411fcfc15d51d" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "order_recommendations" ADD CONSTRAINT "FK_b2b3812a3e82f85da75198aa111" FOREIGN KEY ("recommendation_id") REFERENCES "recommendations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "retrospectives" ADD CONSTRAINT "FK_edc808c2d44bb2090395dbc4d4b" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Status events are append-only, like audit events.
    await q.query(
      `CREATE TRIGGER status_events_append_only BEFORE UPDATE OR DELETE ON "status_events" FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION refuse_change()`,
    );
    // Spec versions are immutable once written.
    await q.query(`CREATE TRIGGER spec_versions_immutable BEFORE UPDATE ON "spec_versions" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    // A published questionnaire never changes.
    await q.query(`CREATE FUNCTION refuse_published_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN RAISE EXCEPTION 'questionnaire % is published and immutable', OLD.id; END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER questionnaires_published_immutable BEFORE UPDATE ON "questionnaires" FOR EACH ROW EXECUTE FUNCTION refuse_published_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "questionnaires_published_immutable" ON "questionnaires"`);
    await q.query(`DROP FUNCTION refuse_published_change()`);
    await q.query(`DROP TRIGGER "spec_versions_immutable" ON "spec_versions"`);
    await q.query(`DROP TRIGGER "status_events_append_only" ON "status_events"`);
    await q.query(`ALTER TABLE "retrospectives" DROP CONSTRAINT "FK_edc808c2d44bb2090395dbc4d4b"`);
    await q.query(`ALTER TABLE "order_recommendations" DROP CONSTRAINT "FK_b2b3812a3e82f85da75198aa111"`);
    await q.query(`ALTER TABLE "order_recommendations" DROP CONSTRAINT "FK_0411e5f344b459411fcfc15d51d"`);
    await q.query(`ALTER TABLE "recommendations" DROP CONSTRAINT "FK_6b09d0f528a3c7b6b07ad618674"`);
    await q.query(`ALTER TABLE "recommendations" DROP CONSTRAINT "FK_df006ee49ae51089bb11fb24af1"`);
    await q.query(`ALTER TABLE "recommendations" DROP CONSTRAINT "FK_f9e6a35a63d05b6fcb8e3a21e4a"`);
    await q.query(`ALTER TABLE "recommendations" DROP CONSTRAINT "FK_9652788958c28f91a04fd025f14"`);
    await q.query(`ALTER TABLE "feedback" DROP CONSTRAINT "FK_440458adca1b001c2c29d852c08"`);
    await q.query(`ALTER TABLE "status_events" DROP CONSTRAINT "FK_e544f5273732122a31246598ebe"`);
    await q.query(`ALTER TABLE "spec_versions" DROP CONSTRAINT "FK_f3b650150094ad6d6d1ce1712f2"`);
    await q.query(`ALTER TABLE "consultation_messages" DROP CONSTRAINT "FK_4a5b52ffca1f79de8693e8c3ff9"`);
    await q.query(`ALTER TABLE "checklist_items" DROP CONSTRAINT "FK_92c51921bdf4c221c236e0e0b87"`);
    await q.query(`ALTER TABLE "change_requests" DROP CONSTRAINT "FK_bba20dd6afc6d1933845f2342d2"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_fc7a6fd1a52c48ff4f6bcbc881c"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_7241dba9f495330384895f09180"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_2e8d44bd3d9b6be2f0b4f95fde9"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_c85ff933cf1532320aa44d0f87d"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_3b2174a7638ae9513f66893f4e4"`);
    await q.query(`ALTER TABLE "orders" DROP CONSTRAINT "FK_8612f4a8dd8f756d53d2856a09a"`);
    await q.query(`ALTER TABLE "questionnaires" DROP CONSTRAINT "FK_4fae2b1dd7c0a56b71fec9611ca"`);
    await q.query(`ALTER TABLE "services" DROP CONSTRAINT "FK_3d0c48df61113ea2a66a556b6eb"`);
    await q.query(`DROP INDEX "public"."retrospectives_order_key"`);
    await q.query(`DROP TABLE "retrospectives"`);
    await q.query(`DROP TABLE "order_recommendations"`);
    await q.query(`DROP INDEX "public"."recommendations_target_idx"`);
    await q.query(`DROP INDEX "public"."recommendations_source_idx"`);
    await q.query(`DROP TABLE "recommendations"`);
    await q.query(`DROP INDEX "public"."feedback_order_key"`);
    await q.query(`DROP TABLE "feedback"`);
    await q.query(`DROP INDEX "public"."status_events_order_seq_key"`);
    await q.query(`DROP TABLE "status_events"`);
    await q.query(`DROP INDEX "public"."spec_versions_order_number_key"`);
    await q.query(`DROP TABLE "spec_versions"`);
    await q.query(`DROP TABLE "order_sequences"`);
    await q.query(`DROP INDEX "public"."consultation_messages_order_idx"`);
    await q.query(`DROP TABLE "consultation_messages"`);
    await q.query(`DROP INDEX "public"."checklist_items_order_position_key"`);
    await q.query(`DROP TABLE "checklist_items"`);
    await q.query(`DROP INDEX "public"."change_requests_order_idx"`);
    await q.query(`DROP TABLE "change_requests"`);
    await q.query(`DROP INDEX "public"."orders_reference_key"`);
    await q.query(`DROP INDEX "public"."orders_support_unit_idx"`);
    await q.query(`DROP INDEX "public"."orders_requester_unit_idx"`);
    await q.query(`DROP INDEX "public"."orders_requester_idx"`);
    await q.query(`DROP INDEX "public"."orders_service_idx"`);
    await q.query(`DROP INDEX "public"."orders_assignee_idx"`);
    await q.query(`DROP TABLE "orders"`);
    await q.query(`DROP INDEX "public"."questionnaires_service_version_key"`);
    await q.query(`DROP TABLE "questionnaires"`);
    await q.query(`DROP INDEX "public"."services_support_unit_idx"`);
    await q.query(`DROP TABLE "services"`);
  }
}
