import fc from 'fast-check';
import type { Answers, Question } from '../../catalog/domain/question';
import { MIN_RESPONSES_FOR_RESULTS, resultsAccess, surveyResults } from './survey-results';

const QUESTIONS: Question[] = [
  {
    key: 'c',
    type: 'choice',
    label: 'Channel',
    options: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ],
  },
  {
    key: 'm',
    type: 'multichoice',
    label: 'Topics',
    options: [
      { value: 'x', label: 'X' },
      { value: 'y', label: 'Y' },
    ],
  },
  { key: 'n', type: 'number', label: 'Score' },
  { key: 'y', type: 'yesno', label: 'More?' },
  { key: 't', type: 'text', label: 'Why' },
];

const response: fc.Arbitrary<Answers> = fc.record(
  {
    c: fc.constantFrom('a', 'b'),
    m: fc.subarray(['x', 'y']),
    n: fc.integer({ min: 1, max: 5 }),
    y: fc.boolean(),
    t: fc.string({ minLength: 1, maxLength: 8 }),
  },
  { requiredKeys: [] },
);

describe('survey results', () => {
  it('counts options, averages numbers and lists texts', () => {
    const results = surveyResults(QUESTIONS, [
      { c: 'a', m: ['x', 'y'], n: 2, y: true, t: 'b' },
      { c: 'b', m: ['y'], n: 4, y: false, t: 'a' },
      { c: 'a' },
    ]);
    expect(results.map((r) => [r.key, r.answered])).toEqual([
      ['c', 3],
      ['m', 2],
      ['n', 2],
      ['y', 2],
      ['t', 2],
    ]);
    expect(results[0].counts).toEqual([
      { value: 'a', label: 'A', count: 2 },
      { value: 'b', label: 'B', count: 1 },
    ]);
    expect(results[1].counts).toEqual([
      { value: 'x', label: 'X', count: 1 },
      { value: 'y', label: 'Y', count: 2 },
    ]);
    expect(results[2].average).toBe(3);
    expect(results[3].counts).toEqual([
      { value: 'yes', label: 'yes', count: 1 },
      { value: 'no', label: 'no', count: 1 },
    ]);
    expect(results[4].texts).toEqual(['a', 'b']);
  });

  it('gives the same results whatever order the answers were stored in, so order tells nothing of who', () => {
    fc.assert(
      fc.property(fc.array(response, { maxLength: 20 }), fc.integer(), (responses, seed) => {
        const shuffled = [...responses].sort(() => (seed = (seed * 1103515245 + 12345) | 0) % 3);
        expect(surveyResults(QUESTIONS, shuffled)).toEqual(surveyResults(QUESTIONS, responses));
      }),
    );
  });

  it('shows results to managers at once and to members after close, never under 5 answers', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.nat(20), (isManager, isMember, closed, responses) => {
        const access = resultsAccess({ isManager, isMember }, closed, responses);
        if (!isManager && !(isMember && closed)) expect(access).toBe('forbidden');
        else expect(access).toBe(responses < MIN_RESPONSES_FOR_RESULTS ? 'withheld' : 'granted');
      }),
    );
  });
});
