import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The attachment files of a local-disk deployment beside a database dump: `<dump>.files/` holds
 * a copy of `DATA_DIR/files/blobs` (files named by their SHA-256, so a copy is verifiable and
 * copying twice is harmless). Copied after the dump, so that every row the dump holds finds its
 * file; a file without a row is removed by the cleanup job after a restore.
 */
export function filesFolderOf(dumpFile: string): string {
  return `${dumpFile}.files`;
}

async function countFiles(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await countFiles(path);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      files++;
      bytes += (await stat(path)).size;
    }
  }
  return { files, bytes };
}

/** Copies the store's blobs to `<dump>.files/`; refuses an existing folder (a backup is never overwritten). */
export async function backupFiles(storeRoot: string, dumpFile: string): Promise<{ folder: string; files: number; bytes: number }> {
  const folder = filesFolderOf(dumpFile);
  if (
    await stat(folder).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${folder} exists already: a backup is never overwritten`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const blobs = join(storeRoot, 'blobs');
  if (
    await stat(blobs).then(
      () => true,
      () => false,
    )
  )
    await cp(blobs, join(folder, 'blobs'), { recursive: true, errorOnExist: false });
  return { folder, ...(await countFiles(folder)) };
}

/** Copies `<dump>.files/` back into the store (files already there stay: equal names are equal bytes). Null when the backup has no files. */
export async function restoreFiles(storeRoot: string, dumpFile: string): Promise<{ files: number; bytes: number } | null> {
  const blobs = join(filesFolderOf(dumpFile), 'blobs');
  if (
    !(await stat(blobs).then(
      () => true,
      () => false,
    ))
  )
    return null;
  await mkdir(join(storeRoot, 'blobs'), { recursive: true });
  await mkdir(join(storeRoot, 'tmp'), { recursive: true });
  await cp(blobs, join(storeRoot, 'blobs'), { recursive: true, force: false, errorOnExist: false });
  return countFiles(blobs);
}
