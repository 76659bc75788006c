import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupFiles, filesFolderOf, restoreFiles } from './backup-files';

describe('backing up and restoring the local file store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backup-files-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('copies every blob beside the dump and back into an empty store, and never overwrites a backup', async () => {
    const store = join(dir, 'files');
    const bytes = Buffer.from('%PDF-1.4 flyer');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await mkdir(join(store, 'blobs', sha.slice(0, 2)), { recursive: true });
    await writeFile(join(store, 'blobs', sha.slice(0, 2), sha), bytes);
    const dump = join(dir, 'backups', 'orders.dump');
    const saved = await backupFiles(store, dump);
    expect(saved).toEqual({ folder: filesFolderOf(dump), files: 1, bytes: bytes.length });
    await expect(backupFiles(store, dump)).rejects.toThrow('never overwritten');

    const fresh = join(dir, 'restored');
    expect(await restoreFiles(fresh, dump)).toEqual({ files: 1, bytes: bytes.length });
    expect(await readFile(join(fresh, 'blobs', sha.slice(0, 2), sha))).toEqual(bytes);
    expect(await restoreFiles(fresh, join(dir, 'no-such.dump'))).toBeNull();
  });
});
