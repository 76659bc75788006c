import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail in: each mail taken once by its Message-ID (`inbound_mails`, with what became of it),
 * at most one explanatory answer per address and day (`inbound_mail_answers`), and a service's
 * mail alias (`services.email_alias`, unique, lower-case).
 */
export class InboundMail1795880000000 implements MigrationInterface {
  name = 'InboundMail1795880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "inbound_mails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" text NOT NULL, "source" text NOT NULL, "sender" text NOT NULL DEFAULT '', "subject" text NOT NULL DEFAULT '', "outcome" text, "reason" text, "order_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inbound_mails_source_check" CHECK ("source" IN ('http', 'imap')), CONSTRAINT "inbound_mails_outcome_check" CHECK ("outcome" IN ('message', 'draft', 'refused', 'automatic')), CONSTRAINT "inbound_mails_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "inbound_mails_message_id_key" ON "inbound_mails" ("message_id")`);
    await q.query(`CREATE INDEX "inbound_mails_received_idx" ON "inbound_mails" ("received_at")`);
    await q.query(
      `ALTER TABLE "inbound_mails" ADD CONSTRAINT "inbound_mails_order_fk" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL`,
    );
    await q.query(
      `CREATE TABLE "inbound_mail_answers" ("address" text NOT NULL, "day" date NOT NULL, "reason" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inbound_mail_answers_address_check" CHECK ("address" = lower("address")), CONSTRAINT "inbound_mail_answers_pkey" PRIMARY KEY ("address", "day"))`,
    );
    await q.query(`ALTER TABLE "services" ADD "email_alias" text`);
    await q.query(`CREATE UNIQUE INDEX "services_email_alias_key" ON "services" ("email_alias")`);
    await q.query(
      `ALTER TABLE "services" ADD CONSTRAINT "services_email_alias_check" CHECK ("email_alias" ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "services" DROP CONSTRAINT "services_email_alias_check"`);
    await q.query(`DROP INDEX "public"."services_email_alias_key"`);
    await q.query(`ALTER TABLE "services" DROP COLUMN "email_alias"`);
    await q.query(`DROP TABLE "inbound_mail_answers"`);
    await q.query(`DROP TABLE "inbound_mails"`);
  }
}
