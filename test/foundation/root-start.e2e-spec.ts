import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { openDatabaseTarget } from '../../src/database/database-launcher';
import { EmbeddedDatabaseError, isRoot, ROOT_PLACE, rootPlaceFor } from '../../src/database/embedded-postgres';

/**
 * `npm ci && npm start` as root from a clone in a mode-700 folder (under /root, or made by
 * `mktemp -d`): PostgreSQL runs as `postgres`, which cannot enter it, so the data goes to a
 * place only root and `postgres` control, and a place someone else prepared is refused.
 * These run as root, as CI and the newcomer check do; as another user there is no such path.
 */
const asRoot = isRoot() ? describe : describe.skip;

asRoot('starting as root from a folder the postgres user cannot enter', () => {
  let home: string;
  const places: string[] = [];
  const port = 25000 + Math.floor(Math.random() * 2000);

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'root-start-'));
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    for (const place of places) rmSync(place, { recursive: true, force: true });
  });

  it('keeps the database where only root and postgres control it, and the app becomes ready', async () => {
    const dataDir = join(home, '.data');
    const place = rootPlaceFor(join(dataDir, 'postgres'));
    places.push(place);
    const lines: string[] = [];
    const target = await openDatabaseTarget({ databaseUrl: null, dataDir, embeddedPostgresPort: port }, (l) => lines.push(l));
    try {
      const embedded = target.embedded!;
      expect(embedded.dataDir).toBe(join(place, 'postgres'));
      expect(lines.join('\n')).toContain(`keeping the embedded database in ${embedded.dataDir}`);
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      expect(lstatSync(ROOT_PLACE)).toMatchObject({ uid: 0 });
      expect(lstatSync(ROOT_PLACE).mode & 0o022).toBe(0);
      expect(lstatSync(place)).toMatchObject({ uid: 0 });
      expect(lstatSync(place).mode & 0o777).toBe(0o710);
      expect(lstatSync(embedded.dataDir)).toMatchObject({ uid: postgresUid });
      expect(lstatSync(embedded.dataDir).mode & 0o777).toBe(0o700);
      for (const file of ['superuser-password', 'app-password']) expect(statSync(`${embedded.dataDir}.${file}`).mode & 0o777).toBe(0o600);

      const app = await createApp(
        loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MIGRATIONS_RUN: 'false' }),
        target.url,
        pino({ level: 'silent' }),
      );
      try {
        await app.init();
        await request(app.getHttpServer()).get('/health/ready').expect(200);
      } finally {
        await app.close();
      }
    } finally {
      await target.embedded?.stop();
    }
  }, 120_000);

  it.each([
    [
      'made first by another user',
      (place: string) => {
        mkdirSync(place, { mode: 0o700 });
        chownSync(place, 65534, 65534); // nobody
      },
      /refusing to use .* it is owned by uid 65534, not root/,
    ],
    [
      'that anyone can write to',
      (place: string) => {
        mkdirSync(place);
        chmodSync(place, 0o777);
      },
      /refusing to use .* others can write to it/,
    ],
    ['that is a symbolic link', (place: string) => symlinkSync(home, place), /refusing to use .* it is a symbolic link/],
  ])('refuses a fallback folder %s, in one line', async (_what, prepare, message) => {
    const dataDir = mkdtempSync(join(home, 'other-'));
    const place = rootPlaceFor(join(dataDir, 'postgres'));
    places.push(place);
    mkdirSync(ROOT_PLACE, { recursive: true, mode: 0o755 });
    prepare(place);
    const error = await openDatabaseTarget({ databaseUrl: null, dataDir, embeddedPostgresPort: port + 1 }, () => undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmbeddedDatabaseError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
