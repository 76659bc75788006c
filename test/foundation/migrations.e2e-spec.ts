import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../migrations';
import { createEmptyDatabase } from '../support/test-database';

async function tables(db: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('run up and all the way down on an empty database, and up again', async () => {
    const empty = await createEmptyDatabase();
    const db = new DataSource(dataSourceOptions(empty.url, { poolSize: 1 }));
    try {
      await db.initialize();
      const applied = await db.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
      expect(await tables(db)).toEqual(expect.arrayContaining(['units', 'users', 'memberships', 'sessions', 'audit_events']));

      for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
      expect(await tables(db)).toEqual([]);

      expect(await db.runMigrations({ transaction: 'each' })).toHaveLength(MIGRATIONS.length);
    } finally {
      if (db.isInitialized) await db.destroy();
      await empty.drop();
    }
  });

  it('leave nothing for the entities to add (no drift between entities and schema)', async () => {
    const empty = await createEmptyDatabase();
    const db = new DataSource(dataSourceOptions(empty.url, { poolSize: 1 }));
    try {
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      if (db.isInitialized) await db.destroy();
      await empty.drop();
    }
  });

  it('keep audit events append-only in the database itself', async () => {
    const empty = await createEmptyDatabase();
    const db = new DataSource(dataSourceOptions(empty.url, { poolSize: 1 }));
    try {
      await db.initialize();
      await db.runMigrations({ transaction: 'each' });
      await db.query(`INSERT INTO audit_events (action, entity) VALUES ('test.done', 'test')`);
      await expect(db.query(`UPDATE audit_events SET action = 'changed'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    } finally {
      if (db.isInitialized) await db.destroy();
      await empty.drop();
    }
  });
});
