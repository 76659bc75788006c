import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { govukDir, webSourceDir } from '../paths';
import { ensureStylesheet } from './stylesheet';

export interface Asset {
  body: Buffer;
  type: string;
}

/**
 * The pages' stylesheet and scripts, read once at start. Their URLs carry a fingerprint of
 * their content (`/assets/<version>/app.css`), so browsers may keep them for a year.
 */
@Injectable()
export class AssetsService {
  readonly files: Record<string, Asset>;
  readonly version: string;

  constructor() {
    this.files = {
      'app.css': { body: readFileSync(ensureStylesheet()), type: 'text/css; charset=utf-8' },
      'app.js': { body: readFileSync(join(webSourceDir(), 'assets', 'app.js')), type: 'text/javascript; charset=utf-8' },
      'govuk-frontend.min.js': {
        body: readFileSync(join(govukDir(), 'govuk', 'govuk-frontend.min.js')),
        type: 'text/javascript; charset=utf-8',
      },
    };
    const hash = createHash('sha256');
    for (const name of Object.keys(this.files).sort()) hash.update(name).update(this.files[name].body);
    this.version = hash.digest('hex').slice(0, 12);
  }

  /** `/assets/<version>/<name>`, for templates. */
  path(name: string): string {
    return `/assets/${this.version}/${name}`;
  }
}
