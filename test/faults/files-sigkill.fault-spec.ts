import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Api, anOrganisation } from './support/api';
import { AppProcess } from './support/app-process';
import { ScenarioDatabase, scenarioDatabase } from './support/database';
import { figures, waitFor } from './support/figures';

/** Every file under `dir` (recursively), by name. */
function filesUnder(dir: string): string[] {
  let found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found = found.concat(filesUnder(join(dir, entry.name)));
    else found.push(entry.name);
  }
  return found;
}

function sizeOfTemps(dataDir: string): number {
  const tmp = join(dataDir, 'files', 'tmp');
  return readdirSync(tmp).reduce((sum, name) => sum + statSync(join(tmp, name)).size, 0);
}

/**
 * The app is killed (SIGKILL) while a 50 MB upload streams in. Started again on the same
 * database and DATA_DIR: no attachment row points at a missing file, and the cleanup job
 * leaves no file that no row refers to (the partial upload is gone).
 */
describe('SIGKILL during a 50 MB upload', () => {
  let db: ScenarioDatabase;
  const apps: AppProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'files-fault-'));

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no row without its file and, after the cleanup, no file without its row', async () => {
    db = await scenarioDatabase('files_sigkill');
    const env = { DATA_DIR: dataDir, MAX_UPLOAD_MB: '60', HOUSEKEEPING_INTERVAL_SECONDS: '1' };
    // The first instance keeps the default grace period (an hour): its cleanup leaves uploads under way alone.
    const first = await AppProcess.start('app', db.url, env);
    apps.push(first);
    const api = new Api(first.url);
    const org = await anOrganisation(api, { requesters: 1, lanes: 1 });
    const requester = org.requesters[0];
    const order = (
      await api.expect(201, 'POST', '/api/v1/orders', {
        token: requester.token,
        body: {
          serviceId: org.lanes[0].serviceId,
          requesterUnitId: org.school.id,
          title: 'Flyer',
          purpose: 'Parents know the date.',
          answers: { audience: 'Parents' },
        },
      })
    ).body;
    // Two files stored whole before the kill, one a picture with its preview (a blob of its own).
    const logo = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#1d70b8' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'brief.pdf');
    form.append('file', new Blob([logo]), 'logo.png');
    const kept = await fetch(`${first.url}/api/v1/orders/${order.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${requester.token}` },
      body: form,
    });
    expect(kept.status).toBe(201);

    // A 50 MB upload, streamed a megabyte at a time; the kill lands once some 10 MB are on disk.
    const boundary = 'fault-boundary-7f3a';
    const upload = httpRequest(`${first.url}/api/v1/orders/${order.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${requester.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    upload.on('error', () => undefined);
    upload.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const writing = (async () => {
      while (sent < 50 && first.running && !upload.destroyed) {
        if (!upload.write(chunk)) {
          // The kill closes the socket: a drain never comes then.
          await new Promise((r) => {
            upload.once('drain', r);
            upload.once('close', r);
            upload.once('error', r);
          });
        }
        sent++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await waitFor('10 MB of the upload on disk', () => sizeOfTemps(dataDir) >= 10 * 1024 * 1024, 60_000);
    first.signal('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await writing;
    upload.destroy();
    const tempsAfterKill = readdirSync(join(dataDir, 'files', 'tmp')).length;

    // After the restart, no grace: whatever no row refers to goes at the next sweep.
    const second = await AppProcess.start('app after the kill', db.url, { ...env, FILE_ORPHAN_GRACE_MINUTES: '0' }, first.port);
    apps.push(second);
    const rows = await db.rows<{ sha256: string }>(
      'SELECT sha256 FROM attachments UNION SELECT thumbnail_sha256 FROM attachments WHERE thumbnail_sha256 IS NOT NULL',
    );
    expect(rows).toHaveLength(3);
    const blobs = () => filesUnder(join(dataDir, 'files', 'blobs'));
    // No row points at a missing file or preview.
    for (const row of rows) expect(blobs()).toContain(row.sha256);
    // The cleanup (at start, then every second) removes the unfinished upload; no file stays without a row.
    await waitFor('the unfinished upload removed', () => readdirSync(join(dataDir, 'files', 'tmp')).length === 0, 30_000);
    expect(blobs().sort()).toEqual(rows.map((r) => r.sha256).sort());
    const again = await fetch(`${second.url}/api/v1/orders/${order.id}/attachments`, {
      headers: { authorization: `Bearer ${requester.token}` },
    });
    expect((await again.json()).items.map((a: { name: string }) => a.name)).toEqual(['brief.pdf', 'logo.png']);
    figures('SIGKILL during an upload', {
      'MB sent before the kill': sent,
      'unfinished uploads after the kill': tempsAfterKill,
      'files stored (a preview included)': rows.length,
    });
  });
});
