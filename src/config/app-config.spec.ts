import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, isLoopback, loadConfig, Secret } from './app-config';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

const OIDC = {
  OIDC_ISSUER: 'https://login.example',
  OIDC_CLIENT_ID: 'support-orders',
  OIDC_CLIENT_SECRET: 'oidc-client-secret-value',
  OIDC_REDIRECT_URI: 'https://orders.example/api/v1/auth/sso/callback',
};

describe('loadConfig', () => {
  it('takes a report replica only beside DATABASE_URL, and never echoes it', () => {
    expect(
      loadConfig({ DATABASE_URL: 'postgres://app@db.internal/orders', DATABASE_REPLICA_URL: 'postgres://reader@replica.internal/orders' })
        .databaseReplicaUrl,
    ).toBe('postgres://reader@replica.internal/orders');
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://reader@replica.internal/orders' })).toThrow(
      'Invalid configuration: DATABASE_REPLICA_URL must be set only together with DATABASE_URL (a replica of that database) (got "…")',
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://app@db.internal/orders', DATABASE_REPLICA_URL: 'mysql://r:secret@x/y' })).toThrow(
      'Invalid configuration: DATABASE_REPLICA_URL must be a URL starting with postgres: or postgresql:// (got "…")',
    );
  });

  it('has a default for everything, so an empty environment starts the app', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      databaseReplicaUrl: null,
      embeddedPostgresPort: 54329,
      dataDir: resolve(process.cwd(), '.data'),
      migrationsRun: true,
      seedDemo: 'auto',
      log: { level: 'info', pretty: expect.any(Boolean) },
      bodyLimit: '256kb',
      shutdownTimeoutMs: 10000,
      trustProxy: ['loopback'],
      admin: null,
      session: { idleMinutes: 60, absoluteHours: 12, secureCookies: false },
      loginLimits: { perAccount: 5, perAddress: 100, windowMinutes: 15 },
      publicHolidays: '',
      officeHours: { startMinute: 480, endMinute: 960, timeZone: 'Europe/Helsinki' },
      recommendationExpiryDays: 365,
      ideaResponseDays: 30,
      writeLimits: { windowSeconds: 3600, perWindow: { drafts: 1000, messages: 1000, changeRequests: 500, retrospectives: 500 } },
      housekeepingIntervalSeconds: 300,
      retentionYears: null,
      notifications: {
        workers: true,
        smtpUrl: null,
        mailFrom: 'Support orders <no-reply@localhost>',
        publicUrl: 'http://localhost:3000',
        pollMs: 1000,
        jobExpireSeconds: 300,
        reminderAfterDays: 3,
        autoCloseDays: 14,
        webhookAttempts: 6,
        webhookRetryDelaySeconds: 30,
        webhookMaxFailures: 10,
        breaker: { failures: 3, probeMs: 15_000, maxProbeMs: 300_000 },
        mailMaxAgeMinutes: 1440,
      },
      metrics: { token: null, port: null },
      files: {
        maxFileBytes: 25 * 1024 * 1024,
        maxOrderBytes: 500 * 1024 * 1024,
        maxUserBytesPerHour: 1000 * 1024 * 1024,
        orphanGraceMinutes: 60,
        s3: null,
        clamav: null,
      },
      inboundMail: { replyAddress: null, replySecret: null, httpToken: null, imapUrl: null, pollSeconds: 30 },
      oidc: null,
      openFigures: 'signed-in',
    });
  });

  it('reads the reply address and mail in, keeps their secrets out of logs, and refuses a reply address without a secret', () => {
    const config = loadConfig({
      REPLY_ADDRESS: 'Orders@City.example',
      REPLY_SECRET: 'a-long-enough-secret',
      INBOUND_MAIL_TOKEN: 'inbound-token',
      INBOUND_IMAP_URL: 'imap://orders:pw@127.0.0.1:1143/INBOX',
      INBOUND_POLL_SECONDS: '5',
    });
    expect(config.inboundMail.replyAddress).toBe('orders@city.example');
    expect(config.inboundMail.replySecret?.reveal()).toBe('a-long-enough-secret');
    expect(config.inboundMail.imapUrl?.reveal()).toBe('imap://orders:pw@127.0.0.1:1143/INBOX');
    expect(JSON.stringify(config.inboundMail)).not.toMatch(/a-long-enough|inbound-token|pw@/);
    expect(config.inboundMail.pollSeconds).toBe(5);
    expect(() => loadConfig({ REPLY_ADDRESS: 'orders@city.example' })).toThrow(/REPLY_SECRET/);
    expect(() => loadConfig({ REPLY_ADDRESS: 'orders+x@city.example', REPLY_SECRET: 'a-long-enough-secret' })).toThrow(/REPLY_ADDRESS/);
    expect(() => loadConfig({ INBOUND_MAIL_TOKEN: 'x' })).toThrow(/INBOUND_MAIL_TOKEN/);
    expect(() => loadConfig({ REPLY_ADDRESS: 'o@c.example', REPLY_SECRET: 'a-long-enough-secret', INBOUND_IMAP_URL: 'http://x' })).toThrow(
      /INBOUND_IMAP_URL/,
    );
  });

  it('reads the file store, limits and scanner, keeps the S3 secret out of logs, and refuses half an S3 setup', () => {
    const config = loadConfig({
      MAX_UPLOAD_MB: '10',
      MAX_ORDER_FILES_MB: '100',
      MAX_UPLOAD_MB_PER_HOUR: '200',
      FILE_ORPHAN_GRACE_MINUTES: '5',
      S3_BUCKET: 'order-files',
      S3_ENDPOINT: 'http://minio.internal:9000',
      S3_REGION: 'eu-north-1',
      S3_ACCESS_KEY_ID: 'orders',
      S3_SECRET_ACCESS_KEY: 's3-secret-value',
      S3_FORCE_PATH_STYLE: 'true',
      CLAMAV_URL: 'tcp://clamd.internal:3310',
    });
    expect(config.files).toMatchObject({
      maxFileBytes: 10 * 1024 * 1024,
      maxOrderBytes: 100 * 1024 * 1024,
      maxUserBytesPerHour: 200 * 1024 * 1024,
      orphanGraceMinutes: 5,
      s3: {
        bucket: 'order-files',
        endpoint: 'http://minio.internal:9000',
        region: 'eu-north-1',
        accessKeyId: 'orders',
        forcePathStyle: true,
      },
      clamav: { host: 'clamd.internal', port: 3310, timeoutMs: 30000 },
    });
    expect(config.files.s3!.secretAccessKey!.reveal()).toBe('s3-secret-value');
    expect(JSON.stringify(config)).not.toContain('s3-secret-value');
    expect(() => loadConfig({ S3_ENDPOINT: 'http://minio.internal:9000' })).toThrow('S3_ENDPOINT must be set only together with S3_BUCKET');
    expect(() => loadConfig({ S3_BUCKET: 'b1b', S3_ACCESS_KEY_ID: 'x' })).toThrow('S3_SECRET_ACCESS_KEY must be set together');
    expect(() => loadConfig({ S3_BUCKET: 'Not_A_Bucket' })).toThrow('S3_BUCKET must be a bucket name');
    expect(() => loadConfig({ CLAMAV_URL: 'http://clamd:3310' })).toThrow('CLAMAV_URL must be tcp://host:port');
    expect(() => loadConfig({ MAX_UPLOAD_MB: '0' })).toThrow('MAX_UPLOAD_MB must be an integer from 1');
  });

  it('takes a metrics token of 16 printable characters or more, and a metrics port apart from PORT', () => {
    const config = loadConfig({ METRICS_TOKEN: 'scrape-token-0123456789', METRICS_PORT: '9464' });
    expect(config.metrics.token?.reveal()).toBe('scrape-token-0123456789');
    expect(config.metrics.port).toBe(9464);
    expect(errorOf({ METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
    expect(errorOf({ METRICS_TOKEN: 'short' }).message).not.toContain('short"');
    expect(errorOf({ METRICS_TOKEN: 'has a space in it somewhere' }).variable).toBe('METRICS_TOKEN');
    expect(errorOf({ METRICS_PORT: '0' }).variable).toBe('METRICS_PORT');
    expect(errorOf({ PORT: '8080', METRICS_PORT: '8080' }).variable).toBe('METRICS_PORT');
  });

  it('listens on loopback only outside production, and on every address in production, unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'production' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('tells a loopback HOST from one the network reaches', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect([host, isLoopback(host)]).toEqual([host, true]);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', '::2', 'fe80::1', 'example.org', '128.0.0.1', '::ffff:10.0.0.1']) {
      expect([host, isLoopback(host)]).toEqual([host, false]);
    }
  });

  it('treats empty and blank values as unset, and trims the rest', () => {
    const config = loadConfig({ PORT: '', HOST: '   ', SESSION_IDLE_MINUTES: ' 15 ', LOG_LEVEL: ' debug ' });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.session.idleMinutes).toBe(15);
    expect(config.log.level).toBe('debug');
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://app:pw@db.internal:5432/orders',
      EMBEDDED_PG_PORT: '55000',
      DATA_DIR: '/var/lib/orders',
      MIGRATIONS_RUN: 'no',
      SEED_DEMO: 'never',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      BODY_LIMIT: '1mb',
      SHUTDOWN_TIMEOUT_MS: '0',
      ADMIN_EMAIL: 'Admin@Example.org',
      ADMIN_PASSWORD: 'twelve chars',
      SESSION_IDLE_MINUTES: '20',
      SESSION_ABSOLUTE_HOURS: '24',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '7',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '70',
      LOGIN_FAILURE_WINDOW_MINUTES: '30',
      PUBLIC_HOLIDAYS: '2026-12-25',
      RECOMMENDATION_EXPIRY_DAYS: '90',
      WRITE_LIMIT_WINDOW_SECONDS: '60',
      WRITE_LIMIT_DRAFTS: '5',
      WRITE_LIMIT_MESSAGES: '6',
      WRITE_LIMIT_CHANGE_REQUESTS: '7',
      WRITE_LIMIT_RETROSPECTIVES: '8',
      HOUSEKEEPING_INTERVAL_SECONDS: '30',
      WORKERS: 'false',
      SMTP_URL: 'smtp://mailer:smtp-password-value@mail.internal:587',
      MAIL_FROM: 'Orders <orders@city.example>',
      PUBLIC_URL: 'https://orders.city.example/',
      JOB_POLL_MS: '250',
      JOB_EXPIRE_SECONDS: '60',
      REMINDER_AFTER_DAYS: '5',
      AUTO_CLOSE_DAYS: '30',
      WEBHOOK_ATTEMPTS: '4',
      WEBHOOK_RETRY_DELAY_SECONDS: '10',
      WEBHOOK_MAX_FAILURES: '3',
      DELIVERY_BREAKER_FAILURES: '5',
      DELIVERY_BREAKER_PROBE_MS: '2000',
      DELIVERY_BREAKER_MAX_PROBE_MS: '60000',
      MAIL_MAX_AGE_MINUTES: '120',
      TRUST_PROXY: '10.0.0.0/8, 2001:db8::/32',
      SECURE_COOKIES: 'yes',
      ...OIDC,
      OIDC_ALLOWED_DOMAINS: 'City.example, @school.example',
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://app:pw@db.internal:5432/orders',
      embeddedPostgresPort: 55000,
      dataDir: '/var/lib/orders',
      migrationsRun: false,
      seedDemo: 'never',
      log: { level: 'warn', pretty: true },
      bodyLimit: '1mb',
      shutdownTimeoutMs: 0,
      trustProxy: ['10.0.0.0/8', '2001:db8::/32'],
      admin: { email: 'admin@example.org' },
      session: { idleMinutes: 20, absoluteHours: 24, secureCookies: true },
      loginLimits: { perAccount: 7, perAddress: 70, windowMinutes: 30 },
      publicHolidays: '2026-12-25',
      recommendationExpiryDays: 90,
      writeLimits: { windowSeconds: 60, perWindow: { drafts: 5, messages: 6, changeRequests: 7, retrospectives: 8 } },
      housekeepingIntervalSeconds: 30,
      notifications: {
        workers: false,
        mailFrom: 'Orders <orders@city.example>',
        publicUrl: 'https://orders.city.example',
        pollMs: 250,
        jobExpireSeconds: 60,
        reminderAfterDays: 5,
        autoCloseDays: 30,
        webhookAttempts: 4,
        webhookRetryDelaySeconds: 10,
        webhookMaxFailures: 3,
        breaker: { failures: 5, probeMs: 2000, maxProbeMs: 60_000 },
        mailMaxAgeMinutes: 120,
      },
      oidc: {
        issuer: OIDC.OIDC_ISSUER,
        clientId: 'support-orders',
        redirectUri: OIDC.OIDC_REDIRECT_URI,
        label: 'Sign in with your organisation',
        allowedDomains: ['city.example', 'school.example'],
      },
    });
    expect(config.admin!.password.reveal()).toBe('twelve chars');
    expect(config.oidc!.clientSecret.reveal()).toBe('oidc-client-secret-value');
    expect(config.notifications.smtpUrl!.reveal()).toBe('smtp://mailer:smtp-password-value@mail.internal:587');
    expect(JSON.stringify(config)).not.toContain('smtp-password-value');
    // Each request over TLS (through the trusted proxy) gets secure cookies; the setting forces them on
    // for every request, by default in production, where a proxy left untrusted would otherwise hide TLS.
    expect(loadConfig({ NODE_ENV: 'production' }).session.secureCookies).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', SECURE_COOKIES: 'false' }).session.secureCookies).toBe(false);
    expect(loadConfig({ SECURE_COOKIES: 'TRUE' }).session.secureCookies).toBe(true);
  });

  it('reads TRUST_PROXY as Express does: false, a hop count, or addresses, ranges and names', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, uniquelocal, 192.0.2.10, fd00::/8' }).trustProxy).toEqual([
      'loopback',
      'uniquelocal',
      '192.0.2.10',
      'fd00::/8',
    ]);
  });

  it('stops a production start on a weak ADMIN_PASSWORD with one line that says why, never the password', () => {
    const error = errorOf({ NODE_ENV: 'production', ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'password1234' });
    expect(error.variable).toBe('ADMIN_PASSWORD');
    expect(error.message).toMatch(/^Invalid configuration: ADMIN_PASSWORD must be hard to guess when NODE_ENV=production; .*common/);
    expect(error.message).not.toContain('password1234');
    expect(error.message).not.toContain('\n');
    // A strong one starts; outside production a weak one is taken (start warns).
    expect(
      loadConfig({ NODE_ENV: 'production', ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'glimmer orchard vapor 71' }).admin,
    ).not.toBeNull();
    expect(loadConfig({ ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'password1234' }).admin).not.toBeNull();
  });

  it('requires an https OIDC_ISSUER in production', () => {
    const http = { ...OIDC, OIDC_ISSUER: 'http://login.example' };
    expect(errorOf({ ...http, NODE_ENV: 'production' }).message).toMatch(/^Invalid configuration: OIDC_ISSUER must be an https:\/\/ URL/);
    expect(loadConfig({ ...http, NODE_ENV: 'development' }).oidc?.issuer).toBe('http://login.example');
  });

  it.each<[string, Record<string, string>]>([
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '65536' }],
    ['PORT', { PORT: '30.5' }],
    ['PORT', { PORT: '-1' }],
    ['EMBEDDED_PG_PORT', { EMBEDDED_PG_PORT: '80' }],
    ['MIGRATIONS_RUN', { MIGRATIONS_RUN: 'maybe' }],
    ['SEED_DEMO', { SEED_DEMO: 'sometimes' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['LOG_FORMAT', { LOG_FORMAT: 'xml' }],
    ['SHUTDOWN_TIMEOUT_MS', { SHUTDOWN_TIMEOUT_MS: '600001' }],
    ['SESSION_IDLE_MINUTES', { SESSION_IDLE_MINUTES: '0' }],
    ['SESSION_ABSOLUTE_HOURS', { SESSION_ABSOLUTE_HOURS: '2161' }],
    ['SECURE_COOKIES', { SECURE_COOKIES: 'on' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['TRUST_PROXY', { TRUST_PROXY: '0' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'loopback, proxy.internal' }],
    ['OIDC_ALLOWED_DOMAINS', { ...OIDC, OIDC_ALLOWED_DOMAINS: 'city.example, not a domain' }],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', { LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' }],
    ['LOGIN_MAX_FAILURES_PER_ADDRESS', { LOGIN_MAX_FAILURES_PER_ADDRESS: 'many' }],
    ['LOGIN_FAILURE_WINDOW_MINUTES', { LOGIN_FAILURE_WINDOW_MINUTES: '1441' }],
    ['RECOMMENDATION_EXPIRY_DAYS', { RECOMMENDATION_EXPIRY_DAYS: '0' }],
    ['WRITE_LIMIT_WINDOW_SECONDS', { WRITE_LIMIT_WINDOW_SECONDS: '0' }],
    ['WRITE_LIMIT_DRAFTS', { WRITE_LIMIT_DRAFTS: 'unlimited' }],
    ['WRITE_LIMIT_MESSAGES', { WRITE_LIMIT_MESSAGES: '0' }],
    ['HOUSEKEEPING_INTERVAL_SECONDS', { HOUSEKEEPING_INTERVAL_SECONDS: '86401' }],
    ['DELIVERY_BREAKER_FAILURES', { DELIVERY_BREAKER_FAILURES: '0' }],
    ['DELIVERY_BREAKER_PROBE_MS', { DELIVERY_BREAKER_PROBE_MS: '50' }],
    ['DELIVERY_BREAKER_MAX_PROBE_MS', { DELIVERY_BREAKER_PROBE_MS: '5000', DELIVERY_BREAKER_MAX_PROBE_MS: '4000' }],
    ['MAIL_MAX_AGE_MINUTES', { MAIL_MAX_AGE_MINUTES: '0' }],
    ['BODY_LIMIT', { BODY_LIMIT: 'lots' }],
    ['BODY_LIMIT', { BODY_LIMIT: '2gb' }],
    ['BODY_LIMIT', { BODY_LIMIT: '0kb' }],
    ['PUBLIC_HOLIDAYS', { PUBLIC_HOLIDAYS: '2026-12-25,Christmas' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/orders' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'admin@example.org' }],
    ['ADMIN_EMAIL', { ADMIN_PASSWORD: 'twelve chars' }],
    ['OIDC_ISSUER', { ...OIDC, OIDC_ISSUER: 'ftp://login.example' }],
    ['OIDC_CLIENT_ID', { ...OIDC, OIDC_CLIENT_ID: '' }],
    ['OIDC_CLIENT_SECRET', { ...OIDC, OIDC_CLIENT_SECRET: ' ' }],
    ['OIDC_REDIRECT_URI', { ...OIDC, OIDC_REDIRECT_URI: 'orders.example/callback' }],
    ['OIDC_REDIRECT_URI', { ...OIDC, OIDC_REDIRECT_URI: '' }],
  ])('refuses a bad %s with a ConfigError naming it: %j', (variable, env) => {
    const error = errorOf(env);
    expect(error).toBeInstanceOf(Error);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} must be `));
  });

  it('takes a short ADMIN_PASSWORD for the bootstrap admin (start warns), keeping it secret', () => {
    const config = loadConfig({ ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'admin123' });
    expect(config.admin?.password.reveal()).toBe('admin123');
    expect(inspect(config)).not.toContain('admin123');
  });

  it('reads BODY_LIMIT sizes as body-parser does', () => {
    expect(loadConfig({ BODY_LIMIT: '1MB' }).bodyLimit).toBe('1mb');
    expect(loadConfig({ BODY_LIMIT: '4096' }).bodyLimit).toBe('4096b');
  });

  it('says what it got for plain values, so the fix is obvious', () => {
    expect(errorOf({ PORT: 'eighty' }).message).toBe('Invalid configuration: PORT must be an integer from 0 to 65535 (got "eighty")');
  });

  it('never echoes a DATABASE_URL (it may carry a password) nor any other secret in the error', () => {
    for (const DATABASE_URL of [
      'mysql://orders:hunter2-db-password@db.internal/orders',
      'postgres//orders:hunter2-db-password@db.internal',
    ]) {
      const error = errorOf({ DATABASE_URL });
      expect(error.message).not.toContain('hunter2-db-password');
      expect(error.message).not.toContain('db.internal');
      expect(inspect(error)).not.toContain('hunter2-db-password');
    }
    const missingEmail = errorOf({ ADMIN_PASSWORD: 'pw-tooshort' });
    expect(missingEmail.message).not.toContain('pw-tooshort');
    const badIssuer = errorOf({ ...OIDC, OIDC_ISSUER: 'ftp://user:issuer-password@login.example' });
    expect(badIssuer.message).not.toContain('issuer-password');
  });
});

describe('Secret', () => {
  const config = loadConfig({ ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'admin password value', ...OIDC });

  it('is revealed only on request', () => {
    expect(config.admin!.password.reveal()).toBe('admin password value');
  });

  it('prints as [secret] in strings, JSON, and console/inspect output', () => {
    const secret = new Secret('the hidden value');
    expect(String(secret)).toBe('[secret]');
    expect(`${secret}`).toBe('[secret]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[secret]"}');
    expect(inspect(secret)).not.toContain('the hidden value');
    expect(inspect(secret, { showHidden: true, depth: 5 })).not.toContain('the hidden value');
  });

  it('keeps every secret out of a printed or serialised configuration', () => {
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 10 }), String(Object.values(config.oidc!))]) {
      expect(printed).not.toContain('admin password value');
      expect(printed).not.toContain('oidc-client-secret-value');
    }
  });
});
