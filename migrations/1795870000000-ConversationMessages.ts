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
  }

  async down(q: QueryRunner): Promise<void> {
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
