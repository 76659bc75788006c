import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../common/page';

export interface NotificationView {
  id: string;
  event: string;
  orderId: string | null;
  reference: string | null;
  title: string;
  /** The page of an idea or a survey; null for an order's notification (see `orderId`). */
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

/** A user's in-app notifications: only their own, newest first. */
@Injectable()
export class InboxService {
  constructor(private readonly db: DataSource) {}

  async list(
    userId: string,
    q: { limit?: number; cursor?: string; unread?: boolean },
  ): Promise<Page<NotificationView> & { unread: number }> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [userId, limit + 1];
    let where = 'user_id = $1';
    if (q.unread) where += ' AND read_at IS NULL';
    if (q.cursor) {
      const [at, id] = decodeTimeCursor(q.cursor);
      params.push(at, id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows: (NotificationView & { position: string })[] = await this.db.query(
      `SELECT id, event, order_id AS "orderId", reference, title, link, read_at AS "readAt", created_at AS "createdAt", created_at::text AS position
         FROM notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    const page = pageOf(rows, limit, (last) => [last.position, last.id]);
    const [{ unread }] = await this.db.query('SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
      userId,
    ]);
    return { items: page.items.map(({ position: _, ...n }) => n), nextCursor: page.nextCursor, unread };
  }

  /** The header's count on every page: one indexed count. */
  async unreadCount(userId: string): Promise<number> {
    const [{ unread }] = await this.db.query('SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
      userId,
    ]);
    return unread;
  }

  async markRead(userId: string, id: string): Promise<NotificationView> {
    const [rows] = await this.db.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2
       RETURNING id, event, order_id AS "orderId", reference, title, link, read_at AS "readAt", created_at AS "createdAt"`,
      [id, userId],
    );
    if (!rows.length) throw DomainError.notFound('Notification');
    return rows[0];
  }

  /** Opening an order reads what the user was told about it: its notifications are marked read. */
  async markOrderRead(userId: string, orderId: string): Promise<{ marked: number }> {
    const [, marked] = await this.db.query(
      'UPDATE notifications SET read_at = now() WHERE user_id = $1 AND order_id = $2 AND read_at IS NULL',
      [userId, orderId],
    );
    return { marked: Number(marked) };
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    const [, marked] = await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return { marked: Number(marked) };
  }
}
