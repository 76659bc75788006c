import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { PageErrorRenderer, Problem } from '../../common/problem-details.filter';
import type { MessageKey } from '../i18n/en';
import { translator } from '../i18n/i18n';
import { PageRequest, isPagePath, pageLanguage } from '../http/page-request';
import { safeNext } from '../http/safe-next';
import { PageRenderer } from './page-renderer';

const ORDER_PATH = /^\/orders\/([0-9a-f-]{36})(\/|$)/i;

/**
 * Errors on page routes as pages: not signed in → the sign-in page (and back after); every
 * other error a friendly page in the reader's language that names no internals. The status
 * and problem come from the same mapping as the API's problem+json.
 */
@Injectable()
export class PageErrors implements PageErrorRenderer {
  constructor(private readonly pages: PageRenderer) {}

  handles(req: PageRequest): boolean {
    return isPagePath(req.path);
  }

  render(problem: Problem, code: string | undefined, req: PageRequest, res: Response): void {
    if (problem.status === 401) {
      const back = req.method === 'GET' ? req.originalUrl : refererPath(req);
      const next = safeNext(back, '');
      res.redirect(303, next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
      return;
    }
    const [title, body] = messagesFor(problem.status, code);
    const order = ORDER_PATH.exec(req.path);
    const t = translator(pageLanguage(req));
    this.pages.render(
      req,
      res,
      'errors/error.njk',
      {
        pageTitle: t(title),
        body: t(body),
        latestHref: problem.status === 409 && order ? `/orders/${order[1]}` : null,
        requestId: problem.status >= 500 ? problem.requestId : null,
      },
      problem.status,
    );
  }
}

function messagesFor(status: number, code: string | undefined): [MessageKey, MessageKey] {
  if (code === 'csrf_failed') return ['errors.csrf.title', 'errors.csrf.body'];
  if (code === 'stale_version') return ['errors.409.title', 'errors.409.body'];
  switch (status) {
    case 403:
      return ['errors.403.title', 'errors.403.body'];
    case 404:
      return ['errors.404.title', 'errors.404.body'];
    case 409:
      return ['errors.409generic.title', 'errors.409generic.body'];
    case 429:
      return ['errors.429.title', 'errors.429.body'];
    case 503:
      return ['errors.503.title', 'errors.503.body'];
    default:
      return status < 500 ? ['errors.400.title', 'errors.400.body'] : ['errors.500.title', 'errors.500.body'];
  }
}

/** The page a form was posted from, when it is ours. */
function refererPath(req: PageRequest): string {
  const referer = req.headers.referer;
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === req.headers.host ? url.pathname + url.search : '/';
  } catch {
    return '/';
  }
}
