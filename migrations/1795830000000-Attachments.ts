import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments: files on an order, stored once by SHA-256 in the file store (local disk or
 * S3-compatible), and the messages, deliveries, change requests and retrospectives that refer
 * to them. A link's composite key to (attachment, order) makes "a file of the same order" a
 * constraint; it has no cascade, so a referred file cannot be deleted.
 */
export class Attachments1795830000000 implements MigrationInterface {
  name = 'Attachments1795830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "name" text NOT NULL, "size" bigint NOT NULL, "content_type" text NOT NULL, "sha256" character(64) NOT NULL, "uploaded_by" uuid NOT NULL, "side" text NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "scan" text NOT NULL, CONSTRAINT "attachments_id_order_key" UNIQUE ("id", "order_id"), CONSTRAINT "attachments_side_check" CHECK ("side" IN ('requester', 'deliverer')), CONSTRAINT "attachments_scan_check" CHECK ("scan" IN ('clean', 'not_scanned')), CONSTRAINT "attachments_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "attachments_size_check" CHECK ("size" >= 0), CONSTRAINT "attachments_name_check" CHECK (length("name") BETWEEN 1 AND 255), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "attachments_uploader_idx" ON "attachments"  ("uploaded_by", "uploaded_at")`);
    await q.query(`CREATE INDEX "attachments_sha256_idx" ON "attachments"  ("sha256")`);
    await q.query(`CREATE INDEX "attachments_order_idx" ON "attachments"  ("order_id", "uploaded_at")`);
    await q.query(
      `CREATE TABLE "attachment_links" ("attachment_id" uuid NOT NULL, "kind" text NOT NULL, "ref_id" uuid NOT NULL, "order_id" uuid NOT NULL, CONSTRAINT "attachment_links_kind_check" CHECK ("kind" IN ('message', 'delivery', 'change_request', 'retrospective')), CONSTRAINT "PK_718acb6c02e5a39b379e1e20bf7" PRIMARY KEY ("attachment_id", "kind", "ref_id"))`,
    );
    await q.query(`CREATE INDEX "attachment_links_ref_idx" ON "attachment_links"  ("order_id", "kind", "ref_id")`);
    await q.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "attachments_order_fk" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploader_fk" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "attachment_links" ADD CONSTRAINT "attachment_links_attachment_fk" FOREIGN KEY ("attachment_id", "order_id") REFERENCES "attachments"("id","order_id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // attachment.added joins the event types the outbox takes.
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending', 'attachment.added'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "outbox_events" WHERE "type" = 'attachment.added'`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending'))`,
    );
    await q.query(`ALTER TABLE "attachment_links" DROP CONSTRAINT "attachment_links_attachment_fk"`);
    await q.query(`ALTER TABLE "attachments" DROP CONSTRAINT "attachments_uploader_fk"`);
    await q.query(`ALTER TABLE "attachments" DROP CONSTRAINT "attachments_order_fk"`);
    await q.query(`DROP INDEX "public"."attachment_links_ref_idx"`);
    await q.query(`DROP TABLE "attachment_links"`);
    await q.query(`DROP INDEX "public"."attachments_order_idx"`);
    await q.query(`DROP INDEX "public"."attachments_sha256_idx"`);
    await q.query(`DROP INDEX "public"."attachments_uploader_idx"`);
    await q.query(`DROP TABLE "attachments"`);
  }
}
