import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding package.json, the same from the sources (tests) and from dist/ (built):
 * templates and styles are read from src/web, never copied by tsc.
 */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export const webSourceDir = (): string => join(packageRoot(), 'src', 'web');
export const viewsDir = (): string => join(webSourceDir(), 'views');
export const govukDir = (): string => join(packageRoot(), 'node_modules', 'govuk-frontend', 'dist');
/** The compiled stylesheet; built by `npm run build`, or at start when missing or older than its sources. */
export const compiledStylesheet = (): string => join(packageRoot(), 'dist', 'assets', 'app.css');
