// Where a draft was left: pure, from the questionnaire the draft pinned and its answers.
import type { Question } from '../../catalog/domain/question';
import { validateAnswers } from '../../catalog/domain/validate-answers';

function pointerOf(key: string): string {
  return `/answers/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * The first question (in questionnaire order) that still stops the draft from being submitted:
 * a required question left blank, or an answer that is not valid. Hidden questions (showIf)
 * do not count. Null when every question is in order (the draft waits on something else, such
 * as a recommendation to decide, or on the requester pressing submit).
 */
export function whereDraftWasLeft(questions: Question[], answers: unknown): string | null {
  const { errors } = validateAnswers(questions, answers ?? {});
  const failing = new Set(errors.map((e) => e.pointer));
  return questions.find((q) => failing.has(pointerOf(q.key)))?.key ?? null;
}
