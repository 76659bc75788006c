import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, invalid } from '../common/domain-error';
import { EventPublisher } from '../events/event-publisher';
import type { Actor, Membership } from './access/actor';
import { MembershipEntity } from './entities/membership.entity';
import { UnitEntity } from './entities/unit.entity';
import { UserEntity } from './entities/user.entity';
import { CreateUserDto, UpdateUserDto } from './identity.dto';
import { hashPassword } from './password-hasher';
import { passwordWeakness } from './password-strength';
import type { Language } from '../common/language';
import { SessionService } from './session.service';

export interface UserView {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  active: boolean;
  /** Erased (issue 27): the row stays as "Former user" for the records that refer to it. */
  erased: boolean;
  memberships: Membership[];
  /** Null until the user picks one; pages then follow the browser. */
  language: Language | null;
  version: number;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly events: EventPublisher,
  ) {}

  async list(): Promise<UserView[]> {
    const users = await this.db.getRepository(UserEntity).find({ order: { email: 'ASC' } });
    const memberships = await this.db.getRepository(MembershipEntity).find();
    return users.map((u) =>
      view(
        u,
        memberships.filter((m) => m.userId === u.id),
      ),
    );
  }

  /** The active deliverers of a unit, by name: whom an order of that unit may be assigned to. */
  async activeDeliverers(unitId: string): Promise<Array<{ id: string; name: string }>> {
    return this.db.query(
      `SELECT u.id, u.name FROM users u JOIN memberships ms ON ms.user_id = u.id
        WHERE ms.unit_id = $1 AND ms.role = 'deliverer' AND u.active ORDER BY u.name, u.id`,
      [unitId],
    );
  }

  /**
   * The names of these people in one query, for pages that show who did what (unknown ids are
   * left out); an erased person is `formerUser` (the reader's "Former user").
   */
  async namesOf(ids: Iterable<string | null | undefined>, formerUser = 'Former user'): Promise<Map<string, string>> {
    const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
    if (!wanted.length) return new Map();
    const rows: Array<{ id: string; name: string; erased: boolean }> = await this.db.query(
      `SELECT id, name, erased_at IS NOT NULL AS erased FROM users WHERE id = ANY($1::uuid[])`,
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, r.erased ? formerUser : r.name]));
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<UserView> {
    const user = await manager.findOneBy(UserEntity, { id });
    if (!user) throw DomainError.notFound('User');
    return view(user, await manager.findBy(MembershipEntity, { userId: id }));
  }

  /**
   * `weakPasswordAllowed` is for the bootstrap admin alone: its ADMIN_PASSWORD was checked at
   * start (refused in production, a warning elsewhere).
   */
  async create(actor: Actor | null, dto: CreateUserDto, options: { weakPasswordAllowed?: boolean } = {}): Promise<UserView> {
    if (dto.password && !options.weakPasswordAllowed) assertStrongPassword(dto.password, [dto.email, dto.name]);
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    return this.db.transaction(async (m) => {
      const email = dto.email.trim().toLowerCase();
      if (await m.existsBy(UserEntity, { email }))
        throw new DomainError('duplicate', 'A user with this email exists.', [
          { pointer: '/email', code: 'taken', detail: 'already in use' },
        ]);
      await assertUnitsExist(m, dto.memberships);
      const user = await m.save(
        m.create(UserEntity, {
          email,
          name: dto.name.trim(),
          passwordHash,
          isAdmin: dto.isAdmin ?? false,
          active: dto.active ?? true,
          oidcSubject: null,
          language: dto.language ?? null,
        }),
      );
      await replaceMemberships(m, user.id, dto.memberships);
      const created = await this.get(user.id, m);
      await this.audit.record(m, {
        actorId: actor?.userId ?? null,
        action: 'user.created',
        entity: 'user',
        entityId: user.id,
        after: auditable(created),
      });
      return created;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (dto.password) {
      const current = await this.db.getRepository(UserEntity).findOneBy({ id });
      assertStrongPassword(dto.password, [dto.email ?? current?.email ?? '', dto.name ?? current?.name ?? '']);
    }
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    return this.db.transaction(async (m) => {
      const before = await this.get(id, m);
      assertNotErased(before);
      const changes: Partial<UserEntity> = {};
      if (dto.email !== undefined) changes.email = dto.email.trim().toLowerCase();
      if (dto.name !== undefined) changes.name = dto.name.trim();
      if (dto.isAdmin !== undefined) changes.isAdmin = dto.isAdmin;
      if (dto.active !== undefined) changes.active = dto.active;
      if (dto.language !== undefined) changes.language = dto.language;
      if (passwordHash) changes.passwordHash = passwordHash;
      if (changes.email && changes.email !== before.email && (await m.existsBy(UserEntity, { email: changes.email }))) {
        throw new DomainError('duplicate', 'A user with this email exists.', [
          { pointer: '/email', code: 'taken', detail: 'already in use' },
        ]);
      }
      const expected = dto.version ?? before.version;
      const result = await m
        .createQueryBuilder()
        .update(UserEntity)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :expected', { id, expected })
        .execute();
      if (result.affected !== 1) throw DomainError.stale('The user', expected);
      if (dto.memberships) {
        await assertUnitsExist(m, dto.memberships);
        await replaceMemberships(m, id, dto.memberships);
        // What hung on a membership that ended (orders assigned to a deliverer) is let go with it.
        const kept = new Set(dto.memberships.map((x) => `${x.unitId}:${x.role}`));
        for (const ended of before.memberships.filter((x) => !kept.has(`${x.unitId}:${x.role}`))) {
          await this.events.signal(m, 'membership.ended', { userId: id, unitId: ended.unitId, role: ended.role, actorId: actor.userId });
        }
      }
      // Deactivation, or a new password, takes effect at once on every device.
      if (dto.active === false || passwordHash) await this.sessions.revokeAllForUser(m, id);
      const after = await this.get(id, m);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: dto.memberships ? 'user.memberships_changed' : 'user.updated',
        entity: 'user',
        entityId: id,
        before: auditable(before),
        after: auditable(after),
      });
      return after;
    });
  }

  /**
   * An admin links a single sign-on identity (issuer and subject, stored as SSO sign-in matches
   * it) to an existing account: what SSO's "ask an admin" 409 asks for. One identity, one account.
   */
  async linkSso(actor: Actor, id: string, issuer: string, subject: string): Promise<UserView> {
    const oidcSubject = `${issuer.trim()}|${subject.trim()}`;
    return this.db.transaction(async (m) => {
      assertNotErased(await this.get(id, m)); // 404 for an unknown account
      const holder = await m.findOneBy(UserEntity, { oidcSubject });
      if (holder && holder.id !== id) {
        throw new DomainError('duplicate', 'This identity is linked to another account.', [
          { pointer: '/subject', code: 'taken', detail: 'already in use' },
        ]);
      }
      const previous = (await m.findOneByOrFail(UserEntity, { id })).oidcSubject;
      await m
        .createQueryBuilder()
        .update(UserEntity)
        .set({ oidcSubject, version: () => 'version + 1' })
        .where('id = :id', { id })
        .execute();
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'user.sso_linked',
        entity: 'user',
        entityId: id,
        before: { oidcSubject: previous },
        after: { oidcSubject },
      });
      return this.get(id, m);
    });
  }

  /** The caller's own language for pages and mail (`PATCH /api/v1/me`). */
  async setLanguage(actor: Actor, language: Language): Promise<UserView> {
    return this.db.transaction(async (m) => {
      const before = await this.get(actor.userId, m);
      if (before.language === language) return before;
      await m.query('UPDATE users SET language = $2, version = version + 1, updated_at = now() WHERE id = $1', [actor.userId, language]);
      const after = await this.get(actor.userId, m);
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'user.language_changed',
        entity: 'user',
        entityId: actor.userId,
        before: { language: before.language },
        after: { language },
      });
      return after;
    });
  }
}

/** An erased account stays "Former user" for the records that refer to it: it never changes again. */
function assertNotErased(user: UserView): void {
  if (user.erased) throw new DomainError('action_not_allowed', 'This person has been erased; the account can no longer change.');
}

/** Wherever a password is set: refused with the estimator's advice when it is easy to guess. */
export function assertStrongPassword(password: string, related: string[]): void {
  const weakness = passwordWeakness(password, related);
  if (weakness) {
    throw DomainError.validation([{ pointer: '/password', code: 'weakPassword', detail: weakness }], `The password is ${weakness}`);
  }
}

function view(user: UserEntity, memberships: MembershipEntity[]): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    active: user.active,
    erased: user.erasedAt !== null,
    memberships: memberships.map((m) => ({ unitId: m.unitId, role: m.role })),
    language: user.language,
    version: user.version,
  };
}

function auditable(user: UserView): Record<string, unknown> {
  return { ...user };
}

async function assertUnitsExist(m: EntityManager, memberships: Membership[]): Promise<void> {
  const ids = [...new Set(memberships.map((x) => x.unitId))];
  if (!ids.length) return;
  const found = new Set((await m.findBy(UnitEntity, { id: In(ids) })).map((u) => u.id));
  const index = memberships.findIndex((x) => !found.has(x.unitId));
  if (index >= 0) throw invalid(`/memberships/${index}/unitId`, 'unknownReference', 'no unit with this id');
}

async function replaceMemberships(m: EntityManager, userId: string, memberships: Membership[]): Promise<void> {
  await m.delete(MembershipEntity, { userId });
  const unique = new Map(memberships.map((x) => [`${x.unitId}:${x.role}`, x]));
  if (unique.size)
    await m.insert(
      MembershipEntity,
      [...unique.values()].map((x) => ({ userId, unitId: x.unitId, role: x.role })),
    );
}
