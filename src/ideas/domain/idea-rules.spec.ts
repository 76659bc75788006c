import fc from 'fast-check';
import { answeredInTime, ideaPermissions, ideasAnsweredInTime, IdeaStatus, IdeaTally, isUnanswered, respondByFrom } from './idea-rules';

const DAY = 86_400_000;
const NOW = new Date('2026-06-15T12:00:00Z');

describe('idea rules', () => {
  it('sets the response date IDEA_RESPONSE_DAYS after the idea was raised', () => {
    expect(respondByFrom(new Date('2026-01-01T09:00:00Z'), 30).toISOString()).toBe('2026-01-31T09:00:00.000Z');
  });

  it('calls only an open idea past its date unanswered', () => {
    const past = new Date(NOW.getTime() - 1);
    expect(isUnanswered({ status: 'open', respondBy: past }, NOW)).toBe(true);
    expect(isUnanswered({ status: 'open', respondBy: NOW }, NOW)).toBe(false);
    for (const status of ['planned', 'done', 'declined'] as const) expect(isUnanswered({ status, respondBy: past }, NOW)).toBe(false);
  });

  it('counts the first answer by the date as in time', () => {
    expect(answeredInTime({ firstAnsweredAt: NOW, respondBy: NOW })).toBe(true);
    expect(answeredInTime({ firstAnsweredAt: new Date(NOW.getTime() + 1), respondBy: NOW })).toBe(false);
    expect(answeredInTime({ firstAnsweredAt: null, respondBy: NOW })).toBe(false);
  });

  it('lets anyone but the author support, and the unit’s deliverers and managers answer', () => {
    const idea = { authorId: 'a', supportUnitId: 'comms' };
    expect(ideaPermissions(idea, { userId: 'a', delivererOf: [], managerOf: [] })).toEqual({
      isAuthor: true,
      maySupport: false,
      mayRespond: false,
    });
    expect(ideaPermissions(idea, { userId: 'b', delivererOf: ['comms'], managerOf: [] })).toEqual({
      isAuthor: false,
      maySupport: true,
      mayRespond: true,
    });
    expect(ideaPermissions(idea, { userId: 'c', delivererOf: ['it'], managerOf: ['comms'] }).mayRespond).toBe(true);
    expect(ideaPermissions(idea, { userId: 'd', delivererOf: ['it'], managerOf: ['hr'] }).mayRespond).toBe(false);
  });

  const tally: fc.Arbitrary<IdeaTally> = fc
    .record({
      unit: fc.constantFrom('comms', 'it', 'hr'),
      status: fc.constantFrom<IdeaStatus>('open', 'planned', 'done', 'declined'),
      respondByOffset: fc.integer({ min: -60, max: 60 }),
      answeredOffset: fc.integer({ min: -60, max: 60 }),
    })
    .map((r) => ({
      supportUnitId: r.unit,
      status: r.status,
      respondBy: new Date(NOW.getTime() + r.respondByOffset * DAY),
      firstAnsweredAt: r.status === 'open' ? null : new Date(NOW.getTime() + Math.min(0, r.answeredOffset) * DAY),
    }));

  it('tallies every idea once per unit, and the rate only over ideas whose time is up or that were answered', () => {
    fc.assert(
      fc.property(fc.array(tally, { maxLength: 40 }), (ideas) => {
        const figures = ideasAnsweredInTime(ideas, NOW);
        expect(figures.reduce((n, f) => n + f.ideas, 0)).toBe(ideas.length);
        for (const f of figures) {
          const mine = ideas.filter((i) => i.supportUnitId === f.supportUnitId);
          const stillInTime = mine.filter((i) => i.status === 'open' && !isUnanswered(i, NOW)).length;
          expect(f.answeredInTime + f.answeredLate + f.unanswered + stillInTime).toBe(f.ideas);
          const due = f.answeredInTime + f.answeredLate + f.unanswered;
          expect(f.answeredInTimeRate).toBe(due ? f.answeredInTime / due : null);
        }
      }),
    );
  });

  it('does not depend on the order ideas are read in', () => {
    fc.assert(
      fc.property(fc.array(tally, { maxLength: 30 }), (ideas) => {
        const sorted = (list: IdeaTally[]) => ideasAnsweredInTime(list, NOW).sort((a, b) => a.supportUnitId.localeCompare(b.supportUnitId));
        expect(sorted([...ideas].reverse())).toEqual(sorted(ideas));
      }),
    );
  });
});
