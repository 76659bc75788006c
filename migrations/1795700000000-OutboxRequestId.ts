import { MigrationInterface, QueryRunner } from 'typeorm';

/** The request that published an event, carried into the jobs it leads to (their log lines name it). */
export class OutboxRequestId1795700000000 implements MigrationInterface {
  name = 'OutboxRequestId1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox_events" ADD "request_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox_events" DROP COLUMN "request_id"`);
  }
}
