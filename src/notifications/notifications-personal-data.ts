import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry, RetentionCounts } from '../privacy/personal-data';

const ERASED = 'Former user';

/**
 * Notifications' part of export, erasure and retention: a person's in-app notifications,
 * preferences and the mails sent to them go on erasure; mails to others that named them keep
 * their text with the name and address replaced; retention removes the notifications and mails
 * of orders finished long ago.
 */
@Injectable()
export class NotificationsPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = {
    notifications: ['user_id'],
    notification_preferences: ['user_id'],
    notification_deliveries: ['recipient'],
    outbound_mails: ['user_id', 'recipient'],
  };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    const [preferences] = await m.query(
      `SELECT email, digest, events, updated_at AS "updatedAt" FROM notification_preferences WHERE user_id = $1`,
      [s.userId],
    );
    return {
      notifications: await m.query(
        `SELECT id, event, order_id AS "orderId", reference, title, read_at AS "readAt", created_at AS "createdAt"
           FROM notifications WHERE user_id = $1 ORDER BY created_at, id`,
        [s.userId],
      ),
      notificationPreferences: preferences ?? null,
      // A mail's text quotes the message it is about and names who wrote it (another person):
      // the export keeps what was sent when and why, the text stays on the order (GDPR Art. 15(4)).
      mailsSentToYou: await m.query(
        `SELECT id, kind, recipient, subject, status, created_at AS "createdAt", sent_at AS "sentAt"
           FROM outbound_mails WHERE user_id = $1 OR recipient = $2 ORDER BY created_at, id`,
        [s.userId, s.email],
      ),
    };
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    await m.query(`DELETE FROM notifications WHERE user_id = $1`, [s.userId]);
    await m.query(`DELETE FROM notification_preferences WHERE user_id = $1`, [s.userId]);
    await m.query(`DELETE FROM notification_deliveries WHERE recipient = $1 OR recipient = $2`, [s.userId, s.email]);
    await m.query(`DELETE FROM outbound_mails WHERE user_id = $1 OR recipient = $2`, [s.userId, s.email]);
    for (const value of [s.email, s.name]) {
      await m.query(
        `UPDATE outbound_mails SET subject = replace(subject, $1, $2), text_body = replace(text_body, $1, $2), html_body = replace(html_body, $1, $2)
          WHERE strpos(subject, $1) > 0 OR strpos(text_body, $1) > 0 OR strpos(html_body, $1) > 0`,
        [value, ERASED],
      );
      await m.query(`UPDATE notifications SET title = replace(title, $1, $2) WHERE strpos(title, $1) > 0`, [value, ERASED]);
    }
  }

  async retire(m: EntityManager, orderIds: string[], dryRun: boolean): Promise<RetentionCounts> {
    const [{ mails }] = await m.query(`SELECT count(*)::int AS mails FROM outbound_mails WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    const [{ notes }] = await m.query(`SELECT count(*)::int AS notes FROM notifications WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    if (!dryRun) {
      await m.query(`DELETE FROM outbound_mails WHERE order_id = ANY($1::uuid[])`, [orderIds]);
      await m.query(`DELETE FROM notifications WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    }
    return { mails, notifications: notes };
  }
}
