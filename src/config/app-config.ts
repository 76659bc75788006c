import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { inspect } from 'node:util';
import { parseHolidays } from '../orders/domain/business-days';
import { parseOfficeHours } from '../orders/domain/business-hours';
import { passwordWeakness } from '../identity/password-strength';

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
  /** A read replica of `databaseUrl` that the feedback-loop report reads from; null: the report reads the primary. */
  databaseReplicaUrl: string | null;
  embeddedPostgresPort: number;
  dataDir: string;
  migrationsRun: boolean;
  seedDemo: 'auto' | 'always' | 'never';
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; pretty: boolean };
  bodyLimit: string;
  shutdownTimeoutMs: number;
  /** Express's `trust proxy`: which peers' X-Forwarded-For/-Proto decide the client's address and TLS. */
  trustProxy: false | number | string[];
  admin: { email: string; password: Secret } | null;
  /** `secureCookies` forces `Secure`/`__Host-` cookies; without it each request over TLS gets them. */
  session: { idleMinutes: number; absoluteHours: number; secureCookies: boolean };
  loginLimits: { perAccount: number; perAddress: number; windowMinutes: number };
  publicHolidays: string;
  /** Office hours on business days, on the wall clock of `timeZone`: the report's first-response time counts only these. */
  officeHours: { startMinute: number; endMinute: number; timeZone: string };
  recommendationExpiryDays: number;
  /** Days a support unit has to answer an idea before it shows as unanswered and its managers are reminded. */
  ideaResponseDays: number;
  /** `public`: the open figures answer without a sign-in; `signed-in`: signed-in people only. */
  openFigures: 'public' | 'signed-in';
  /** Writes each user may make per bucket in a fixed window, counted in PostgreSQL. */
  writeLimits: { windowSeconds: number; perWindow: Record<WriteBucket, number> };
  /** How often the housekeeping sweep (expiring recommendations, old write counts) runs. */
  housekeepingIntervalSeconds: number;
  /** Years the personal data and files of closed or cancelled orders are kept (services may say otherwise); null: kept. */
  retentionYears: number | null;
  /** Jobs (pg-boss) and notifications. */
  notifications: {
    /** Run the job workers, outbox relay and schedules in this process (`npm run worker` runs them alone). */
    workers: boolean;
    /** smtp:// or smtps:// URL; null: mails are kept in the database for admins to read. */
    smtpUrl: Secret | null;
    mailFrom: string;
    /** Base of links in mails, e.g. https://orders.example.org. */
    publicUrl: string;
    /** How often the outbox relay and workers look for work, in milliseconds. */
    pollMs: number;
    /** A job in hand for longer (e.g. its worker was killed) is taken up again. */
    jobExpireSeconds: number;
    /** Days after delivery before a missing retrospective or feedback is reminded of. */
    reminderAfterDays: number;
    /** Accepted orders close on their own after this many days. */
    autoCloseDays: number;
    /** Webhook attempts per event (first try included) and the base of the exponential backoff. */
    webhookAttempts: number;
    webhookRetryDelaySeconds: number;
    /** Failed deliveries in a row after which a webhook is disabled. */
    webhookMaxFailures: number;
    /**
     * The breakers on the mail transport and on each webhook host: `failures` failed connections
     * in a row open one; then one probe tries after `probeMs`, the pause doubling after each
     * failed probe up to `maxProbeMs`; a probe that gets through closes it.
     */
    breaker: { failures: number; probeMs: number; maxProbeMs: number };
    /** A mail still waiting this long after it was queued is dropped (with the reason), not sent late. */
    mailMaxAgeMinutes: number;
  };
  /**
   * Where `/metrics` (Prometheus) is served: on `port` alone when set (an address kept off the
   * public network), else on the main port. With a `token` every scrape must send it as a bearer
   * token. Neither set: open on the main port in development and test, not served in production.
   */
  metrics: { token: Secret | null; port: number | null };
  /** Attachments: where their bytes live, how large they may be, and the optional virus scanner. */
  files: FilesConfig;
  /** Mail that can be answered, and mail in (REPLY_ADDRESS, INBOUND_*). */
  inboundMail: InboundMailConfig;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: Secret;
    redirectUri: string;
    label: string;
    /** Verified e-mail domains that may get a new account at first sign-on; null: any. */
    allowedDomains: string[] | null;
  } | null;
}

export interface InboundMailConfig {
  /**
   * REPLY_ADDRESS (e.g. `orders@city.example`): mails about an order carry
   * `Reply-To: orders+<token>@city.example`, and mail to `orders+<alias>@…` orders a service.
   * null: mails carry no Reply-To and nothing is read in.
   */
  replyAddress: string | null;
  /** REPLY_SECRET: signs the reply tokens (required with REPLY_ADDRESS). */
  replySecret: Secret | null;
  /** INBOUND_MAIL_TOKEN: the bearer token of `POST /api/v1/inbound/mail`; null: the route answers 404. */
  httpToken: Secret | null;
  /** INBOUND_IMAP_URL: imap(s)://user:password@host:port/mailbox polled by the workers; null: no polling. */
  imapUrl: Secret | null;
  /** INBOUND_POLL_SECONDS: how often the IMAP mailbox is read. */
  pollSeconds: number;
}

export interface FilesConfig {
  /** MAX_UPLOAD_MB: the largest file, in bytes. */
  maxFileBytes: number;
  /** MAX_ORDER_FILES_MB: all files of one order together, in bytes. */
  maxOrderBytes: number;
  /** MAX_UPLOAD_MB_PER_HOUR: what one person may upload in an hour, in bytes. */
  maxUserBytesPerHour: number;
  /** Stored bytes no attachment refers to are removed once they are older than this. */
  orphanGraceMinutes: number;
  /** null: the local disk under `dataDir/files`. */
  s3: {
    bucket: string;
    endpoint: string | null;
    region: string;
    accessKeyId: string | null;
    secretAccessKey: Secret | null;
    forcePathStyle: boolean;
  } | null;
  /** CLAMAV_URL (tcp://host:port): every upload is scanned by clamd; null: not scanned. */
  clamav: { host: string; port: number; timeoutMs: number } | null;
}

/** What the per-user write limits count: the writes a user can repeat without end. */
export const WRITE_BUCKETS = ['drafts', 'messages', 'changeRequests', 'retrospectives'] as const;
export type WriteBucket = (typeof WRITE_BUCKETS)[number];

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

function officeHours(env: Env): { startMinute: number; endMinute: number; timeZone: string } {
  const hours = text(env, 'OFFICE_HOURS', '08:00-16:00');
  const zone = text(env, 'OFFICE_TIME_ZONE', 'Europe/Helsinki');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ConfigError('OFFICE_TIME_ZONE', 'an IANA time zone such as Europe/Helsinki', zone);
  }
  try {
    return parseOfficeHours(hours, zone);
  } catch {
    throw new ConfigError('OFFICE_HOURS', 'HH:MM-HH:MM, a start before an end within one day', hours);
  }
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

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Whose X-Forwarded-For and X-Forwarded-Proto to believe, in Express's `trust proxy` terms:
 * `false`, a hop count, or addresses, CIDR ranges and the names Express knows. `true` (trust
 * anyone) is refused: any client could then choose the address its sign-in failures count for.
 */
function trustProxy(env: Env): AppConfig['trustProxy'] {
  const raw = text(env, 'TRUST_PROXY', 'loopback');
  const fail = () =>
    new ConfigError(
      'TRUST_PROXY',
      `false, a hop count from 1 to 10, or a comma-separated list of addresses, CIDR ranges and ${PROXY_NAMES.join(', ')}`,
      raw,
    );
  if (raw.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) throw fail();
    return hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    if (!family || rest.length || (prefix !== undefined && (!/^\d+$/.test(prefix) || Number(prefix) > bits))) throw fail();
  }
  return entries;
}

/** DELIVERY_BREAKER_*: the longest pause may not be shorter than the first. */
function breaker(env: Env): AppConfig['notifications']['breaker'] {
  const probeMs = integer(env, 'DELIVERY_BREAKER_PROBE_MS', 15_000, 100, 3_600_000);
  return {
    failures: integer(env, 'DELIVERY_BREAKER_FAILURES', 3, 1, 100),
    probeMs,
    maxProbeMs: integer(env, 'DELIVERY_BREAKER_MAX_PROBE_MS', Math.max(300_000, probeMs), probeMs, 3_600_000),
  };
}

/** SMTP_URL: smtp:// or smtps://, kept secret (it may carry a password). */
function smtp(env: Env): Secret | null {
  const raw = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  return raw === null ? null : new Secret(raw);
}

/** Domains such as `city.example`, lower-cased; null when unset (any verified domain). */
function domains(env: Env, name: string): string[] | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  const list = raw.split(',').map((d) => d.trim().toLowerCase().replace(/^@/, ''));
  if (list.some((d) => !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(d))) {
    throw new ConfigError(name, 'a comma-separated list of domains such as city.example', raw);
  }
  return list;
}

/** METRICS_TOKEN and METRICS_PORT; see `AppConfig.metrics`. */
function metrics(env: Env, mainPort: number): AppConfig['metrics'] {
  const token = optional(env, 'METRICS_TOKEN');
  if (token !== null && !/^[\x21-\x7e]{16,}$/.test(token)) {
    throw new ConfigError('METRICS_TOKEN', 'at least 16 printable characters without spaces', '…');
  }
  const port = optional(env, 'METRICS_PORT') === null ? null : integer(env, 'METRICS_PORT', 0, 1, 65535);
  if (port !== null && port === mainPort) throw new ConfigError('METRICS_PORT', 'another port than PORT', String(port));
  return { token: token === null ? null : new Secret(token), port };
}

/** Whether HOST keeps the listener to this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopback(host: string): boolean {
  const address = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (address === 'localhost') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  // The URL parser writes an IPv6 address in its shortest form.
  return isIP(address) === 6 && new URL(`http://[${address}]/`).hostname === '[::1]';
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = text(env, 'DATA_DIR', '.data');

  const adminEmail = optional(env, 'ADMIN_EMAIL');
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'set together with its pair', 'unset');
  }
  // A weak ADMIN_PASSWORD is taken for the bootstrap in development (start warns); production
  // refuses to start with one, since that admin is reachable from the network at once.
  if (nodeEnv === 'production' && adminPassword !== null) {
    const weakness = passwordWeakness(adminPassword, [adminEmail ?? '']);
    if (weakness) throw new ConfigError('ADMIN_PASSWORD', `hard to guess when NODE_ENV=production; this one is ${weakness}`, '…');
  }

  const oidcIssuer = url(env, 'OIDC_ISSUER', ['http:', 'https:']);
  let oidc: AppConfig['oidc'] = null;
  if (oidcIssuer) {
    // Discovery, keys and tokens all come from the issuer: over plain HTTP anyone on the path
    // could sign in as anyone.
    if (nodeEnv === 'production' && new URL(oidcIssuer).protocol !== 'https:') {
      throw new ConfigError('OIDC_ISSUER', 'an https:// URL when NODE_ENV=production', 'http://…');
    }
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
      allowedDomains: domains(env, 'OIDC_ALLOWED_DOMAINS'),
    };
  }

  // A replica of the embedded server cannot exist: it listens on 127.0.0.1 only, and nothing replicates it.
  if (optional(env, 'DATABASE_REPLICA_URL') !== null && optional(env, 'DATABASE_URL') === null) {
    throw new ConfigError('DATABASE_REPLICA_URL', 'set only together with DATABASE_URL (a replica of that database)', '…');
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
    // A development start has demo logins printed on the console and an open /metrics: keep it
    // off the network unless HOST says otherwise. Production listens on every address.
    host: text(env, 'HOST', nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseReplicaUrl: url(env, 'DATABASE_REPLICA_URL', ['postgres:', 'postgresql:']),
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
    trustProxy: trustProxy(env),
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
    officeHours: officeHours(env),
    recommendationExpiryDays: integer(env, 'RECOMMENDATION_EXPIRY_DAYS', 365, 1, 3650),
    ideaResponseDays: integer(env, 'IDEA_RESPONSE_DAYS', 30, 1, 365),
    openFigures: oneOf(env, 'OPEN_FIGURES', ['public', 'signed-in'] as const, 'signed-in'),
    writeLimits: {
      windowSeconds: integer(env, 'WRITE_LIMIT_WINDOW_SECONDS', 3600, 1, 86400),
      perWindow: {
        drafts: integer(env, 'WRITE_LIMIT_DRAFTS', 1000, 1, 1_000_000),
        messages: integer(env, 'WRITE_LIMIT_MESSAGES', 1000, 1, 1_000_000),
        changeRequests: integer(env, 'WRITE_LIMIT_CHANGE_REQUESTS', 500, 1, 1_000_000),
        retrospectives: integer(env, 'WRITE_LIMIT_RETROSPECTIVES', 500, 1, 1_000_000),
      },
    },
    housekeepingIntervalSeconds: integer(env, 'HOUSEKEEPING_INTERVAL_SECONDS', 300, 1, 86400),
    retentionYears: optional(env, 'RETENTION_YEARS') === null ? null : integer(env, 'RETENTION_YEARS', 0, 1, 100),
    notifications: {
      workers: boolean(env, 'WORKERS', true),
      smtpUrl: smtp(env),
      mailFrom: text(env, 'MAIL_FROM', 'Support orders <no-reply@localhost>'),
      publicUrl: (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${integer(env, 'PORT', 3000, 0, 65535)}`).replace(
        /\/+$/,
        '',
      ),
      pollMs: integer(env, 'JOB_POLL_MS', 1000, 50, 60000),
      jobExpireSeconds: integer(env, 'JOB_EXPIRE_SECONDS', 300, 1, 86400),
      reminderAfterDays: integer(env, 'REMINDER_AFTER_DAYS', 3, 1, 365),
      autoCloseDays: integer(env, 'AUTO_CLOSE_DAYS', 14, 1, 3650),
      webhookAttempts: integer(env, 'WEBHOOK_ATTEMPTS', 6, 1, 50),
      webhookRetryDelaySeconds: integer(env, 'WEBHOOK_RETRY_DELAY_SECONDS', 30, 1, 86400),
      webhookMaxFailures: integer(env, 'WEBHOOK_MAX_FAILURES', 10, 1, 1000),
      breaker: breaker(env),
      mailMaxAgeMinutes: integer(env, 'MAIL_MAX_AGE_MINUTES', 1440, 1, 43200),
    },
    metrics: metrics(env, integer(env, 'PORT', 3000, 0, 65535)),
    files: files(env),
    inboundMail: inboundMail(env),
    oidc,
  };
}

const MB = 1024 * 1024;

/** The attachment limits, store and scanner (MAX_UPLOAD_MB, S3_*, CLAMAV_URL). */
function files(env: Env): FilesConfig {
  const maxFileMb = integer(env, 'MAX_UPLOAD_MB', 25, 1, 5 * 1024);
  const bucket = optional(env, 'S3_BUCKET');
  const s3Only = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_REGION'];
  if (bucket === null) {
    const stray = s3Only.find((name) => optional(env, name) !== null);
    if (stray) throw new ConfigError(stray, 'set only together with S3_BUCKET', '…');
  } else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', 'a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)', bucket);
  }
  const accessKeyId = optional(env, 'S3_ACCESS_KEY_ID');
  const secret = optional(env, 'S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === null) !== (secret === null)) {
    throw new ConfigError(accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'set together with its pair', 'unset');
  }
  const clamavUrl = optional(env, 'CLAMAV_URL');
  let clamav: FilesConfig['clamav'] = null;
  if (clamavUrl !== null) {
    const match = /^tcp:\/\/([^:/\s]+|\[[0-9a-f:]+\]):(\d{1,5})\/?$/i.exec(clamavUrl);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) throw new ConfigError('CLAMAV_URL', 'tcp://host:port of a clamd', clamavUrl);
    clamav = { host: match[1].replace(/^\[|\]$/g, ''), port, timeoutMs: integer(env, 'CLAMAV_TIMEOUT_MS', 30000, 100, 600000) };
  }
  return {
    maxFileBytes: maxFileMb * MB,
    maxOrderBytes: integer(env, 'MAX_ORDER_FILES_MB', 500, 1, 1024 * 1024) * MB,
    maxUserBytesPerHour: integer(env, 'MAX_UPLOAD_MB_PER_HOUR', 1000, 1, 1024 * 1024) * MB,
    orphanGraceMinutes: integer(env, 'FILE_ORPHAN_GRACE_MINUTES', 60, 0, 7 * 24 * 60),
    s3:
      bucket === null
        ? null
        : {
            bucket,
            endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']),
            region: text(env, 'S3_REGION', 'us-east-1'),
            accessKeyId,
            secretAccessKey: secret === null ? null : new Secret(secret),
            forcePathStyle: boolean(env, 'S3_FORCE_PATH_STYLE', false),
          },
    clamav,
  };
}

/** Reply-To addresses and mail in (REPLY_ADDRESS, REPLY_SECRET, INBOUND_MAIL_TOKEN, INBOUND_IMAP_URL). */
function inboundMail(env: Env): InboundMailConfig {
  const replyAddress = optional(env, 'REPLY_ADDRESS');
  if (replyAddress !== null && !/^[^\s@+]+@[^\s@]+\.[^\s@]+$/.test(replyAddress)) {
    throw new ConfigError('REPLY_ADDRESS', 'a plain address without "+", e.g. orders@city.example', replyAddress);
  }
  const replySecret = optional(env, 'REPLY_SECRET');
  if (replyAddress !== null && (replySecret === null || replySecret.length < 16)) {
    throw new ConfigError('REPLY_SECRET', 'at least 16 characters when REPLY_ADDRESS is set', replySecret === null ? 'unset' : '…');
  }
  const httpToken = optional(env, 'INBOUND_MAIL_TOKEN');
  const imapUrl = optional(env, 'INBOUND_IMAP_URL');
  if (imapUrl !== null && !/^imaps?:\/\//i.test(imapUrl)) {
    throw new ConfigError('INBOUND_IMAP_URL', 'an imap:// or imaps:// URL', '…');
  }
  if (replyAddress === null) {
    const stray = (['INBOUND_MAIL_TOKEN', 'INBOUND_IMAP_URL'] as const).find((name) => optional(env, name) !== null);
    if (stray) throw new ConfigError(stray, 'set only together with REPLY_ADDRESS (the address mail in is sent to)', '…');
  }
  return {
    replyAddress: replyAddress === null ? null : replyAddress.toLowerCase(),
    replySecret: replySecret === null ? null : new Secret(replySecret),
    httpToken: httpToken === null ? null : new Secret(httpToken),
    imapUrl: imapUrl === null ? null : new Secret(imapUrl),
    pollSeconds: integer(env, 'INBOUND_POLL_SECONDS', 30, 1, 3600),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
