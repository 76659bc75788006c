import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import * as oidc from 'openid-client';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { RequestMeta } from '../auth.service';
import { UserEntity } from '../entities/user.entity';

/** What the browser carries between start and callback; nothing is kept in server memory. */
export interface SsoAttempt {
  state: string;
  nonce: string;
  verifier: string;
  /** Epoch milliseconds after which the attempt is refused, even if a client kept the cookie. */
  expiresAt: number;
}

export const SSO_ATTEMPT_COOKIE = 'sso_attempt';
export const SSO_ATTEMPT_TTL_MS = 10 * 60_000;

/** The identity provider's answer, reduced to what sign-in needs. */
interface SsoIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

type OidcSettings = NonNullable<AppConfig['oidc']>;

const attemptInvalid = (): DomainError =>
  new DomainError('validation_failed', 'The sign-in attempt is invalid or expired; start the sign-in again.');

/**
 * Single sign-on with OpenID Connect: authorization code flow with PKCE, state and nonce.
 * The attempt lives in a short-lived cookie, so any app instance can finish it.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);
  /** Discovery runs once per process; a failed discovery is retried on the next sign-in. */
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The provider's authorization URL and the attempt to remember in the browser. */
  async start(): Promise<{ url: string; attempt: SsoAttempt }> {
    const settings = this.settings();
    const configuration = await this.configuration(settings);
    const attempt: SsoAttempt = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      expiresAt: Date.now() + SSO_ATTEMPT_TTL_MS,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: 'openid email profile',
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(attempt.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, attempt };
  }

  /**
   * Finishes the attempt: checks it, exchanges the code (openid-client verifies state, nonce,
   * PKCE and the ID token) and returns the matching, linked or newly provisioned active user.
   */
  async finish(attempt: SsoAttempt | null, query: URLSearchParams, meta: RequestMeta): Promise<UserEntity> {
    try {
      return await this.finishAttempt(attempt, query, meta);
    } catch (error) {
      await this.recordFailure(error, meta);
      throw error;
    }
  }

  /** A refused single sign-on is a failed sign-in, audited like a wrong password. */
  private async recordFailure(error: unknown, meta: RequestMeta): Promise<void> {
    const reason = error instanceof DomainError ? error.message : 'Single sign-on failed unexpectedly.';
    await this.db
      .transaction((m) =>
        this.audit.record(m, {
          actorId: null,
          action: 'auth.login_failed',
          entity: 'user',
          entityId: null,
          after: { source: 'sso', reason },
          ip: meta.ip,
          requestId: meta.requestId,
        }),
      )
      .catch((auditError: unknown) => this.logger.error(`could not audit a failed single sign-on: ${describe(auditError)}`));
  }

  private async finishAttempt(attempt: SsoAttempt | null, query: URLSearchParams, meta: RequestMeta): Promise<UserEntity> {
    const settings = this.settings();
    if (!attempt || attempt.expiresAt < Date.now() || query.get('state') !== attempt.state) throw attemptInvalid();
    const configuration = await this.configuration(settings);
    const identity = await this.exchange(configuration, settings, attempt, query);
    try {
      return await this.db.transaction((m) => this.resolveUser(m, identity, meta));
    } catch (error) {
      // Two first sign-ins of one person raced on the unique subject or email: the other won.
      if (!isUniqueViolation(error)) throw error;
      return this.db.transaction((m) => this.resolveUser(m, identity, meta));
    }
  }

  /** Encodes the attempt for its cookie: JSON, base64url. */
  static encodeAttempt(attempt: SsoAttempt): string {
    return Buffer.from(JSON.stringify(attempt), 'utf8').toString('base64url');
  }

  /** Decodes the attempt cookie; null when it is absent or not one of ours. */
  static decodeAttempt(raw: unknown): SsoAttempt | null {
    if (typeof raw !== 'string' || raw === '') return null;
    try {
      const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<SsoAttempt> | null;
      if (
        value &&
        typeof value.state === 'string' &&
        typeof value.nonce === 'string' &&
        typeof value.verifier === 'string' &&
        typeof value.expiresAt === 'number'
      ) {
        return { state: value.state, nonce: value.nonce, verifier: value.verifier, expiresAt: value.expiresAt };
      }
    } catch {
      // fall through: a cookie we cannot read is no attempt
    }
    return null;
  }

  private settings(): OidcSettings {
    if (!this.config.oidc) throw new DomainError('not_found', 'Single sign-on is not configured.');
    return this.config.oidc;
  }

  private configuration(settings: OidcSettings): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(settings.issuer);
      this.discovered = oidc
        .discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret.reveal()), {
          // An http:// issuer is only ever configured on purpose (local development, tests).
          execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
        })
        .catch((error: unknown) => {
          this.discovered = null;
          this.logger.error(`OpenID Connect discovery of ${settings.issuer} failed: ${describe(error)}`);
          throw new ServiceUnavailableException('The identity provider cannot be reached; try again later.');
        });
    }
    return this.discovered;
  }

  private async exchange(
    configuration: oidc.Configuration,
    settings: OidcSettings,
    attempt: SsoAttempt,
    query: URLSearchParams,
  ): Promise<SsoIdentity> {
    // The redirect URI we registered, with the provider's answer; never the Host header.
    const currentUrl = new URL(settings.redirectUri);
    currentUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      claims = { ...idClaims };
      // Providers that follow the spec to the letter put profile claims in UserInfo only.
      if (claims.email === undefined && configuration.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) {
        throw new DomainError('unauthenticated', `The identity provider did not sign you in (${error.error}).`);
      }
      this.logger.warn(`OpenID Connect sign-in failed: ${describe(error)}`);
      throw new DomainError('unauthenticated', 'Single sign-on failed; start the sign-in again.');
    }
    return {
      issuer: String(claims.iss),
      subject: String(claims.sub),
      email: typeof claims.email === 'string' && claims.email.trim() !== '' ? claims.email.trim().toLowerCase() : null,
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : null,
    };
  }

  /** By subject; else by verified email (linked); else a new user. Runs in one transaction. */
  private async resolveUser(m: EntityManager, identity: SsoIdentity, meta: RequestMeta): Promise<UserEntity> {
    const oidcSubject = `${identity.issuer}|${identity.subject}`;
    const user =
      (await m.findOneBy(UserEntity, { oidcSubject })) ??
      (await this.linkByEmail(m, identity, oidcSubject, meta)) ??
      (await this.provision(m, identity, oidcSubject, meta));
    if (!user.active) throw new DomainError('unauthenticated', 'This account is deactivated; ask an admin.');
    return user;
  }

  private async linkByEmail(m: EntityManager, identity: SsoIdentity, oidcSubject: string, meta: RequestMeta): Promise<UserEntity | null> {
    if (!identity.email) return null;
    const existing = await m.findOneBy(UserEntity, { email: identity.email });
    if (!existing) return null;
    // Only the provider's word that the address is verified lets it claim someone's account.
    if (!identity.emailVerified || existing.oidcSubject !== null) {
      throw new DomainError('duplicate', 'An account with this email exists; ask an admin to link it.');
    }
    // An admin account is never taken over by the provider's word alone: whoever controls the
    // address at the provider (a recycled mailbox, a misconfigured tenant) would become admin.
    if (existing.isAdmin) {
      throw new DomainError(
        'forbidden',
        'This email belongs to an admin account, which single sign-on never links on its own; sign in with the password.',
      );
    }
    if (!existing.active) return existing; // refused by the caller; nothing is linked
    await m
      .createQueryBuilder()
      .update(UserEntity)
      .set({ oidcSubject, version: () => 'version + 1' })
      .where('id = :id', { id: existing.id })
      .execute();
    await this.audit.record(m, {
      actorId: existing.id,
      action: 'user.sso_linked',
      entity: 'user',
      entityId: existing.id,
      before: { oidcSubject: null },
      after: { oidcSubject },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return m.findOneByOrFail(UserEntity, { id: existing.id });
  }

  private async provision(m: EntityManager, identity: SsoIdentity, oidcSubject: string, meta: RequestMeta): Promise<UserEntity> {
    if (!identity.email) {
      throw new DomainError('unauthenticated', 'The identity provider did not share an email address, which an account needs.');
    }
    // An account is made only for an address the provider vouches for: otherwise someone could
    // take a colleague's address before the colleague first signs in.
    if (!identity.emailVerified) {
      throw new DomainError(
        'unauthenticated',
        'The identity provider has not verified your email address; an account needs a verified one.',
      );
    }
    const { allowedDomains } = this.settings();
    if (allowedDomains && !allowedDomains.includes(identity.email.slice(identity.email.lastIndexOf('@') + 1))) {
      throw new DomainError(
        'forbidden',
        "Single sign-on makes accounts only for addresses of the organisation's own domains; ask an admin for an account.",
      );
    }
    const user = await m.save(
      m.create(UserEntity, {
        email: identity.email,
        name: identity.name ?? identity.email,
        passwordHash: null,
        isAdmin: false,
        active: true,
        oidcSubject,
      }),
    );
    await this.audit.record(m, {
      actorId: user.id,
      action: 'user.created',
      entity: 'user',
      entityId: user.id,
      after: {
        id: user.id,
        email: user.email,
        name: user.name,
        isAdmin: user.isAdmin,
        active: user.active,
        memberships: [],
        version: user.version,
        oidcSubject,
        source: 'sso',
      },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return user;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
