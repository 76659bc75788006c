import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { aFullCycle } from '../factories/cycle';
import { World } from '../factories/world';
import { startAppOn } from '../support/test-app';
import { cloneTemplate } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** `npm run retention [-- --dry-run]` as an operator runs it: the built command on its own database. */
describe('the retention command', () => {
  let database: Awaited<ReturnType<typeof cloneTemplate>>;
  let reference: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.cjs')], { cwd: ROOT, stdio: 'ignore' });
    database = await cloneTemplate();
    const t = await startAppOn(database.url);
    const c = await aFullCycle(new World(t));
    // The closed order was closed five years ago (the cancelled one is recent).
    await t.db.query(`UPDATE orders SET closed_at = now() - interval '5 years' WHERE id = $1`, [c.orderIds[0]]);
    [{ reference }] = await t.db.query('SELECT reference FROM orders WHERE id = $1', [c.orderIds[0]]);
    await t.close();
  }, 180_000);
  afterAll(() => database?.drop());

  const retention = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'dist', 'src', 'privacy', 'retention.cli.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url, RETENTION_YEARS: '2', MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent' },
    });

  it('lists with --dry-run what it would remove, with progress, then removes it, once', async () => {
    const dry = await retention('--dry-run');
    expect(dry.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${reference}\\tfinished \\d{4}-\\d{2}-\\d{2}$`)),
      expect.stringMatching(/^Would remove the personal data of 1 order\(s\): .*messageTexts/),
    ]);
    expect(dry.stderr).toContain('1 of 1 order(s) counted');

    const real = await retention();
    expect(real.stdout).toMatch(/Removed the personal data of 1 order\(s\)/);
    expect((await retention('--dry-run')).stdout.trim()).toBe('Would remove the personal data of 0 order(s).');
  }, 120_000);
});
