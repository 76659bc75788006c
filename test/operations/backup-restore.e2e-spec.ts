import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup, BackupError, restore, tableCounts } from '../../src/database/backup';
import { aFullCycle, Cycle, everythingAnAdminReads, signIn } from '../factories/cycle';
import { World } from '../factories/world';
import { ScratchDatabase, scratchDatabase, serverForBackups, tableDigests } from '../support/backup-server';
import { startAppOn } from '../support/test-app';

/**
 * `npm run backup` / `npm run restore` do what these functions do: a database with the whole
 * cycle in it is dumped, restored into a fresh database, and the app started on the copy
 * finds everything it had, down to the report's figures.
 */
describe('backup and restore', () => {
  let folder: string;
  const databases: ScratchDatabase[] = [];

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'support-orders-backup-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    for (const d of databases) await d.drop();
  });

  it('restores orders, events, retrospectives, recommendations, users and the report into a fresh database', async () => {
    const server = await serverForBackups();
    const source = await scratchDatabase(server, true);
    databases.push(source);

    const original = await startAppOn(source.url);
    let cycle: Cycle;
    let before: Awaited<ReturnType<typeof everythingAnAdminReads>>;
    try {
      const w = new World(original);
      cycle = await aFullCycle(w);
      before = await everythingAnAdminReads(w, cycle.admin);
    } finally {
      await original.close();
    }
    // The cycle is all there before the backup: five orders, a retrospective's recommendation adopted.
    expect(before.orders.map((o) => o.order.status).sort()).toEqual(['cancelled', 'closed', 'confirmed', 'submitted', 'submitted']);
    expect(before.recommendations.items.map((r: { status: string }) => r.status)).toEqual(['adopted']);
    expect(before.report.service).toMatchObject({ rows: [{ orders: 5, recommendationsIssued: 1, recommendationsAdopted: 1 }] });

    const lines: string[] = [];
    const made = await backup(source.url, join(folder, 'nested', 'cycle.dump'), (line) => lines.push(line));
    expect(made.bytes).toBeGreaterThan(0);
    expect(statSync(made.file).mode & 0o777).toBe(0o600);
    expect(lines[0]).toMatch(/^backing up .* with .*pg_dump/);
    await expect(backup(source.url, made.file)).rejects.toThrow(/already exists/);

    const copy = await scratchDatabase(server, false);
    databases.push(copy);
    const restored = await restore(copy.url, made.file);
    // Every table, the job queue's included, has the rows it had, row for row.
    expect(restored.counts).toEqual(made.counts);
    const digests = await tableDigests(copy.url);
    expect(digests).toEqual(await tableDigests(source.url));
    expect(Object.keys(digests)).toEqual(expect.arrayContaining(['public.retrospectives', 'public.feedback', 'public.audit_events']));
    expect(digests['public.retrospectives']).toMatch(/^1:/);
    expect(restored.counts.find((c) => c.table === 'status_events')?.rows).toBeGreaterThan(10);

    const app = await startAppOn(copy.url);
    try {
      const w = new World(app);
      // The admin's bearer session was in the database too.
      const after = await everythingAnAdminReads(w, cycle.admin);
      expect(after).toEqual(before);
      const login = await signIn(app.http, cycle.anna.email).expect(200);
      const mine = (
        await w
          .as({ ...cycle.anna, token: login.body.token })
          .get('/api/v1/orders')
          .expect(200)
      ).body;
      expect(mine.items).toHaveLength(5);
      // And the copy takes new work: the sequence of references goes on from where it was.
      const draft = await w
        .as(cycle.anna)
        .post('/api/v1/orders', {
          serviceId: cycle.serviceId,
          requesterUnitId: cycle.school.id,
          title: 'After the restore',
          purpose: 'An order made on the restored copy.',
          answers: { channel: 'digital' },
        })
        .expect(201);
      expect(before.orders.map((o) => o.order.reference)).not.toContain(draft.body.reference);
    } finally {
      await app.close();
    }
  });

  it('refuses a database that already has tables, unless told to clean it', async () => {
    const server = await serverForBackups();
    const source = await scratchDatabase(server, true);
    databases.push(source);
    const file = (await backup(source.url, join(folder, 'schema-only.dump'))).file;
    const target = await scratchDatabase(server, true);
    databases.push(target);

    await expect(restore(target.url, file)).rejects.toThrow(BackupError);
    await expect(restore(target.url, file)).rejects.toThrow(/already has \d+ tables; restore into an empty database, or pass --clean/);
    const cleaned = await restore(target.url, file, { clean: true });
    expect(cleaned.counts).toEqual(await tableCounts(source.url));
  });
});
