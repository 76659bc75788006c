import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compiledStylesheet, govukDir, packageRoot, webSourceDir } from '../paths';

/**
 * Compiles src/web/assets/app.scss (govuk-frontend with the product's own settings) into
 * dist/assets/app.css when that is missing or older than its sources. `sass` is a build tool
 * (a dev dependency): a deployment without it serves the stylesheet it was built with.
 */
export function ensureStylesheet(): string {
  const out = compiledStylesheet();
  const sources = readdirSync(join(webSourceDir(), 'assets'))
    .filter((f) => f.endsWith('.scss'))
    .map((f) => join(webSourceDir(), 'assets', f))
    .concat(join(govukDir(), '..', 'package.json'));
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return out;
  let sass: typeof import('sass');
  try {
    // Loaded only when a build is needed: production installs may leave the compiler out.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sass = require('sass') as typeof import('sass');
  } catch {
    if (existsSync(out)) return out;
    throw new Error('dist/assets/app.css is missing and the sass compiler is not installed: run npm ci && npm run build');
  }
  const css = sass.compile(join(webSourceDir(), 'assets', 'app.scss'), {
    loadPaths: [join(packageRoot(), 'node_modules')],
    style: 'compressed',
    quietDeps: true,
  }).css;
  mkdirSync(dirname(out), { recursive: true });
  // Written beside and renamed: test workers starting at once never read half a file.
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, css);
  renameSync(temp, out);
  return out;
}
