import type { Answers, Question } from '../../catalog/domain/question';
import { escapePointerToken } from '../../common/domain-error';
import type { FormErrors } from '../http/form-errors';
import { fieldId } from '../http/form-errors';
import type { Translate } from '../i18n/i18n';

/**
 * A questionnaire as form fields. Questions and their help text stay in the language the
 * support unit wrote them in; only our own words (optional, why we ask, yes/no) are translated.
 * `showIf` questions are all rendered: without JavaScript each says when it applies (and the
 * server drops answers to questions that do not apply, as the API does); with it, the small
 * script in app.js shows a question only while it applies.
 */
export interface QuestionField {
  key: string;
  type: Question['type'];
  id: string;
  name: string;
  label: string;
  hint: string | null;
  value: string;
  values: string[];
  items: Array<{ value: string; text: string; checked: boolean }>;
  error: { text: string } | undefined;
  maxLength: number | null;
  showIf: { key: string; values: string; hint: string } | null;
}

export function answerPointer(key: string): string {
  return `/answers/${escapePointerToken(key)}`;
}

export function questionFields(questions: Question[], answers: Answers, errors: FormErrors, t: Translate): QuestionField[] {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  return questions.map((q) => {
    const id = fieldId(answerPointer(q.key));
    const answer = answers[q.key];
    const values = Array.isArray(answer) ? answer.map(String) : answer === undefined || answer === null ? [] : [formValue(answer)];
    const options =
      q.type === 'yesno'
        ? [
            { value: 'yes', label: t('intake.yes') },
            { value: 'no', label: t('intake.no') },
          ]
        : (q.options ?? []);
    const help = q.help ? t('intake.whyWeAsk', { help: q.help }) : null;
    return {
      key: q.key,
      type: q.type,
      id,
      name: q.type === 'multichoice' ? `answers[${q.key}][]` : `answers[${q.key}]`,
      label: q.required ? q.label : t('intake.optional', { label: q.label }),
      hint: help,
      value: values[0] ?? '',
      values,
      items: options.map((o) => ({ value: o.value, text: o.label, checked: values.includes(o.value) })),
      error: errors.byField[id],
      maxLength: q.maxLength ?? null,
      showIf: q.showIf ? showIfView(q, byKey, t) : null,
    };
  });
}

function showIfView(q: Question, byKey: Map<string, Question>, t: Translate): QuestionField['showIf'] {
  const showIf = q.showIf!;
  const parent = byKey.get(showIf.key);
  const wanted = (showIf.in ?? [showIf.equals]).map(formValue);
  const labelOf = (v: string) =>
    parent?.type === 'yesno' ? t(v === 'yes' ? 'intake.yes' : 'intake.no') : (parent?.options?.find((o) => o.value === v)?.label ?? v);
  return {
    key: showIf.key,
    values: JSON.stringify(wanted),
    hint: t('intake.onlyIf', { question: parent?.label ?? showIf.key, answer: wanted.map(labelOf).join(' / ') }),
  };
}

/** How a stored answer goes back into a form field. */
function formValue(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return String(value);
}

/**
 * The answers in a posted form (`answers[key]`, `answers[key][]`), typed as the API takes them:
 * numbers as numbers when they read as one, yes/no as booleans, several choices as a list.
 * Unanswered questions are left out; what does not parse stays as typed, for the validator
 * to name.
 */
export function answersFromForm(questions: Question[], body: Record<string, unknown>): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    const raw = body[`answers[${q.key}]`] ?? body[`answers[${q.key}][]`];
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
    if (q.type === 'multichoice') {
      if (list.length) answers[q.key] = list;
      continue;
    }
    const value = (list[0] ?? '').trim();
    if (!value) continue;
    if (q.type === 'number') answers[q.key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    else if (q.type === 'yesno') answers[q.key] = value === 'yes' ? true : value === 'no' ? false : value;
    else answers[q.key] = value;
  }
  return answers;
}

/** One answer as text for the check-your-answers page. */
export function answerText(q: Question, value: unknown, t: Translate): string {
  if (value === undefined || value === null || value === '') return t('intake.notAnswered');
  if (q.type === 'yesno') return t(value === true || value === 'yes' ? 'intake.yes' : 'intake.no');
  const labelOf = (v: unknown) => q.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  if (q.type === 'choice') return labelOf(value);
  return String(value);
}
