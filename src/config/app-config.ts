import { isAbsolute, resolve } from 'node:path';
import { parseHolidays } from '../orders/domain/business-days';
import { inspect } from 'node:util';

/**
 * Typed configuration, parsed once at start from the environment. A wrong value stops the
 * process with one line naming the variable and what is expected (see README for the table).
 */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started with its data under `dataDir`. */
  databaseUrl: string | null;
  embeddedPostgresPort: number;
  dataDir: string;
  migrationsRun: boolean;
  seedDemo: 'auto' | 'always' | 'never';
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; pretty: boolean };
  bodyLimit: string;
  shutdownTimeoutMs: number;
  admin: { email: string; password: Secret } | null;
  session: { idleMinutes: number; absoluteHours: number; secureCookies: boolean };
  loginLimits: { perAccount: number; perAddress: number; windowMinutes: number };
  publicHolidays: string;
  recommendationExpiryDays: number;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: Secret;
    redirectUri: string;
    label: string;
  } | null;
}

/**
 * A value that must never reach a log line: its toString, toJSON and console/inspect output
 * hide it, and it lives in a private field that enumeration and inspection cannot see.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${expected} (got "${got}")`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

function optional(env: Env, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return value;
}

/** A size such as `256kb`, `1mb` or `4096` (bytes), as body-parser reads it; at most 100mb. */
function byteSize(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw);
  const bytes = match ? Number(match[1]) * { b: 1, kb: 1024, mb: 1024 ** 2 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'] : NaN;
  if (!match || bytes < 1 || bytes > 100 * 1024 ** 2) throw new ConfigError(name, 'a size such as 256kb or 1mb (at most 100mb)', raw);
  return `${match[1]}${(match[2] ?? 'b').toLowerCase()}`;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, 'true or false', raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
  } catch {
    // Never echo a URL that may carry a password.
    throw new ConfigError(name, `a URL starting with ${protocols.join(' or ')}//`, '…');
  }
  return raw;
}

function holidays(env: Env): string {
  const raw = text(env, 'PUBLIC_HOLIDAYS', '');
  try {
    parseHolidays(raw);
  } catch {
    throw new ConfigError('PUBLIC_HOLIDAYS', 'a comma-separated list of YYYY-MM-DD dates', raw);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = text(env, 'DATA_DIR', '.data');

  const adminEmail = optional(env, 'ADMIN_EMAIL');
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'set together with its pair', 'unset');
  }
  // A short ADMIN_PASSWORD is accepted for the bootstrap (the operator chose it; start warns),
  // while every password set through the API needs 12 characters.

  const oidcIssuer = url(env, 'OIDC_ISSUER', ['http:', 'https:']);
  let oidc: AppConfig['oidc'] = null;
  if (oidcIssuer) {
    const need = (name: string): string => {
      const value = optional(env, name);
      if (value === null) throw new ConfigError(name, 'set when OIDC_ISSUER is set', 'unset');
      return value;
    };
    oidc = {
      issuer: oidcIssuer,
      clientId: need('OIDC_CLIENT_ID'),
      clientSecret: new Secret(need('OIDC_CLIENT_SECRET')),
      redirectUri: url(env, 'OIDC_REDIRECT_URI', ['http:', 'https:']) ?? need('OIDC_REDIRECT_URI'),
      label: text(env, 'OIDC_LABEL', 'Sign in with your organisation'),
    };
  }

  const logPretty = oneOf(
    env,
    'LOG_FORMAT',
    ['json', 'pretty'] as const,
    nodeEnv === 'development' && process.stdout.isTTY ? 'pretty' : 'json',
  );

  return {
    env: nodeEnv,
    port: integer(env, 'PORT', 3000, 0, 65535),
    // A development start has demo logins printed on the console: keep it off the network.
    host: text(env, 'HOST', nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(process.cwd(), dataDir),
    migrationsRun: boolean(env, 'MIGRATIONS_RUN', true),
    seedDemo: oneOf(env, 'SEED_DEMO', ['auto', 'always', 'never'] as const, 'auto'),
    log: {
      level: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
      pretty: logPretty === 'pretty',
    },
    bodyLimit: byteSize(env, 'BODY_LIMIT', '256kb'),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    admin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: new Secret(adminPassword) } : null,
    session: {
      idleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 60, 1, 60 * 24 * 30),
      absoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 90),
      secureCookies: boolean(env, 'SECURE_COOKIES', nodeEnv === 'production'),
    },
    loginLimits: {
      perAccount: integer(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      perAddress: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 100, 1, 100000),
      windowMinutes: integer(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 1440),
    },
    publicHolidays: holidays(env),
    recommendationExpiryDays: integer(env, 'RECOMMENDATION_EXPIRY_DAYS', 365, 1, 3650),
    oidc,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
