import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { Actor, Membership } from './access/actor';
import { SessionEntity } from './entities/session.entity';
import { digest, newToken } from './tokens';
import { preparedQuery } from '../database/prepared-query';

export interface NewSession {
  session: SessionEntity;
  token: string;
  csrfToken: string;
}

interface ActorRow {
  session_id: string;
  user_id: string;
  email: string;
  name: string;
  is_admin: boolean;
  language: Actor['language'];
  csrf_hash: string;
  last_seen_at: Date;
  memberships: Membership[] | null;
  managed_unit_ids: string[] | null;
}

/** The caller of a token digest ($1) within the idle timeout in minutes ($2): one row, or none. */
export const AUTHENTICATE_SQL = `WITH RECURSIVE s AS (
         SELECT s.id, s.user_id, s.csrf_hash, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
            AND s.last_seen_at > now() - make_interval(mins => $2) AND u.active
       ), managed AS (
         SELECT m.unit_id FROM memberships m JOIN s ON s.user_id = m.user_id WHERE m.role = 'manager'
         UNION
         SELECT u.id FROM units u JOIN managed ON u.parent_id = managed.unit_id
       )
       SELECT s.id AS session_id, u.id AS user_id, u.email, u.name, u.is_admin, u.language, s.csrf_hash, s.last_seen_at,
              (SELECT json_agg(json_build_object('unitId', m.unit_id, 'role', m.role)) FROM memberships m WHERE m.user_id = u.id) AS memberships,
              (SELECT array_agg(unit_id) FROM managed) AS managed_unit_ids
         FROM s JOIN users u ON u.id = s.user_id`;

/** Server-side sessions in PostgreSQL with idle and absolute timeouts. */
@Injectable()
export class SessionService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    manager: EntityManager,
    userId: string,
    kind: 'password' | 'sso',
    meta: { userAgent?: string; ip?: string },
  ): Promise<NewSession> {
    const token = newToken();
    const csrfToken = newToken();
    const now = new Date();
    const session = manager.create(SessionEntity, {
      userId,
      kind,
      tokenHash: digest(token),
      csrfHash: digest(csrfToken),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.absoluteHours * 3600_000),
      revokedAt: null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    });
    await manager.save(session);
    return { session, token, csrfToken };
  }

  /**
   * One indexed lookup by token digest; returns the caller with memberships and the units
   * below those they manage, or null when the session is unknown, revoked, idle or expired.
   */
  async authenticate(token: string, via: Actor['via']): Promise<(Actor & { csrfHash: string }) | null> {
    const rows = await preparedQuery<ActorRow>(this.db, AUTHENTICATE_SQL, [digest(token), this.config.session.idleMinutes]);
    const row = rows[0];
    if (!row) return null;
    // Sliding idle timeout, written at most once a minute to keep reads cheap.
    if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
      await this.db.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [row.session_id]);
    }
    const memberships = row.memberships ?? [];
    return {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      isAdmin: row.is_admin,
      memberships,
      memberUnitIds: [...new Set(memberships.map((m) => m.unitId))],
      managedUnitIds: row.managed_unit_ids ?? [],
      sessionId: row.session_id,
      via,
      language: row.language,
      csrfHash: row.csrf_hash,
    };
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  async revokeByToken(manager: EntityManager, token: string): Promise<void> {
    await manager.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [digest(token)]);
  }

  async revokeAllForUser(manager: EntityManager, userId: string, except?: string): Promise<number> {
    const [, count] = await manager.query(
      'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)',
      [userId, except ?? null],
    );
    return Number(count);
  }

  async listActive(userId: string): Promise<SessionEntity[]> {
    return this.db
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > now()', { userId })
      .andWhere(`s.last_seen_at > now() - make_interval(mins => :idle)`, { idle: this.config.session.idleMinutes })
      .orderBy('s.last_seen_at', 'DESC')
      .getMany();
  }
}
