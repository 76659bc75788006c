import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** ESLint's Node API in a child process (the flat config is an ES module), on a fixture placed virtually at `filePath`. */
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

describe('lint: pages read their query through pageQuery', () => {
  it('reports @Query and req.query in a page controller', () => {
    const messages = lintAs('page-query-read.ts', join(root, 'src', 'web', 'admin', 'page-query-read.ts'));
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['no-restricted-syntax', 7],
      ['no-restricted-syntax', 8],
    ]);
    expect(messages[0].message).toContain('pageQuery');
  });

  it('leaves the API controllers alone', () => {
    expect(lintAs('page-query-read.ts', join(root, 'src', 'orders', 'page-query-read.ts'))).toEqual([]);
  });
});
