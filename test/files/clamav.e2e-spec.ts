import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../../src/common/free-port';
import { FILE_STORE, FileStore } from '../../src/files/file-store';
import { aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';
import { PDF, storedObjects } from './attachment-suite';

/** The EICAR anti-virus test file: harmless, and every scanner reports it. */
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

/** Where clamd is: PATH, or Debian's /usr/sbin. Absent: the test fails and says how to install it (CLAMAV_TESTS=off opts out). */
function clamdBinary(): string | null {
  for (const candidate of ['clamd', '/usr/sbin/clamd']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next
    }
  }
  return null;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`clamd exited (${child.exitCode}): ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.end('zPING\0');
        socket.once('data', (d) => resolve(d.toString().includes('PONG')));
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`clamd did not answer on port ${port}: ${log()}`);
}

const optedOut = process.env.CLAMAV_TESTS === 'off';

(optedOut ? describe.skip : describe)('attachments scanned by a real clamd (CLAMAV_URL)', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let clamd: ChildProcess | null = null;
  let dir: string;
  let dataDir: string;
  let base: string;
  let output = '';

  beforeAll(async () => {
    const binary = clamdBinary();
    if (!binary) {
      throw new Error(
        'clamd is not installed: apt-get install -y --no-install-recommends clamav-daemon (or set CLAMAV_TESTS=off to leave these tests out)',
      );
    }
    dir = await mkdtemp(join(tmpdir(), 'clamd-'));
    dataDir = await mkdtemp(join(tmpdir(), 'files-clamav-'));
    // A signature database of our own: the EICAR file's MD5 and size (no download of the real database).
    await writeFile(join(dir, 'test.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:Eicar-Test-Signature\n`);
    const port = await freePort();
    await writeFile(
      join(dir, 'clamd.conf'),
      [
        `DatabaseDirectory ${dir}`,
        `TCPSocket ${port}`,
        'TCPAddr 127.0.0.1',
        'Foreground yes',
        `PidFile ${join(dir, 'clamd.pid')}`,
        `TemporaryDirectory ${dir}`,
        'LogFile /dev/null',
        'StreamMaxLength 30M',
        'MaxThreads 2',
        ...(process.getuid?.() === 0 ? ['User root'] : []),
      ].join('\n') + '\n',
    );
    clamd = spawn(binary, ['--config-file', join(dir, 'clamd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    clamd.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    clamd.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForPort(port, clamd, () => output);
    t = await startTestApp({ DATA_DIR: dataDir, CLAMAV_URL: `tcp://127.0.0.1:${port}`, CLAMAV_TIMEOUT_MS: '5000' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    w = new World(t);
    s = await aScenario(w);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    clamd?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (orderId: string, bytes: Buffer, name: string) =>
    request(base)
      .post(`/api/v1/orders/${orderId}/attachments`)
      .set('Authorization', `Bearer ${s.requester.token}`)
      .attach('file', bytes, name);

  it('stores a clean file as scanned, refuses the EICAR file with 422 and keeps nothing of it', async () => {
    const order = await aSubmittedOrder(w, s);
    const clean = await upload(order.id, PDF, 'brief.pdf').expect(201);
    expect(clean.body.items[0].scan).toBe('clean');
    const infected = await upload(order.id, EICAR, 'harmless.pdf').expect(422);
    expect(infected.body.type).toMatch(/file-infected$/);
    const store = t.app.get<FileStore>(FILE_STORE);
    const stored = await storedObjects(store);
    expect(stored.temps).toEqual([]);
    expect(stored.blobs).toEqual([clean.body.items[0].sha256]);
    const rows = await t.db.query('SELECT name FROM attachments WHERE order_id = $1', [order.id]);
    expect(rows).toEqual([{ name: 'brief.pdf' }]);
  });

  it('fails closed with 503 when the scanner does not answer, and stores nothing unscanned', async () => {
    const order = await aSubmittedOrder(w, s);
    clamd!.kill('SIGKILL');
    await new Promise((r) => clamd!.once('exit', r));
    const res = await upload(order.id, PDF, 'brief.pdf').expect(503);
    expect(res.body.type).toMatch(/scanner-unavailable$/);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM attachments WHERE order_id = $1', [order.id]);
    expect(rows[0].n).toBe(0);
    expect((await storedObjects(t.app.get<FileStore>(FILE_STORE))).temps).toEqual([]);
  });
});
