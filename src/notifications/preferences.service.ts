import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface NotificationPreferences {
  email: boolean;
  digest: 'off' | 'daily';
  /** Event type → false to turn it off; a type not named is on. */
  events: Record<string, boolean>;
}

const DEFAULTS: NotificationPreferences = { email: true, digest: 'off', events: {} };

@Injectable()
export class PreferencesService {
  constructor(private readonly db: DataSource) {}

  async get(userId: string, m: EntityManager = this.db.manager): Promise<NotificationPreferences> {
    const rows: NotificationPreferences[] = await m.query('SELECT email, digest, events FROM notification_preferences WHERE user_id = $1', [
      userId,
    ]);
    return rows[0] ?? { ...DEFAULTS, events: {} };
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
