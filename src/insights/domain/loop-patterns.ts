// What keeps happening per service: pure grouping of the loop's declined recommendations and
// unachieved purposes. A pattern is something seen at least PATTERN_MIN times for one service.

/** "Keeps being declined" / "keeps not being achieved": at least this many times for one service. */
export const PATTERN_MIN = 2;

export interface DeclinedRecommendation {
  serviceId: string;
  service: string;
  recommendationId: string;
  text: string;
  reason: string | null;
  orderId: string;
  reference: string;
}

export interface UnachievedPurpose {
  serviceId: string;
  service: string;
  orderId: string;
  reference: string;
  title: string;
  purpose: string;
  outcome: string | null;
}

export interface ServicePattern {
  serviceId: string;
  service: string;
  declined: DeclinedRecommendation[];
  notAchieved: UnachievedPurpose[];
}

/**
 * Services where recommendations keep being declined or purposes keep not being achieved (each
 * list kept only when it reaches PATTERN_MIN), most items first, then by name.
 */
export function servicePatterns(declined: DeclinedRecommendation[], notAchieved: UnachievedPurpose[]): ServicePattern[] {
  const byService = new Map<string, ServicePattern>();
  const entry = (serviceId: string, service: string) => {
    let found = byService.get(serviceId);
    if (!found) byService.set(serviceId, (found = { serviceId, service, declined: [], notAchieved: [] }));
    return found;
  };
  for (const d of declined) entry(d.serviceId, d.service).declined.push(d);
  for (const n of notAchieved) entry(n.serviceId, n.service).notAchieved.push(n);
  return [...byService.values()]
    .map((p) => ({
      ...p,
      declined: p.declined.length >= PATTERN_MIN ? p.declined : [],
      notAchieved: p.notAchieved.length >= PATTERN_MIN ? p.notAchieved : [],
    }))
    .filter((p) => p.declined.length || p.notAchieved.length)
    .sort(
      (a, b) => b.declined.length + b.notAchieved.length - (a.declined.length + a.notAchieved.length) || a.service.localeCompare(b.service),
    );
}
