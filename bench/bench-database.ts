import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabase, withDatabase } from '../src/database/database-launcher';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres';

/** The API benchmark's database: one per order count, so a small seed never replaces the big one. */
export function benchDatabaseName(orders: number): string {
  return `support_orders_perf_${orders}`;
}

export interface BenchServer {
  /** The server's URL without a database (superuser on the embedded server). */
  serverUrl: string;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

/** BENCH_DATABASE_URL when given, else the embedded PostgreSQL in .data/bench-postgres (shared with bench:report). */
export async function openBenchServer(log: (line: string) => void = () => undefined): Promise<BenchServer> {
  const given = process.env.BENCH_DATABASE_URL;
  const embedded = given
    ? null
    : await startEmbeddedPostgres({ dataDir: join(process.cwd(), '.data', 'bench-postgres'), preferredPort: 54349, log });
  return {
    serverUrl: given ?? embedded!.superuserUrl,
    embedded,
    stop: async () => {
      await embedded?.stop();
    },
  };
}

/** Opens (creating when missing) the database and brings it to the app's schema through the app's own migrations. */
export async function openBenchDatabase(server: BenchServer, name: string, poolSize = 4): Promise<{ db: DataSource; url: string }> {
  await ensureDatabase(server.serverUrl, name);
  const url = withDatabase(server.serverUrl, name);
  const db = new DataSource(dataSourceOptions(url, { poolSize, applicationName: 'bench' }));
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return { db, url };
}

/** `--orders 10000` or `--orders=10000`, else ORDERS, else the default. */
export function ordersArgument(argv: string[], fallback: number): number {
  const i = argv.findIndex((a) => a === '--orders' || a.startsWith('--orders='));
  const raw = i < 0 ? process.env.ORDERS : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const n = raw === undefined ? fallback : Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 100 || n > 20_000_000)
    throw new Error(`--orders must be a whole number from 100 to 20,000,000 (got ${raw})`);
  return n;
}

/** The bearer token the seed gives each user's session: `bench-` and the user's e-mail address. */
export function benchToken(email: string): string {
  return `bench-${email}`;
}
