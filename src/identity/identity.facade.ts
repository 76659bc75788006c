import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, Membership, MembershipRole } from './access/actor';

export interface UnitSummary {
  id: string;
  name: string;
  code: string;
  kind: string;
}

export interface Contact {
  email: string;
  name: string;
  language: string;
}

/**
 * What other modules may ask identity: who belongs where, and how to reach them. They pass
 * their transaction's manager when the answer must agree with what they are changing.
 */
@Injectable()
export class IdentityFacade {
  constructor(private readonly db: DataSource) {}

  /** An active user with this role in the unit. */
  async isActiveMember(userId: string, unitId: string, role: MembershipRole, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.user_id = $1 AND ms.unit_id = $2 AND ms.role = $3 AND u.active`,
      [userId, unitId, role],
    );
    return rows.length > 0;
  }

  /**
   * An active user as the visibility rules see them (memberships, the units below those they
   * manage), for work done on their behalf without a request (mail sent later); null when the
   * user is unknown or deactivated.
   */
  async actorOf(userId: string, m: EntityManager = this.db.manager): Promise<Actor | null> {
    const [row]: Array<{
      email: string;
      name: string;
      is_admin: boolean;
      language: Actor['language'];
      memberships: Membership[] | null;
      managed_unit_ids: string[] | null;
    }> = await m.query(
      `WITH RECURSIVE managed AS (
         SELECT ms.unit_id FROM memberships ms WHERE ms.user_id = $1 AND ms.role = 'manager'
         UNION
         SELECT u.id FROM units u JOIN managed ON u.parent_id = managed.unit_id
       )
       SELECT u.email, u.name, u.is_admin, u.language,
              (SELECT json_agg(json_build_object('unitId', ms.unit_id, 'role', ms.role)) FROM memberships ms WHERE ms.user_id = u.id) AS memberships,
              (SELECT array_agg(unit_id) FROM managed) AS managed_unit_ids
         FROM users u WHERE u.id = $1 AND u.active`,
      [userId],
    );
    if (!row) return null;
    const memberships = row.memberships ?? [];
    return {
      userId,
      email: row.email,
      name: row.name,
      isAdmin: row.is_admin,
      memberships,
      memberUnitIds: [...new Set(memberships.map((x) => x.unitId))],
      managedUnitIds: row.managed_unit_ids ?? [],
      sessionId: '',
      via: 'bearer',
      language: row.language,
    };
  }

  /** The id of the active user with this address (addresses are stored lower-case), else null: for mail in. */
  async activeUserIdByEmail(email: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: Array<{ id: string }> = await m.query(`SELECT id FROM users WHERE email = $1 AND active`, [email.trim().toLowerCase()]);
    return row?.id ?? null;
  }

  /** The active users with this role in the unit. */
  async membersOf(unitId: string, role: MembershipRole, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT u.id FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.unit_id = $1 AND ms.role = $2 AND u.active ORDER BY u.id`,
      [unitId, role],
    );
    return rows.map((r) => r.id);
  }

  /** How to address a user; language falls back to English until users carry one. */
  async contactOf(userId: string, m: EntityManager = this.db.manager): Promise<Contact | null> {
    const [row]: Contact[] = await m.query(
      `SELECT u.email, u.name, coalesce(to_jsonb(u)->>'language', 'en') AS language FROM users u WHERE u.id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /** Those of `userIds` that belong to the unit in any role (a customer panel takes people from outside it). */
  async membersAmong(unitId: string, userIds: string[], m: EntityManager = this.db.manager): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows: Array<{ user_id: string }> = await m.query(
      `SELECT DISTINCT user_id FROM memberships WHERE unit_id = $1 AND user_id = ANY($2::uuid[])`,
      [unitId, userIds],
    );
    return rows.map((r) => r.user_id);
  }

  /** Active people with no membership in the unit, by name (whom a customer panel may take), at most `limit`. */
  async activePeopleOutside(
    unitId: string,
    limit = 500,
    m: EntityManager = this.db.manager,
  ): Promise<Array<{ id: string; name: string; email: string }>> {
    return m.query(
      `SELECT u.id, u.name, u.email FROM users u
        WHERE u.active AND NOT u.is_admin AND NOT EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = u.id AND ms.unit_id = $1)
          AND EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = u.id)
        ORDER BY u.name, u.id LIMIT $2`,
      [unitId, limit],
    );
  }

  /** Names of users (active or not) to show beside what they wrote, looked up in one query. */
  async namesOf(userIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await m.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [
      [...new Set(userIds)],
    ]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async unit(unitId: string, m: EntityManager = this.db.manager): Promise<UnitSummary | null> {
    const [row]: UnitSummary[] = await m.query(`SELECT id, name, code, kind FROM units WHERE id = $1`, [unitId]);
    return row ?? null;
  }

  /** Contacts of the active users among `userIds`, with their ids (for notifying several at once). */
  async contactsOf(userIds: string[], m: EntityManager = this.db.manager): Promise<Array<Contact & { id: string }>> {
    if (userIds.length === 0) return [];
    return m.query(
      `SELECT u.id, u.email, u.name, coalesce(u.language, 'en') AS language FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active ORDER BY u.id`,
      [userIds],
    );
  }
}
