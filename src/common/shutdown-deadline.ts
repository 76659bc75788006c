/**
 * The one deadline a graceful shutdown has (SHUTDOWN_TIMEOUT_MS from the signal). Draining the
 * HTTP server spends part of it; what stops later (the job workers) gets what is left, not a
 * fresh timeout of its own, so it finishes its jobs before the forced exit rather than being
 * killed in the middle of one (which pg-boss would re-run: a mail sent twice).
 */
let deadline: number | null = null;

/** Starts the clock: the process will be made to exit `ms` from now. */
export function startShutdownClock(ms: number, now = Date.now()): void {
  deadline ??= now + ms;
}

/** Milliseconds left before the forced exit, or `whenNotStopping` before any signal. */
export function shutdownTimeLeft(whenNotStopping: number, now = Date.now()): number {
  return deadline === null ? whenNotStopping : Math.max(0, deadline - now);
}

/** For tests: no shutdown under way. */
export function resetShutdownClock(): void {
  deadline = null;
}
