import { MigrationInterface, QueryRunner } from 'typeorm';

/** Minutes the delivering side logged on an order (POST /orders/:id/effort); the order view sums them. */
export class OrderEfforts1795840000000 implements MigrationInterface {
  name = 'OrderEfforts1795840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "order_efforts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "author_id" uuid NOT NULL, "minutes" integer NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "order_efforts_minutes_check" CHECK ("minutes" BETWEEN 1 AND 1440), CONSTRAINT "PK_1b557317f5e8170f1c2c01de9cb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "order_efforts_order_idx" ON "order_efforts"  ("order_id")`);
    await q.query(
      `ALTER TABLE "order_efforts" ADD CONSTRAINT "FK_f1e1546cacc00415270c2cdab92" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "order_efforts" DROP CONSTRAINT "FK_f1e1546cacc00415270c2cdab92"`);
    await q.query(`DROP INDEX "public"."order_efforts_order_idx"`);
    await q.query(`DROP TABLE "order_efforts"`);
  }
}
