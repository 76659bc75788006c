import type { Answers, Question } from '../../catalog/domain/question';
import { toNumber } from '../http/form-errors';
import type { Translate } from '../i18n/i18n';

/** An answer as a reader sees it: option labels, yes/no in the page's language, lists joined. */
export function formatAnswer(q: Question, value: unknown, t: Translate): string {
  const labelOf = (v: unknown) => q.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (q.type === 'choice') return labelOf(value);
  return String(value);
}

/** The form field of a question's suggested answer (flat names: the body parser is not extended). */
export const answerField = (key: string): string => `answers[${key}]`;
export const answerId = (key: string): string => `answers-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * Suggested answers from the advice form: only the questions given a suggestion, each in its
 * question's type (numbers as numbers, yes/no as booleans, several choices as a list). The
 * API takes them as they are; answers are validated when the requester revises the order.
 */
export function suggestedAnswersFromForm(body: Record<string, unknown> | undefined, questions: Question[]): Answers | undefined {
  const answers: Answers = {};
  for (const q of questions) {
    const raw = body?.[answerField(q.key)];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    if (!values.length) continue;
    if (q.type === 'multichoice') answers[q.key] = values;
    else if (q.type === 'yesno') answers[q.key] = values[0] === 'yes';
    else if (q.type === 'number') answers[q.key] = toNumber(values[0]);
    else answers[q.key] = values[0].trim();
  }
  return Object.keys(answers).length ? answers : undefined;
}

/** One govuk-frontend field per question for suggesting an answer, each optional. */
export function suggestionFields(questions: Question[], current: Answers, posted: Record<string, unknown> | undefined, t: Translate) {
  return questions.map((q) => {
    const id = answerId(q.key);
    const name = answerField(q.key);
    const raw = posted?.[name];
    const value = typeof raw === 'string' ? raw : '';
    const chosen = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    const now = current[q.key];
    const hint =
      now !== undefined && now !== null && now !== '' ? t('deliverer.advise.current', { answer: formatAnswer(q, now, t) }) : null;
    const base = { id, name, label: q.label, hint };
    switch (q.type) {
      case 'choice':
        return {
          ...base,
          kind: 'select',
          items: [
            { value: '', text: t('deliverer.advise.noSuggestion') },
            ...(q.options ?? []).map((o) => ({ value: o.value, text: o.label, selected: o.value === value })),
          ],
        };
      case 'multichoice':
        return {
          ...base,
          kind: 'checkboxes',
          items: (q.options ?? []).map((o) => ({ value: o.value, text: o.label, checked: chosen.includes(o.value) })),
        };
      case 'yesno':
        return {
          ...base,
          kind: 'radios',
          items: [
            { value: 'yes', text: t('common.yes'), checked: value === 'yes' },
            { value: 'no', text: t('common.no'), checked: value === 'no' },
            { value: '', text: t('deliverer.advise.noSuggestion'), checked: value === '' },
          ],
        };
      case 'textarea':
        return { ...base, kind: 'textarea', value };
      default:
        return { ...base, kind: 'input', value, inputmode: q.type === 'number' ? 'decimal' : undefined };
    }
  });
}
