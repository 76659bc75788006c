import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A small preview of an image attachment, made on upload and stored in the file store under
 * its own content hash: both columns or neither, and the cleanup job keeps the preview's bytes
 * as long as a row names them (hence the index).
 */
export class AttachmentThumbnails1795850000000 implements MigrationInterface {
  name = 'AttachmentThumbnails1795850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "attachments" ADD "thumbnail_sha256" character(64)`);
    await q.query(`ALTER TABLE "attachments" ADD "thumbnail_size" integer`);
    await q.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "attachments_thumbnail_check" CHECK (("thumbnail_sha256" IS NULL) = ("thumbnail_size" IS NULL) AND ("thumbnail_sha256" IS NULL OR ("thumbnail_sha256" ~ '^[0-9a-f]{64}$' AND "thumbnail_size" > 0)))`,
    );
    await q.query(
      `CREATE INDEX "attachments_thumbnail_sha256_idx" ON "attachments" ("thumbnail_sha256") WHERE "thumbnail_sha256" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."attachments_thumbnail_sha256_idx"`);
    await q.query(`ALTER TABLE "attachments" DROP CONSTRAINT "attachments_thumbnail_check"`);
    await q.query(`ALTER TABLE "attachments" DROP COLUMN "thumbnail_size"`);
    await q.query(`ALTER TABLE "attachments" DROP COLUMN "thumbnail_sha256"`);
  }
}
