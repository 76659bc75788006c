import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import type { ClamdScan } from './clamd-scanner';

/** How many first bytes the type is sniffed from (what `file-type` reads at most). */
export const SNIFF_BYTES = 4100;

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

/**
 * Passes an upload through while it hashes (SHA-256), counts, keeps its first bytes for type
 * sniffing and feeds the virus scanner; past `limit` bytes it fails at once with
 * `TooLargeError`, so nothing more is read or stored.
 */
export class UploadMeter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private readonly headParts: Buffer[] = [];
  private headLength = 0;
  size = 0;

  constructor(
    private readonly limit: number,
    private readonly scan: ClamdScan | null,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) return done(new TooLargeError(this.limit));
    this.hash.update(chunk);
    if (this.headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headLength);
      this.headParts.push(Buffer.from(part));
      this.headLength += part.length;
    }
    if (!this.scan) return done(null, chunk);
    this.scan.write(chunk).then(
      () => done(null, chunk),
      (error: Error) => done(error),
    );
  }

  get head(): Buffer {
    return Buffer.concat(this.headParts);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
