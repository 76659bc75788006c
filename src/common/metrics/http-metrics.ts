import type { NextFunction, Request, Response } from 'express';
import type { Counter, Histogram } from 'prom-client';

export type HttpLabels = 'method' | 'route' | 'status_class';

/** The route label of a request no route answered (404, 415, a middleware's answer): never the raw URL. */
export const NO_ROUTE = '(none)';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts and times every request by method, route template (`/api/v1/orders/:id`, never the
 * raw URL, so the label set stays small) and status class (`2xx`…`5xx`), when the response
 * ends. Mounted first, so requests answered before routing count too.
 */
export function httpMetrics(requests: Counter<HttpLabels>, duration: Histogram<HttpLabels>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = duration.startTimer();
    res.once('finish', () => {
      const labels = {
        // Unknown verbs would be labels an attacker picks.
        method: METHODS.has(req.method) ? req.method : 'OTHER',
        route: routeOf(req, res),
        status_class: `${Math.floor(res.statusCode / 100)}xx`,
      };
      requests.inc(labels);
      stop(labels);
    });
    next();
  };
}

/** The template Express matched, with its mount path: set by the router once a route takes the request. */
function routeOf(req: Request, res: Response): string {
  const named: unknown = res.locals.metricsRoute;
  if (typeof named === 'string') return named;
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  // A wildcard is the catch-all of middleware and not-found handlers, not a route of ours.
  if (typeof path !== 'string' || path.includes('*')) return NO_ROUTE;
  return `${req.baseUrl}${path}`;
}
