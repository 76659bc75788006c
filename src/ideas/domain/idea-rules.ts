// The rules of ideas: pure, no NestJS or TypeORM.

export const IDEA_DECISIONS = ['planned', 'done', 'declined'] as const;
export type IdeaDecisionValue = (typeof IDEA_DECISIONS)[number];
export const IDEA_STATUSES = ['open', ...IDEA_DECISIONS] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
/** What a list can be filtered by: a status, or `unanswered` (open past its response date). */
export const IDEA_FILTERS = [...IDEA_STATUSES, 'unanswered'] as const;
export type IdeaFilter = (typeof IDEA_FILTERS)[number];

const DAY_MS = 86_400_000;

/** The date by which the support unit must answer an idea raised at `raisedAt`. */
export function respondByFrom(raisedAt: Date, responseDays: number): Date {
  return new Date(raisedAt.getTime() + responseDays * DAY_MS);
}

/** Open and past its response date: shown as unanswered, counted against the unit, reminded. */
export function isUnanswered(idea: { status: IdeaStatus; respondBy: Date }, now: Date): boolean {
  return idea.status === 'open' && idea.respondBy.getTime() < now.getTime();
}

/** The first answer came by the response date (a later change of decision does not move it). */
export function answeredInTime(idea: { firstAnsweredAt: Date | null; respondBy: Date }): boolean {
  return idea.firstAnsweredAt !== null && idea.firstAnsweredAt.getTime() <= idea.respondBy.getTime();
}

/** What a person may do with an idea: support it (anyone but its author), answer it (its unit's managers and deliverers). */
export function ideaPermissions(
  idea: { authorId: string; supportUnitId: string },
  person: { userId: string; delivererOf: readonly string[]; managerOf: readonly string[] },
): { isAuthor: boolean; maySupport: boolean; mayRespond: boolean } {
  const isAuthor = idea.authorId === person.userId;
  return {
    isAuthor,
    maySupport: !isAuthor,
    mayRespond: person.delivererOf.includes(idea.supportUnitId) || person.managerOf.includes(idea.supportUnitId),
  };
}

export interface IdeaTally {
  supportUnitId: string;
  status: IdeaStatus;
  respondBy: Date;
  firstAnsweredAt: Date | null;
}

export interface IdeasAnsweredFigure {
  supportUnitId: string;
  /** Ideas raised in the period. */
  ideas: number;
  /** Of those, answered by their response date. */
  answeredInTime: number;
  /** Answered after their response date. */
  answeredLate: number;
  /** Still open past their response date. */
  unanswered: number;
  /** answeredInTime / the ideas whose response date has passed or that were answered; null when none. */
  answeredInTimeRate: number | null;
}

/**
 * Ideas answered in time per support unit. An idea still open before its response date counts
 * in `ideas` but not in the rate: the unit still has time.
 */
export function ideasAnsweredInTime(ideas: readonly IdeaTally[], now: Date): IdeasAnsweredFigure[] {
  const byUnit = new Map<string, IdeasAnsweredFigure>();
  for (const idea of ideas) {
    const f = byUnit.get(idea.supportUnitId) ?? {
      supportUnitId: idea.supportUnitId,
      ideas: 0,
      answeredInTime: 0,
      answeredLate: 0,
      unanswered: 0,
      answeredInTimeRate: null,
    };
    f.ideas++;
    if (idea.firstAnsweredAt !== null) {
      if (answeredInTime(idea)) f.answeredInTime++;
      else f.answeredLate++;
    } else if (isUnanswered(idea, now)) f.unanswered++;
    byUnit.set(idea.supportUnitId, f);
  }
  return [...byUnit.values()].map((f) => {
    const due = f.answeredInTime + f.answeredLate + f.unanswered;
    return { ...f, answeredInTimeRate: due === 0 ? null : f.answeredInTime / due };
  });
}
