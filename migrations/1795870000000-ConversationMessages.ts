import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conversation through the whole order: messages may be `comment`s (either side) and
 * `internal` notes (the delivering side's own, never shown to the requesting side), and each
 * records the channel it came by (`web` for what came before: the pages and the API were not
 * told apart). The database keeps an internal note on the delivering side and suggested answers
 * on advice.
 */
export class ConversationMessages1795870000000 implements MigrationInterface {
  name = 'ConversationMessages1795870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consultation_messages" DROP CONSTRAINT "consultation_messages_kind_check"`);
    await q.query(`ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_kind_check"
      CHECK ("kind" IN ('question', 'advice', 'answer', 'comment', 'internal'))`);
    await q.query(`ALTER TABLE "consultation_messages" ADD "channel" text NOT NULL DEFAULT 'web'`);
    await q.query(`ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_channel_check"
      CHECK ("channel" IN ('web', 'email', 'api'))`);
    await q.query(`ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_internal_side_check"
      CHECK ("kind" <> 'internal' OR "side" = 'deliverer')`);
    await q.query(`ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_suggestions_check"
      CHECK ("suggested_answers" IS NULL OR "kind" = 'advice')`);
    // order.question_answered (the requester's answer that returns the order) and message.posted join the outbox's event types.
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.question_answered', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending', 'attachment.added', 'message.posted'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "outbox_events" WHERE "type" IN ('order.question_answered', 'message.posted')`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN ('order.submitted', 'order.question_asked', 'order.advised', 'order.revised', 'order.kept', 'order.transferred', 'order.accepted', 'order.started', 'order.held', 'order.resumed', 'order.change_requested', 'order.change_decided', 'order.delivered', 'order.delivery_accepted', 'order.reopened', 'order.cancelled', 'order.closed', 'order.overdue', 'retrospective.written', 'feedback.given', 'recommendation.pending', 'attachment.added'))`,
    );
    await q.query(`DELETE FROM "consultation_messages" WHERE "kind" IN ('comment', 'internal')`);
    await q.query(`ALTER TABLE "consultation_messages" DROP CONSTRAINT "consultation_messages_suggestions_check"`);
    await q.query(`ALTER TABLE "consultation_messages" DROP CONSTRAINT "consultation_messages_internal_side_check"`);
    await q.query(`ALTER TABLE "consultation_messages" DROP CONSTRAINT "consultation_messages_channel_check"`);
    await q.query(`ALTER TABLE "consultation_messages" DROP COLUMN "channel"`);
    await q.query(`ALTER TABLE "consultation_messages" DROP CONSTRAINT "consultation_messages_kind_check"`);
    await q.query(`ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_kind_check"
      CHECK ("kind" IN ('question', 'advice', 'answer'))`);
  }
}
