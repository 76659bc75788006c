import { MigrationInterface, QueryRunner } from 'typeorm';

export class WriteCountsAndLimits1795440000000 implements MigrationInterface {
  name = 'WriteCountsAndLimits1795440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "write_counts" (
      "user_id" uuid NOT NULL,
      "bucket" text NOT NULL,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "hits" integer NOT NULL,
      CONSTRAINT "PK_write_counts" PRIMARY KEY ("user_id", "bucket", "window_start"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "write_counts"`);
  }
}
