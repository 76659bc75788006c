import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isPagePath } from '../../src/web/http/page-request';
import { listRoutesWithAccess, RouteWithAccess } from '../identity/routes';

/**
 * The page routes of the running application (every controller route that is not /api or
 * /health), read from Nest's module container as the route-requirements test reads them. The
 * fingerprinted assets are left out: they are public files, cacheable on purpose.
 */
export function pageRoutes(app: INestApplication): RouteWithAccess[] {
  return listRoutesWithAccess(app).filter((r) => isPagePath(r.path) && !r.path.startsWith('/assets/'));
}

/** Ids that exist, by what they name, for filling page paths; a kind without one gets a fresh UUID (a 404 page). */
export interface PagePathIds {
  order?: string;
  service?: string;
  user?: string;
  notification?: string;
  recommendation?: string;
  changeRequest?: string;
  checklistItem?: string;
  session?: string;
  attachment?: string;
}

const ID_AFTER: Record<string, keyof PagePathIds> = { orders: 'order', users: 'user', services: 'service', notifications: 'notification' };
const NAMED: Record<string, keyof PagePathIds> = {
  serviceId: 'service',
  recId: 'recommendation',
  crId: 'changeRequest',
  itemId: 'checklistItem',
  sessionId: 'session',
  attachmentId: 'attachment',
};

/**
 * `/orders/:id/changes/:crId/approve` with ids that exist: a parameter is named by itself
 * (`:serviceId`, `:crId`) or, for `:id`, by the segment before it (`/orders/:id`, `/users/:id`).
 */
export function fillPagePath(path: string, ids: PagePathIds): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      const before = segments[i - 1] ?? '';
      if (name === 'index') return '0';
      const kind = name === 'id' ? ID_AFTER[before] : NAMED[name];
      return (kind && ids[kind]) ?? randomUUID();
    })
    .join('/');
}
