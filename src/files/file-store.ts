import type { Readable } from 'node:stream';

/** A byte range of a stored file, both ends included (as HTTP `Range` says it). */
export interface ByteRange {
  start: number;
  end: number;
}

/** One stored object: by content hash, or a temporary object an upload is still writing. */
export interface StoredObject {
  key: string;
  /** Last written (a blob re-stored by a later upload of the same bytes counts as new). */
  modifiedAt: Date;
}

/**
 * Where attachment bytes live: stored once by their SHA-256, streamed in and out. An upload
 * writes to a temporary object while it is hashed, checked and scanned (`writeTemp`), and only
 * then becomes the blob of its hash (`commit`); a refused or broken upload is `discard`ed.
 * What no attachment refers to is found by `list` and removed by the cleanup job.
 */
export interface FileStore {
  /** `local` or `s3`: for logs and the health of operations. */
  readonly kind: 'local' | 's3';
  /** Makes the place ready (directories, or checks that the bucket answers). */
  init(): Promise<void>;
  /** Streams `body` into a new temporary object; resolves when every byte is stored. */
  writeTemp(tempId: string, body: Readable): Promise<void>;
  /** The temporary object becomes the blob of `sha256` (replacing an equal one, which refreshes its time). */
  commit(tempId: string, sha256: string): Promise<void>;
  /** Removes a temporary object; no error when it is gone already. */
  discard(tempId: string): Promise<void>;
  /** The blob's bytes, or the given range of them. */
  read(sha256: string, range?: ByteRange): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Removes a blob; no error when it is gone already. */
  remove(sha256: string): Promise<void>;
  /** Every blob and every temporary object, with when each was last written. */
  list(): AsyncIterable<{ blobs: StoredObject[]; temps: StoredObject[] }>;
}

export const FILE_STORE = Symbol('FILE_STORE');

/** SHA-256 in hex: the only shape a blob key may have (no path can be smuggled through it). */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Temporary object ids are UUIDs made by the server. */
export const TEMP_ID = /^[0-9a-f-]{36}$/;

export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 hex digest');
}

export function assertTempId(tempId: string): void {
  if (!TEMP_ID.test(tempId)) throw new Error('not a temporary object id');
}
