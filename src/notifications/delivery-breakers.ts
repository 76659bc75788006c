import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  admission,
  afterFailure,
  afterSuccess,
  BreakerChannel,
  breakerKey,
  BreakerState,
  CLOSED,
  probeTaken,
} from './domain/delivery-breaker';

interface BreakerRow {
  key: string;
  channel: BreakerChannel;
  target: string;
  state: 'closed' | 'open';
  consecutive_failures: number;
  probe_interval_ms: number;
  opened_at: Date | null;
  next_probe_at: Date | null;
  last_error: string | null;
}

export interface BreakerView extends BreakerState {
  channel: BreakerChannel;
  target: string;
}

const COLUMNS = `key, channel, target, state, consecutive_failures, probe_interval_ms, opened_at, next_probe_at, last_error`;

const stateOf = (r: BreakerRow | undefined): BreakerState =>
  r
    ? {
        state: r.state,
        consecutiveFailures: r.consecutive_failures,
        probeIntervalMs: r.probe_interval_ms,
        openedAt: r.opened_at,
        nextProbeAt: r.next_probe_at,
        lastError: r.last_error,
      }
    : CLOSED;

/**
 * The breakers, kept in `delivery_breakers` so that every instance sees one state per target:
 * one probe at a time across them all, one log line when a breaker opens and one when it
 * closes (written by the instance whose update made the change), and the state readable by
 * `/metrics` and the admin mail list on any instance (docs/decisions/0013). A delivery that
 * goes through while the row is clean writes nothing: only failures and recoveries do.
 */
@Injectable()
export class DeliveryBreakers {
  private readonly logger = new Logger(DeliveryBreakers.name);

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(channel: BreakerChannel, target: string, m: EntityManager = this.db.manager): Promise<BreakerState> {
    const [row] = (await m.query(`SELECT ${COLUMNS} FROM delivery_breakers WHERE key = $1`, [breakerKey(channel, target)])) as BreakerRow[];
    return stateOf(row);
  }

  async list(m: EntityManager = this.db.manager): Promise<BreakerView[]> {
    const rows = (await m.query(`SELECT ${COLUMNS} FROM delivery_breakers ORDER BY key`)) as BreakerRow[];
    return rows.map((r) => ({ channel: r.channel, target: r.target, ...stateOf(r) }));
  }

  /**
   * What a worker may do now with this target: deliver, wait, or probe. `probe` is answered to
   * one caller only: taking it moves the next probe a whole pause ahead, under the row lock.
   */
  async admit(channel: BreakerChannel, target: string): Promise<'deliver' | 'wait' | 'probe'> {
    const seen = await this.read(channel, target);
    const now = new Date();
    const first = admission(seen, now);
    if (first !== 'probe') return first;
    return this.db.transaction(async (m) => {
      const current = await this.locked(m, channel, target);
      const decided = admission(current, new Date());
      if (decided === 'probe') await this.write(m, channel, target, probeTaken(current, new Date()));
      return decided;
    });
  }

  /** A connection to the target failed (a delivery or a probe). */
  async failed(channel: BreakerChannel, target: string, error: string): Promise<void> {
    const opened = await this.db.transaction(async (m) => {
      const current = await this.locked(m, channel, target);
      const { next, opened } = afterFailure(current, error.slice(0, 500), new Date(), this.config.notifications.breaker);
      await this.write(m, channel, target, next);
      return opened ? next : null;
    });
    if (opened) {
      this.logger.warn(
        { channel, target, failures: opened.consecutiveFailures, nextProbeAt: opened.nextProbeAt, error },
        `${describe(channel, target)} unreachable: breaker opened after ${opened.consecutiveFailures} failed connections in a row ` +
          `(${error}); sending paused, one probe every ${seconds(opened.probeIntervalMs)} s or less often`,
      );
    }
  }

  /** A delivery or probe got through. Writes only when there was something to clear. */
  async succeeded(channel: BreakerChannel, target: string, seen?: BreakerState): Promise<void> {
    const before = seen ?? (await this.read(channel, target));
    if (before.state === 'closed' && before.consecutiveFailures === 0) return;
    const closed = await this.db.transaction(async (m) => {
      const current = await this.locked(m, channel, target);
      const { next, closed } = afterSuccess(current);
      if (current.state !== 'closed' || current.consecutiveFailures) await this.write(m, channel, target, next);
      return closed ? current : null;
    });
    if (closed) {
      const pausedMs = Date.now() - (closed.openedAt?.getTime() ?? Date.now());
      this.logger.log(
        { channel, target, pausedMs },
        `${describe(channel, target)} reachable again: breaker closed after ${seconds(pausedMs)} s; sending resumes`,
      );
    }
  }

  private async locked(m: EntityManager, channel: BreakerChannel, target: string): Promise<BreakerState> {
    const key = breakerKey(channel, target);
    await m.query(`INSERT INTO delivery_breakers (key, channel, target) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`, [
      key,
      channel,
      target,
    ]);
    const [row] = (await m.query(`SELECT ${COLUMNS} FROM delivery_breakers WHERE key = $1 FOR UPDATE`, [key])) as BreakerRow[];
    return stateOf(row);
  }

  private async write(m: EntityManager, channel: BreakerChannel, target: string, b: BreakerState): Promise<void> {
    await m.query(
      `UPDATE delivery_breakers SET state = $2, consecutive_failures = $3, probe_interval_ms = $4, opened_at = $5, next_probe_at = $6,
              last_error = $7, updated_at = clock_timestamp() WHERE key = $1`,
      [breakerKey(channel, target), b.state, b.consecutiveFailures, b.probeIntervalMs, b.openedAt, b.nextProbeAt, b.lastError],
    );
  }
}

const describe = (channel: BreakerChannel, target: string): string => (channel === 'mail' ? 'mail server' : `webhook host ${target}`);
const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
