import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fieldError, type FieldError } from '../common/field-error';
import { EventPublisher } from '../events/event-publisher';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from '../privacy/personal-data';
import type { MembershipRole } from './access/actor';

/** The name every record shows for an erased person (pages translate it). */
export const FORMER_USER = 'Former user';

/** Identity's part of export and erasure: the account, memberships, sessions, sign-in throttling. */
@Injectable()
export class IdentityPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = {
    users: ['id', 'email', 'name', 'password_hash', 'oidc_subject'],
    memberships: ['user_id'],
    sessions: ['user_id', 'ip', 'user_agent'],
    login_failures: ['email', 'ip'],
    write_counts: ['user_id'],
  };

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly events: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /** The person as identity knows them (locked, for an erasure), or null. */
  async subject(m: EntityManager, userId: string, lock = false): Promise<(DataSubject & { erasedAt: Date | null }) | null> {
    const [row]: Array<{ id: string; email: string; name: string; erased_at: Date | null }> = await m.query(
      `SELECT id, email, name, erased_at FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [userId],
    );
    return row ? { userId: row.id, email: row.email, name: row.name, erasedAt: row.erased_at } : null;
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    const [profile] = await m.query(
      `SELECT id, email, name, language, is_admin AS "isAdmin", active, oidc_subject AS "ssoIdentity", created_at AS "createdAt", updated_at AS "updatedAt"
         FROM users WHERE id = $1`,
      [s.userId],
    );
    const memberships = await m.query(
      `SELECT ms.unit_id AS "unitId", un.name AS "unitName", ms.role FROM memberships ms JOIN units un ON un.id = ms.unit_id
        WHERE ms.user_id = $1 ORDER BY un.name, ms.role`,
      [s.userId],
    );
    const sessions = await m.query(
      `SELECT kind, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", revoked_at AS "revokedAt",
              user_agent AS "userAgent", ip
         FROM sessions WHERE user_id = $1 ORDER BY created_at`,
      [s.userId],
    );
    const failedSignIns = await m.query(`SELECT ip, at FROM login_failures WHERE email = $1 ORDER BY at`, [s.email]);
    const writeCounts = await m.query(
      `SELECT bucket, window_start AS "windowStart", hits FROM write_counts WHERE user_id = $1 ORDER BY window_start`,
      [s.userId],
    );
    return { profile, memberships, sessions, failedSignIns, writeCounts };
  }

  async erasureBlockers(m: EntityManager, s: DataSubject): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const [admin]: Array<{ others: number; is_admin: boolean }> = await m.query(
      `SELECT u.is_admin, (SELECT count(*)::int FROM users o WHERE o.is_admin AND o.active AND o.id <> u.id) AS others FROM users u WHERE u.id = $1`,
      [s.userId],
    );
    if (admin?.is_admin && admin.others === 0) {
      errors.push(fieldError('/id', 'lastAdmin', 'the last active administrator: make another person an administrator first'));
    }
    const alone: Array<{ name: string }> = await m.query(
      `SELECT un.name FROM memberships ms JOIN units un ON un.id = ms.unit_id
        WHERE ms.user_id = $1 AND ms.role = 'manager'
          AND NOT EXISTS (SELECT 1 FROM memberships o JOIN users ou ON ou.id = o.user_id
                           WHERE o.unit_id = ms.unit_id AND o.role = 'manager' AND o.user_id <> ms.user_id AND ou.active)
        ORDER BY un.name`,
      [s.userId],
    );
    for (const unit of alone) {
      errors.push(
        fieldError('/id', 'onlyManager', `the only manager of ${unit.name}: give the unit another manager first`, { unit: unit.name }),
      );
    }
    return errors;
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    // What hung on a membership (orders assigned to the person) is let go, as when an admin ends it.
    const memberships: Array<{ unit_id: string; role: MembershipRole }> = await m.query(
      `DELETE FROM memberships WHERE user_id = $1 RETURNING unit_id, role`,
      [s.userId],
    );
    for (const ended of memberships) {
      await this.events.signal(m, 'membership.ended', { userId: s.userId, unitId: ended.unit_id, role: ended.role, actorId: null });
    }
    await m.query(`DELETE FROM sessions WHERE user_id = $1`, [s.userId]);
    await m.query(`DELETE FROM write_counts WHERE user_id = $1`, [s.userId]);
    await m.query(`DELETE FROM login_failures WHERE email = $1`, [s.email]);
    await m.query(
      `UPDATE users SET name = $2, email = 'erased-' || id || '@erased.invalid', password_hash = NULL, oidc_subject = NULL,
              is_admin = false, active = false, language = NULL, erased_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [s.userId, FORMER_USER],
    );
  }
}
