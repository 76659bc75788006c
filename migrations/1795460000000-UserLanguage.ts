import { MigrationInterface, QueryRunner } from 'typeorm';

/** The language a user picked for pages and mail; null until they pick one (the browser's is used). */
export class UserLanguage1795460000000 implements MigrationInterface {
  name = 'UserLanguage1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "language" text`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "users_language_check" CHECK ("language" IN ('en', 'fi', 'sv'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_language_check"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "language"`);
  }
}
