import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

/** Advisory lock class for sweeps (the first key of pg_try_advisory_xact_lock(int, int)). */
const SWEEP_LOCK_CLASS = 7301;

export interface PeriodicSweep {
  /** Runs the sweep now, unless another instance is running it (then: false). */
  runOnce(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Runs `work` at start and then every `intervalMs`, in a transaction that first takes a
 * transaction-level advisory lock without waiting: with several instances, one sweeps and the
 * others skip that turn. Stopping clears the timer and waits for a sweep under way, so a
 * shutdown does not cut it off mid-transaction. A failed sweep is logged and tried next time.
 */
export function startPeriodicSweep(
  db: DataSource,
  name: string,
  lockId: number,
  intervalMs: number,
  work: (m: EntityManager) => Promise<void>,
): PeriodicSweep {
  const logger = new Logger(name);
  let running: Promise<boolean> | null = null;
  let stopped = false;

  const runOnce = (): Promise<boolean> => {
    running ??= db
      .transaction(async (m) => {
        const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', [SWEEP_LOCK_CLASS, lockId]);
        if (!locked) return false;
        await work(m);
        return true;
      })
      .catch((error: unknown) => {
        logger.warn(
          `${name} failed, trying again in ${Math.round(intervalMs / 1000)} s: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, intervalMs);
  timer.unref();
  void runOnce();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
