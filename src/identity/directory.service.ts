import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language } from '../common/language';
import type { MembershipRole } from './access/actor';

/** How to reach a user: for mail and in-app notifications. */
export interface UserContact {
  id: string;
  email: string;
  name: string;
  language: Language;
}

/**
 * Identity's facade for other modules that need to know who to tell: the active members of a
 * unit in a role, and a user's contact. Inactive users are never returned.
 */
@Injectable()
export class DirectoryService {
  constructor(private readonly db: DataSource) {}

  /** Ids of the active users holding `role` in `unitId`. */
  async membersWithRole(unitId: string, role: MembershipRole): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT u.id FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.unit_id = $1 AND m.role = $2 AND u.active ORDER BY u.id`,
      [unitId, role],
    );
    return rows.map((r) => r.id);
  }

  /** Contacts of the active users among `userIds` (language `en` until the user picks one). */
  async contacts(userIds: string[]): Promise<UserContact[]> {
    if (userIds.length === 0) return [];
    return this.db.query(
      `SELECT id, email, name, coalesce(language, 'en') AS language FROM users WHERE id = ANY($1::uuid[]) AND active ORDER BY id`,
      [userIds],
    );
  }

  async isAdmin(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM users WHERE id = $1 AND is_admin AND active', [userId]);
    return rows.length > 0;
  }
}
