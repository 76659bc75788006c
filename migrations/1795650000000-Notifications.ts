import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: in-app notifications, per-user preferences, mails (kept here when no SMTP is
 * configured, and as the record of what was sent), the idempotency keys of every delivery,
 * webhooks and their delivery log, and notices the scheduler sent once per order and date.
 * pg-boss keeps its jobs in its own schema (`pgboss`), created by pg-boss at start.
 */
export class Notifications1795650000000 implements MigrationInterface {
  name = 'Notifications1795650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notifications" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
      "event_id" uuid NOT NULL,
      "event" text NOT NULL,
      "order_id" uuid,
      "reference" text,
      "title" text NOT NULL,
      "read_at" TIMESTAMP WITH TIME ZONE,
      "digested_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT "notifications_event_user_key" UNIQUE ("event_id", "user_id"))`);
    await q.query(`CREATE INDEX "notifications_user_idx" ON "notifications" ("user_id", "created_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id") WHERE "read_at" IS NULL`);
    await q.query(`CREATE TABLE "notification_preferences" (
      "user_id" uuid NOT NULL PRIMARY KEY REFERENCES "users"("id") ON DELETE CASCADE,
      "email" boolean NOT NULL DEFAULT true,
      "digest" text NOT NULL DEFAULT 'off' CHECK ("digest" IN ('off', 'daily')),
      "events" jsonb NOT NULL DEFAULT '{}',
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "notification_deliveries" (
      "event_id" uuid NOT NULL,
      "recipient" text NOT NULL,
      "channel" text NOT NULL CHECK ("channel" IN ('mail', 'webhook', 'digest')),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      PRIMARY KEY ("event_id", "recipient", "channel"))`);
    await q.query(`CREATE TABLE "outbound_mails" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "event_id" uuid,
      "user_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
      "recipient" text NOT NULL,
      "subject" text NOT NULL,
      "text_body" text NOT NULL,
      "html_body" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('pending', 'sent', 'kept', 'failed')),
      "error" text,
      "attempts" integer NOT NULL DEFAULT 0,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "sent_at" TIMESTAMP WITH TIME ZONE)`);
    await q.query(`CREATE INDEX "outbound_mails_created_idx" ON "outbound_mails" ("created_at" DESC, "id" DESC)`);
    await q.query(`CREATE TABLE "webhooks" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "url" text NOT NULL,
      "events" text[] NOT NULL,
      "unit_id" uuid REFERENCES "units"("id") ON DELETE CASCADE,
      "active" boolean NOT NULL DEFAULT true,
      "secret" text NOT NULL,
      "consecutive_failures" integer NOT NULL DEFAULT 0,
      "version" integer NOT NULL DEFAULT 1,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "webhook_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "webhook_id" uuid NOT NULL REFERENCES "webhooks"("id") ON DELETE CASCADE,
      "event_id" uuid NOT NULL,
      "event" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('delivered', 'failed')),
      "response_code" integer,
      "attempt" integer NOT NULL,
      "error" text,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp())`);
    await q.query(`CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" ("webhook_id", "at" DESC, "id" DESC)`);
    await q.query(`CREATE TABLE "scheduled_notices" (
      "kind" text NOT NULL,
      "order_id" uuid NOT NULL,
      "key" text NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      PRIMARY KEY ("kind", "order_id", "key"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'scheduled_notices',
      'webhook_deliveries',
      'webhooks',
      'outbound_mails',
      'notification_deliveries',
      'notification_preferences',
      'notifications',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
