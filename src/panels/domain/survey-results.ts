// A survey's results and who may read them: pure, no NestJS or TypeORM.
import type { Answers, Question } from '../../catalog/domain/question';

/** No result is shown while fewer have answered: with fewer, an answer could be told apart. */
export const MIN_RESPONSES_FOR_RESULTS = 5;

export interface OptionCount {
  value: string;
  label: string;
  count: number;
}

export interface QuestionResult {
  key: string;
  label: string;
  type: Question['type'];
  /** How many answered this question (a question hidden by showIf or left empty is not answered). */
  answered: number;
  /** choice, multichoice, yesno: each option with its count, in the questionnaire's order. */
  counts: OptionCount[] | null;
  /** number: the mean of the answers; null when none. */
  average: number | null;
  /** text, textarea, date, email, url: the answers sorted, so their order tells nothing of who or when. */
  texts: string[] | null;
}

const COUNTED: ReadonlySet<string> = new Set(['choice', 'multichoice', 'yesno']);
const AVERAGED: ReadonlySet<string> = new Set(['number']);

/** Per question: counts, averages or the texts. Order-free: the same answers in any order give the same results. */
export function surveyResults(questions: readonly Question[], responses: readonly Answers[]): QuestionResult[] {
  return questions.map((q) => {
    const values = responses.map((r) => r[q.key]).filter((v) => v !== undefined && v !== null && v !== '');
    const base = { key: q.key, label: q.label, type: q.type, answered: values.length, counts: null, average: null, texts: null };
    if (COUNTED.has(q.type)) {
      const options: Array<{ value: string; label: string }> =
        q.type === 'yesno'
          ? [
              { value: 'yes', label: 'yes' },
              { value: 'no', label: 'no' },
            ]
          : (q.options ?? []);
      const chosen = values
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)));
      return {
        ...base,
        counts: options.map((o) => ({ value: o.value, label: o.label, count: chosen.filter((c) => c === o.value).length })),
      };
    }
    if (AVERAGED.has(q.type)) {
      const numbers = values.map(Number).filter((n) => Number.isFinite(n));
      return { ...base, average: numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null };
    }
    return { ...base, texts: values.map(String).sort((a, b) => a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0)) };
  });
}

export type ResultsAccess = 'granted' | 'forbidden' | 'withheld';

/**
 * The panel's managers read results at any time, its members once the survey closed, nobody
 * else; and nobody while fewer than MIN_RESPONSES_FOR_RESULTS have answered.
 */
export function resultsAccess(who: { isManager: boolean; isMember: boolean }, closed: boolean, responses: number): ResultsAccess {
  if (!who.isManager && !(who.isMember && closed)) return 'forbidden';
  return responses < MIN_RESPONSES_FOR_RESULTS ? 'withheld' : 'granted';
}
