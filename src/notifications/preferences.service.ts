import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ORDER_EVENT_TYPES } from './event-types';

export interface NotificationPreferences {
  email: boolean;
  digest: 'off' | 'daily';
  /** Event type → false to turn it off; a type not named is on. Read back with every type, true or false. */
  events: Record<string, boolean>;
}

const DEFAULTS = { email: true, digest: 'off' } as const;

@Injectable()
export class PreferencesService {
  constructor(private readonly db: DataSource) {}

  async get(userId: string, m: EntityManager = this.db.manager): Promise<NotificationPreferences> {
    const rows: NotificationPreferences[] = await m.query('SELECT email, digest, events FROM notification_preferences WHERE user_id = $1', [
      userId,
    ]);
    const stored = rows[0] ?? { ...DEFAULTS, events: {} };
    // Every type with its effective switch, so a client reads a boolean for each, not a gap.
    return { ...stored, events: Object.fromEntries(ORDER_EVENT_TYPES.map((type) => [type, stored.events[type] !== false])) };
  }

  async put(userId: string, prefs: NotificationPreferences): Promise<NotificationPreferences> {
    await this.db.query(
      `INSERT INTO notification_preferences (user_id, email, digest, events, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (user_id) DO UPDATE SET email = $2, digest = $3, events = $4, updated_at = now()`,
      [userId, prefs.email, prefs.digest, JSON.stringify(prefs.events)],
    );
    return this.get(userId);
  }
}
