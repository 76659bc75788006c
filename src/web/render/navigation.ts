import type { Actor } from '../../identity/access/actor';
import { hasRole } from '../../identity/access/actor';
import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/i18n';

interface NavEntry {
  href: string;
  text: MessageKey;
  /** Shown to whom; the guard still decides on each route. */
  shownTo: (actor: Actor) => boolean;
}

/**
 * The header's menu by role. A new area of pages adds its entry here (deliverer pages: the queue).
 * An entry is current when the path is its href or below it.
 */
export const NAVIGATION: NavEntry[] = [
  { href: '/', text: 'nav.home', shownTo: () => true },
  { href: '/catalog', text: 'nav.catalog', shownTo: (a) => a.isAdmin || hasRole(a, 'requester') },
  { href: '/catalog/services', text: 'nav.catalogDesign', shownTo: (a) => a.isAdmin || hasRole(a, 'manager') },
  { href: '/queue', text: 'nav.queue', shownTo: (a) => hasRole(a, 'deliverer') },
  { href: '/reports', text: 'nav.reports', shownTo: (a) => a.isAdmin || hasRole(a, 'manager') },
  { href: '/figures', text: 'nav.figures', shownTo: () => true },
  { href: '/ideas', text: 'nav.ideas', shownTo: () => true },
  { href: '/panels', text: 'nav.panels', shownTo: (a) => hasRole(a, 'manager') },
  { href: '/admin/units', text: 'nav.adminUnits', shownTo: (a) => a.isAdmin },
  { href: '/admin/users', text: 'nav.adminUsers', shownTo: (a) => a.isAdmin },
  { href: '/admin/audit', text: 'nav.adminAudit', shownTo: (a) => a.isAdmin },
];

export function navigationFor(actor: Actor | undefined, t: Translate, path: string) {
  if (!actor) return [];
  const entries = NAVIGATION.filter((e) => e.shownTo(actor));
  // The longest matching href is the current one ("/" only on the home page itself).
  const current = entries
    .filter((e) => (e.href === '/' ? path === '/' : path === e.href || path.startsWith(e.href + '/')))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return entries.map((e) => ({ href: e.href, text: t(e.text), active: e === current }));
}
