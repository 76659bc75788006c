import { closeSync, constants, fchownSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Small files that hold generated passwords (the demo logins', the embedded PostgreSQL's).
 * Created with O_EXCL (never over an existing file, never through a symlink) and mode 0600;
 * read through O_NOFOLLOW and refused when someone else could read or swap them.
 */
export class SecretFileError extends Error {}

/** 20 base64url characters: 120 random bits, readable enough to type. */
export function generatePassword(bytes = 15): string {
  return randomBytes(bytes).toString('base64url');
}

/** The secret in `path`, or null when there is none. `owners` are the uids allowed to own it. */
export function readSecretFile(path: string, owners: number[] = [process.getuid?.() ?? 0]): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new SecretFileError(`${path} is a symbolic link; remove it (a password file must be a plain file)`);
    throw new SecretFileError(`cannot read ${path}: ${code ?? String(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SecretFileError(`${path} is not a plain file; remove it`);
    if (!owners.includes(stat.uid)) throw new SecretFileError(`${path} is owned by uid ${stat.uid}, not by this user; remove it`);
    if ((stat.mode & 0o077) !== 0) {
      throw new SecretFileError(`${path} can be read by others (mode ${(stat.mode & 0o777).toString(8)}); run chmod 600 on it`);
    }
    const value = readFileSync(fd, 'utf8').trim();
    if (!value) throw new SecretFileError(`${path} is empty; remove it to have a new password made`);
    return value;
  } finally {
    closeSync(fd);
  }
}

/** Writes a new secret file; fails if anything (a file, a symlink) is already at `path`. */
export function writeSecretFile(path: string, secret: string, owner?: { uid: number; gid: number }): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    throw new SecretFileError(`cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    if (owner) {
      // fchown on the descriptor we created: no path to swap in between.
      fchownSync(fd, owner.uid, owner.gid);
    }
    writeSync(fd, `${secret}\n`);
  } finally {
    closeSync(fd);
  }
}

/** The secret in `path`, made (and written) on first use. */
export function readOrCreateSecretFile(path: string, owners?: number[]): string {
  const existing = readSecretFile(path, owners);
  if (existing !== null) return existing;
  const secret = generatePassword();
  writeSecretFile(path, secret);
  return secret;
}
