import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp } from '../support/test-app';

const root = join(__dirname, '..', '..');

/**
 * Runs ESLint's Node API (in a child process: the flat config is an ES module, which Jest's
 * module sandbox does not load) on a fixture placed, virtually, inside src/<module>/.
 */
function lintAs(fixture: string, filePath: string): Array<{ ruleId: string; line: number; message: string }> {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const [result] = await eslint.lintText(require('node:fs').readFileSync(0, 'utf8'), { filePath: ${JSON.stringify(filePath)} });
      process.stdout.write(JSON.stringify(result.messages));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    input: readFileSync(join(root, 'test', 'lint-fixtures', fixture), 'utf8'),
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return JSON.parse(out.toString());
}

describe('lint: module boundaries', () => {
  it("reports another module's entity import and tables named in SQL, and nothing else", () => {
    const messages = lintAs('cross-module-import.ts', join(root, 'src', 'orders', 'cross-module-import.ts'));
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['boundaries/no-foreign-entities', 4],
      ['boundaries/no-foreign-tables', 8],
      ['boundaries/no-foreign-tables', 9],
      ['boundaries/no-foreign-tables', 10],
    ]);
    expect(messages[0].message).toContain('identity');
    expect(messages[1].message).toContain("'memberships'");
    expect(messages[2].message).toContain("'feedback'");
    expect(messages[3].message).toContain("'recommendations'");
  });

  it('lets the module that owns the tables name them', () => {
    const messages = lintAs('cross-module-import.ts', join(root, 'src', 'retrospectives', 'cross-module-import.ts'));
    // Only what is foreign to retrospectives: identity's entity and table, orders' table
    // (./entities/ is now its own folder's).
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['boundaries/no-foreign-entities', 4],
      ['boundaries/no-foreign-tables', 8],
      ['boundaries/no-foreign-tables', 9],
    ]);
  });
});

describe('lint: every table has an owner', () => {
  it('names the module of every table the migrations create, so the boundary rule sees them all', async () => {
    const owners: Record<string, string> = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { TABLE_OWNERS } from ${JSON.stringify(join(root, 'eslint-rules', 'module-boundaries.mjs'))}; process.stdout.write(JSON.stringify(TABLE_OWNERS));`,
        ],
        { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } },
      ).toString(),
    );
    const t = await startTestApp();
    try {
      const rows: Array<{ table_name: string }> = await t.db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
      );
      const unowned = rows.map((r) => r.table_name).filter((name) => !owners[name]);
      expect(unowned).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
