import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import nunjucks from 'nunjucks';
import { LANGUAGES } from '../../common/language';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { requestIsSecure } from '../../identity/access/session-cookie';
import { AssetsService } from '../assets/assets.service';
import { formCsrfToken } from '../http/form-csrf';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, LANGUAGE_NAMES, Translate, translator } from '../i18n/i18n';
import { govukDir, viewsDir } from '../paths';
import { navigationFor } from './navigation';

/** Pages carry personal data and run only our own files: no inline script or style, no framing. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** What every template can use besides its own view model. */
export interface PageContext {
  lang: string;
  t: Translate;
  fmt: Formats;
  csrfToken: string;
  /** Path and query of this page: where the language switch comes back to. */
  here: string;
  signedIn: { name: string; unreadNotifications: number } | null;
  navigation: Array<{ href: string; text: string; active: boolean }>;
  languages: Array<{ code: string; name: string; current: boolean }>;
  asset: (name: string) => string;
}

/**
 * Renders a template from src/web/views inside the layout. A page gets a view model made by
 * its controller from a service's result; templates hold markup only.
 */
@Injectable()
export class PageRenderer {
  private readonly env: nunjucks.Environment;

  constructor(
    private readonly assets: AssetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir(), govukDir()], { noCache: false }), {
      autoescape: true,
      throwOnUndefined: false,
    });
  }

  context(req: PageRequest, res: Response): PageContext {
    const lang = pageLanguage(req);
    const t = translator(lang);
    return {
      lang,
      t,
      fmt: new Formats(lang),
      csrfToken: formCsrfToken(req, res, requestIsSecure(req, this.config.session.secureCookies)),
      here: req.originalUrl,
      signedIn: req.actor ? { name: req.actor.name, unreadNotifications: req.unreadNotifications ?? 0 } : null,
      navigation: navigationFor(req.actor, t, req.path),
      languages: LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], current: code === lang })),
      asset: (name) => this.assets.path(name),
    };
  }

  /** Sends `view` rendered with the page context and `model`. */
  render(req: PageRequest, res: Response, view: string, model: object = {}, status = 200): void {
    const html = this.env.render(view, { ...this.context(req, res), ...model });
    res
      .status(status)
      .setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Language', pageLanguage(req))
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** After a successful form post: see the result with GET (reloading does not post again). */
  redirect(res: Response, location: string): void {
    res.redirect(303, location);
  }
}
