import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxEvents1795639762535 implements MigrationInterface {
  name = 'OutboxEvents1795639762535';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "order_id" uuid, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending')), CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "outbox_events_undispatched_idx" ON "outbox_events"  ("occurred_at") WHERE "dispatched_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."outbox_events_undispatched_idx"`);
    await q.query(`DROP TABLE "outbox_events"`);
  }
}
