// `npm start` runs the built app; build first when dist/ is missing or older than the sources.
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'src', 'main.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.hbs') || entry.name.endsWith('.css'))
      latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = ['src', 'migrations', 'bench'].map((d) => join(root, d)).filter(existsSync);
const stale = !existsSync(marker) || Math.max(...sources.map(newest)) > statSync(marker).mtimeMs;
if (stale) {
  process.stdout.write('building (tsc)… ');
  const started = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// The pages' stylesheet (govuk-frontend with our settings), compiled when missing or stale.
require(join(root, 'dist', 'src', 'web', 'assets', 'stylesheet.js')).ensureStylesheet();
