import { NOT_PERSONAL } from '../../src/privacy/not-personal';
import { PersonalDataRegistry } from '../../src/privacy/personal-data';
import { startTestApp, TestApp } from '../support/test-app';

/** A column that names or points at a person, by its name (text, uuid or json columns only). */
const PERSON_COLUMN =
  /(^|_)(user_id|email|name|recipient|sender|address|ip|user_agent|oidc_subject|password_hash)$|_by$|^(author|actor|requester|assignee|uploader)_id$/;

/**
 * The export and the erasure are held against the database itself: a table with a column that
 * names or points at a person must be answered for by a module's personal-data holder (which
 * lists that column) or be listed as not personal with a reason. A new table or column fails
 * here until it is handled.
 */
describe('every table with personal data is exported and erased, or listed as not personal', () => {
  let t: TestApp;
  let columns: Array<{ table_name: string; column_name: string; data_type: string }>;
  let userReferences: Array<{ table_name: string; column_name: string }>;

  const readSchema = async () => {
    columns = await t.db.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    userReferences = await t.db.query(
      `SELECT kcu.table_name, kcu.column_name FROM information_schema.referential_constraints rc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
        WHERE kcu.table_schema = 'public' AND ccu.table_name = 'users'`,
    );
  };

  beforeAll(async () => {
    t = await startTestApp();
    await readSchema();
  });
  afterAll(() => t?.close());

  it('finds person columns in the schema (the rule is not vacuous)', () => {
    const found = personColumns();
    expect(found).toEqual(expect.arrayContaining(['users.email', 'orders.requester_id', 'outbound_mails.recipient', 'sessions.ip']));
  });

  it('has a holder (naming the column) or a reason for every person column', () => {
    expect(unanswered()).toEqual([]);
  });

  it('fails for a new table or column with personal data until it is handled', async () => {
    await t.db.query(`CREATE TABLE privacy_probe (id uuid PRIMARY KEY, contact_email text, owner_id uuid REFERENCES users(id))`);
    await t.db.query(`ALTER TABLE feedback ADD COLUMN reviewer_name text`);
    try {
      await readSchema();
      expect(unanswered()).toEqual(['feedback.reviewer_name', 'privacy_probe.contact_email', 'privacy_probe.owner_id']);
    } finally {
      await t.db.query(`DROP TABLE privacy_probe`);
      await t.db.query(`ALTER TABLE feedback DROP COLUMN reviewer_name`);
      await readSchema();
    }
  });

  it('declares only tables and columns that exist, and never a table both held and not personal', () => {
    const existing = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    const tables = new Set(columns.map((c) => c.table_name));
    const held = t.app.get(PersonalDataRegistry).tables();
    const stale = [...held].flatMap(([table, cols]) => cols.map((c) => `${table}.${c}`)).filter((c) => !existing.has(c));
    expect(stale).toEqual([]);
    expect(Object.keys(NOT_PERSONAL).filter((table) => !tables.has(table))).toEqual([]);
    expect(Object.keys(NOT_PERSONAL).filter((table) => held.has(table))).toEqual([]);
    for (const reason of Object.values(NOT_PERSONAL)) expect(reason.length).toBeGreaterThan(20);
  });

  function unanswered(): string[] {
    const held = t.app.get(PersonalDataRegistry).tables();
    return personColumns().filter((c) => {
      const [table, column] = c.split('.');
      if (table in NOT_PERSONAL) return false;
      return !held.get(table)?.includes(column);
    });
  }

  function personColumns(): string[] {
    const byName = columns
      .filter((c) => ['text', 'uuid', 'character varying', 'jsonb', 'ARRAY'].includes(c.data_type) && PERSON_COLUMN.test(c.column_name))
      .map((c) => `${c.table_name}.${c.column_name}`);
    const byReference = userReferences.map((r) => `${r.table_name}.${r.column_name}`);
    return [...new Set([...byName, ...byReference])].sort();
  }
});
