import type { DataSource } from 'typeorm';

/**
 * What a refused request may still write, on purpose:
 * - `login_failures`: every failed sign-in is counted, so guessing is throttled;
 * - `write_counts`: "an attempt counts whether or not the write then succeeds" (write limits);
 * - the `auth.login_failed` audit events that go with the first;
 * - `sessions.last_seen_at`, refreshed by any authenticated request at most once a minute.
 */
const EXCLUDED_TABLES = new Set(['migrations', 'login_failures', 'write_counts']);
const ROW_FILTERS: Record<string, string> = { audit_events: `WHERE r.action <> 'auth.login_failed'` };
const EXCLUDED_COLUMNS: Record<string, string[]> = { sessions: ['last_seen_at'] };

type Digest = Map<string, string>;

/**
 * Which application tables changed since the last look. A transaction that writes anything gets
 * a transaction id, so while the next id to be handed out stays the same nothing was written and
 * one cheap query says so; only when it moved are the tables fingerprinted and compared.
 */
export class ChangeWatch {
  full = 0;
  private constructor(
    private readonly db: DataSource,
    private readonly digest: () => Promise<Digest>,
    private xid: string,
    private tables: Digest,
  ) {}

  static async start(db: DataSource): Promise<ChangeWatch> {
    const digest = await databaseDigest(db);
    const xid = await nextTransactionId(db);
    return new ChangeWatch(db, digest, xid, await digest());
  }

  /** The tables whose rows differ from the last call's (or the start's). */
  async changed(): Promise<string[]> {
    const xid = await nextTransactionId(this.db);
    if (xid === this.xid) return [];
    this.xid = xid;
    this.full++;
    const now = await this.digest();
    const changed = [...now.keys()].filter((name) => this.tables.get(name) !== now.get(name));
    this.tables = now;
    return changed;
  }
}

async function nextTransactionId(db: DataSource): Promise<string> {
  const [row]: Array<{ xid: string }> = await db.query('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid');
  return row.xid;
}

/**
 * A cheap fingerprint of every application table: its row count and the sum of a hash of each
 * row, in one round trip. Order-independent and fast on the few hundred rows a test world holds.
 */
async function databaseDigest(db: DataSource): Promise<() => Promise<Digest>> {
  const tables: Array<{ name: string }> = await db.query(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts = tables
    .map((t) => t.name)
    .filter((name) => !EXCLUDED_TABLES.has(name))
    .map((name) => {
      const row = (EXCLUDED_COLUMNS[name] ?? []).reduce((expr, column) => `${expr} - '${column}'`, 'to_jsonb(r)');
      return `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(sum(hashtextextended((${row})::text, 0)), 0)::text AS digest
              FROM "${name}" r ${ROW_FILTERS[name] ?? ''}`;
    });
  const sql = parts.join('\nUNION ALL\n');
  return async () => {
    const rows: Array<{ name: string; digest: string }> = await db.query(sql);
    return new Map(rows.map((r) => [r.name, r.digest]));
  };
}
