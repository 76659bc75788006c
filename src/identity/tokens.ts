import { createHash, randomBytes } from 'node:crypto';

/** Long random tokens; only their SHA-256 digest is stored (one indexed lookup per request). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
