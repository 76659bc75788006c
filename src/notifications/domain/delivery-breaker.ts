/**
 * The circuit breaker on a delivery target (the SMTP transport, one webhook host), as pure
 * rules: the service (`delivery-breakers.ts`) keeps the state in PostgreSQL and applies these
 * under a row lock. Closed: deliveries go; `failures` failed connections in a row open it.
 * Open: nothing is tried but one probe, once its time has come; a failed probe doubles the
 * pause (up to `maxProbeMs`), a probe that gets through closes it.
 */
export interface BreakerSettings {
  failures: number;
  probeMs: number;
  maxProbeMs: number;
}

export type BreakerChannel = 'mail' | 'webhook';

export interface BreakerState {
  state: 'closed' | 'open';
  consecutiveFailures: number;
  /** The pause before the next probe; 0 while closed. */
  probeIntervalMs: number;
  openedAt: Date | null;
  nextProbeAt: Date | null;
  lastError: string | null;
}

export const CLOSED: BreakerState = {
  state: 'closed',
  consecutiveFailures: 0,
  probeIntervalMs: 0,
  openedAt: null,
  nextProbeAt: null,
  lastError: null,
};

/** What may be done now: deliver, wait (open, probe not due), or probe (open, probe due). */
export function admission(b: BreakerState, now: Date): 'deliver' | 'wait' | 'probe' {
  if (b.state === 'closed') return 'deliver';
  return b.nextProbeAt && b.nextProbeAt.getTime() <= now.getTime() ? 'probe' : 'wait';
}

/**
 * A probe is taken: the next one is due a whole pause later, so that another worker (or
 * instance) that looks meanwhile waits, and a probe whose worker died is followed by another.
 */
export function probeTaken(b: BreakerState, now: Date): BreakerState {
  return { ...b, nextProbeAt: new Date(now.getTime() + Math.max(b.probeIntervalMs, 1)) };
}

/** A connection failed. Returns the new state and whether this failure opened the breaker. */
export function afterFailure(b: BreakerState, error: string, now: Date, s: BreakerSettings): { next: BreakerState; opened: boolean } {
  const consecutiveFailures = b.consecutiveFailures + 1;
  if (b.state === 'open') {
    // A failed probe (or a delivery that was in flight when it opened): a longer pause.
    const probeIntervalMs = Math.min(s.maxProbeMs, Math.max(s.probeMs, b.probeIntervalMs * 2));
    return {
      next: { ...b, consecutiveFailures, probeIntervalMs, nextProbeAt: new Date(now.getTime() + probeIntervalMs), lastError: error },
      opened: false,
    };
  }
  if (consecutiveFailures < s.failures) return { next: { ...b, consecutiveFailures, lastError: error }, opened: false };
  return {
    next: {
      state: 'open',
      consecutiveFailures,
      probeIntervalMs: s.probeMs,
      openedAt: now,
      nextProbeAt: new Date(now.getTime() + s.probeMs),
      lastError: error,
    },
    opened: true,
  };
}

/** A delivery or probe got through. Returns whether it closed an open breaker. */
export function afterSuccess(b: BreakerState): { next: BreakerState; closed: boolean } {
  return { next: CLOSED, closed: b.state === 'open' };
}

/** nodemailer's codes for a failure to reach or talk to the server, as against a mail it refused. */
const SMTP_TRANSPORT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'EPROTOCOL']);

/**
 * Whether an SMTP failure is the transport's (the breaker counts it; the mail is not at fault and
 * keeps its place) or the mail's (refused by the server: retried a few times, then failed). A
 * 421 is the server saying it is not taking mail now: the transport's too.
 */
export function smtpFailureIsTransport(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  if (responseCode === 421) return true;
  if (typeof code === 'string' && SMTP_TRANSPORT_CODES.has(code)) return true;
  // Raw socket errors that were not wrapped.
  return typeof code === 'string' && /^E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN|NOTFOUND)$/.test(code);
}

/**
 * Whether a webhook attempt says the host is unreachable (the breaker counts it): no answer at
 * all (refused, reset, timed out, no such name). Any HTTP answer, a 503 too, comes from a host
 * that is there, and is that delivery's own outcome (retried, and counted towards disabling
 * the webhook, as before).
 */
export function webhookFailureIsTransport(responseCode: number | null): boolean {
  return responseCode === null;
}

/** The breaker of one webhook host: scheme, host and port, never the path or credentials. */
export function webhookTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid';
  }
}

export const MAIL_TARGET = 'smtp';

export function breakerKey(channel: BreakerChannel, target: string): string {
  return `${channel}:${target}`;
}

/** The pause before a mail the server refused is tried again: 30 s, doubling, as pg-boss did. */
export function mailRetryDelayMs(attempts: number): number {
  return 30_000 * 2 ** Math.min(10, Math.max(0, attempts - 1));
}
