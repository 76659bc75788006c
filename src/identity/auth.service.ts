import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { UserEntity } from './entities/user.entity';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password-hasher';
import { NewSession, SessionService } from './session.service';

export interface RequestMeta {
  ip: string;
  userAgent?: string;
  requestId?: string;
  /** The session token the browser already had, revoked at sign-in (rotation). */
  previousToken?: string | null;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  /** Unknown account and wrong password get the same answer, in about the same time. */
  async login(emailInput: string, password: string, meta: RequestMeta): Promise<NewSession & { user: UserEntity }> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.reserveAttempt(email, meta.ip);
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || !user.active) {
      // The attempt stays counted. What was typed as the email is kept only when it names an
      // account or looks like an address: people paste passwords into the wrong field, and
      // the audit log is append-only.
      await this.db.transaction((m) =>
        this.audit.record(m, {
          actorId: user?.id ?? null,
          action: 'auth.login_failed',
          entity: 'user',
          entityId: user?.id ?? null,
          after: { email: user || EMAIL_SHAPE.test(email) ? email : null },
          ip: meta.ip,
          requestId: meta.requestId,
        }),
      );
      throw new DomainError('unauthenticated', 'Email or password is wrong.');
    }
    await this.throttle.clear(email, meta.ip);
    return this.startSession(user, 'password', meta);
  }

  async startSession(user: UserEntity, kind: 'password' | 'sso', meta: RequestMeta): Promise<NewSession & { user: UserEntity }> {
    return this.db.transaction(async (m) => {
      if (meta.previousToken) await this.sessions.revokeByToken(m, meta.previousToken);
      const created = await this.sessions.create(m, user.id, kind, meta);
      await this.audit.record(m, {
        actorId: user.id,
        action: kind === 'sso' ? 'auth.login_sso' : 'auth.login',
        entity: 'session',
        entityId: created.session.id,
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return { ...created, user };
    });
  }

  async logout(userId: string, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.sessions.revoke(m, sessionId);
      await this.audit.record(m, {
        actorId: userId,
        action: 'auth.logout',
        entity: 'session',
        entityId: sessionId,
        ip: meta.ip,
        requestId: meta.requestId,
      });
    });
  }

  async endSession(userId: string, sessionId: string, meta: RequestMeta): Promise<void> {
    const owned = await this.db.query('SELECT 1 FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [sessionId, userId]);
    if (!owned.length) throw DomainError.notFound('Session');
    await this.logout(userId, sessionId, meta);
  }
}
