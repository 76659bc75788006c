import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSha256, assertTempId, ByteRange, FileStore, StoredObject } from './file-store';

/**
 * Files on the local disk under `root` (DATA_DIR/files): `blobs/ab/<sha256>` and `tmp/<id>`.
 * Both on one file system, so that committing is an atomic rename: a blob is whole or absent.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  private blobPath(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  private tempPath(tempId: string): string {
    assertTempId(tempId);
    return join(this.root, 'tmp', tempId);
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'blobs'), { recursive: true });
    await mkdir(join(this.root, 'tmp'), { recursive: true });
  }

  async writeTemp(tempId: string, body: Readable): Promise<void> {
    await pipeline(body, createWriteStream(this.tempPath(tempId), { flags: 'wx', mode: 0o600 }));
  }

  async commit(tempId: string, sha256: string): Promise<void> {
    const target = this.blobPath(sha256);
    await mkdir(join(this.root, 'blobs', sha256.slice(0, 2)), { recursive: true });
    await rename(this.tempPath(tempId), target);
  }

  async discard(tempId: string): Promise<void> {
    await rm(this.tempPath(tempId), { force: true });
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const path = this.blobPath(sha256);
    await stat(path); // a missing blob fails here, before any header is sent
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.blobPath(sha256)).then(
      () => true,
      () => false,
    );
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.blobPath(sha256), { force: true });
  }

  async *list(): AsyncIterable<{ blobs: StoredObject[]; temps: StoredObject[] }> {
    const temps = await this.entries(join(this.root, 'tmp'));
    yield { blobs: [], temps };
    for (const prefix of await readdir(join(this.root, 'blobs')).catch(() => [] as string[])) {
      yield { blobs: await this.entries(join(this.root, 'blobs', prefix)), temps: [] };
    }
  }

  private async entries(dir: string): Promise<StoredObject[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const found: StoredObject[] = [];
    for (const name of names) {
      const info = await stat(join(dir, name)).catch(() => null);
      if (info?.isFile()) found.push({ key: name, modifiedAt: info.mtime });
    }
    return found;
  }
}
