import { MigrationInterface, QueryRunner } from 'typeorm';

const LIFECYCLE = [
  'order.submitted',
  'order.question_asked',
  'order.question_answered',
  'order.advised',
  'order.revised',
  'order.kept',
  'order.transferred',
  'order.accepted',
  'order.started',
  'order.held',
  'order.resumed',
  'order.change_requested',
  'order.change_decided',
  'order.delivered',
  'order.delivery_accepted',
  'order.reopened',
  'order.cancelled',
  'order.closed',
  'order.overdue',
  'retrospective.written',
  'feedback.given',
  'recommendation.pending',
  'attachment.added',
  'message.posted',
];
const VOICE = ['idea.created', 'idea.answered', 'idea.overdue', 'survey.sent'];
const list = (types: string[]) => types.map((t) => `'${t}'`).join(', ');

/**
 * The outbox takes every event type the product publishes: the conversation's
 * (`order.question_answered`, `message.posted`) and those of ideas and surveys, which two
 * migrations written side by side each added to the list without the other's.
 */
export class EveryEventType1795920000000 implements MigrationInterface {
  name = 'EveryEventType1795920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN (${list([...LIFECYCLE, ...VOICE])}))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const before = LIFECYCLE.filter((t) => t !== 'order.question_answered' && t !== 'message.posted');
    await q.query(`DELETE FROM "outbox_events" WHERE "type" IN ('order.question_answered', 'message.posted')`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_type_check"`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_type_check" CHECK ("type" IN (${list([...before, ...VOICE])}))`,
    );
  }
}
