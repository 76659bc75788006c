import type { FieldError, Question, QuestionType } from '../../catalog/domain/question';
import { QUESTION_TYPES } from '../../catalog/domain/question';

/** A question as its editing form holds it: every field a string, as posted. */
export interface QuestionForm {
  key: string;
  type: string;
  label: string;
  help: string;
  required: boolean;
  options: string;
  min: string;
  max: string;
  maxLength: string;
  showIfKey: string;
  showIfValues: string;
}

/** The form's fields in the order they are shown: error summaries follow it. */
export const QUESTION_FORM_FIELDS = [
  'key',
  'type',
  'label',
  'help',
  'required',
  'options',
  'min',
  'max',
  'maxLength',
  'showIfKey',
  'showIfValues',
] as const;

export const EMPTY_QUESTION_FORM: QuestionForm = {
  key: '',
  type: 'text',
  label: '',
  help: '',
  required: false,
  options: '',
  min: '',
  max: '',
  maxLength: '',
  showIfKey: '',
  showIfValues: '',
};

const str = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

export function questionFormFrom(body: Record<string, unknown>): QuestionForm {
  return {
    key: str(body, 'key').trim(),
    type: str(body, 'type'),
    label: str(body, 'label').trim(),
    help: str(body, 'help').trim(),
    required: body.required === 'yes',
    options: str(body, 'options'),
    min: str(body, 'min').trim(),
    max: str(body, 'max').trim(),
    maxLength: str(body, 'maxLength').trim(),
    showIfKey: str(body, 'showIfKey'),
    showIfValues: str(body, 'showIfValues'),
  };
}

/** A stored question back into its form: options one a line as `value | label`. */
export function questionFormOf(q: Question): QuestionForm {
  const wanted = q.showIf ? (q.showIf.in ?? [q.showIf.equals]) : [];
  return {
    key: q.key,
    type: q.type,
    label: q.label,
    help: q.help ?? '',
    required: q.required === true,
    options: (q.options ?? []).map((o) => (o.value === o.label ? o.value : `${o.value} | ${o.label}`)).join('\n'),
    min: q.min === undefined ? '' : String(q.min),
    max: q.max === undefined ? '' : String(q.max),
    maxLength: q.maxLength === undefined ? '' : String(q.maxLength),
    showIfKey: q.showIf?.key ?? '',
    showIfValues: wanted.map((v) => (v === true ? 'yes' : v === false ? 'no' : String(v))).join(', '),
  };
}

/** A number field: empty is left out, a number becomes one, anything else goes as typed for the validator to name. */
function numberField(value: string): unknown {
  if (value === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/**
 * The question a form describes, for the API's validator to judge (nothing is checked here).
 * The condition's answers are typed as the earlier question answers them: yes/no as true/false,
 * numbers as numbers; one answer is `equals`, several `in`.
 */
export function questionFrom(form: QuestionForm, earlier: Question[]): Question {
  const q: Record<string, unknown> = { key: form.key, type: form.type, label: form.label };
  if (form.help) q.help = form.help;
  if (form.required) q.required = true;
  if (form.type === 'choice' || form.type === 'multichoice') {
    q.options = form.options
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => {
        const bar = line.indexOf('|');
        return bar < 0 ? { value: line, label: line } : { value: line.slice(0, bar).trim(), label: line.slice(bar + 1).trim() };
      });
  }
  if (form.type === 'number' || form.type === 'multichoice') {
    for (const name of ['min', 'max'] as const) {
      const value = numberField(form[name]);
      if (value !== undefined) q[name] = value;
    }
  }
  if (form.type === 'text' || form.type === 'textarea') {
    const value = numberField(form.maxLength);
    if (value !== undefined) q.maxLength = value;
  }
  if (form.showIfKey) {
    const parent = earlier.find((p) => p.key === form.showIfKey);
    const values = form.showIfValues
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map((v) => conditionValue(v, parent?.type));
    q.showIf = values.length > 1 ? { key: form.showIfKey, in: values } : { key: form.showIfKey, equals: values[0] ?? '' };
  }
  return q as unknown as Question;
}

function conditionValue(value: string, parentType: QuestionType | undefined): unknown {
  if (parentType === 'yesno') return value === 'yes' ? true : value === 'no' ? false : value;
  if (parentType === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** The form field a validator pointer of question `index` names, or null when it is about another question. */
export function formFieldOf(pointer: string, index: number): string | null {
  const prefix = `/questions/${index}`;
  if (pointer !== prefix && !pointer.startsWith(prefix + '/')) return null;
  const field = pointer.slice(prefix.length + 1).split('/')[0];
  if (field === 'showIf') return pointer.endsWith('/key') ? 'showIfKey' : 'showIfValues';
  if ((QUESTION_FORM_FIELDS as readonly string[]).includes(field)) return field;
  return 'key';
}

/** The index of the question a validator pointer names. */
export function questionIndexOf(pointer: string): number {
  return Number(/^\/questions\/(\d+)/.exec(pointer)?.[1] ?? 0);
}

/** The list with question `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moved<T>(list: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

export interface QuestionnaireChanges {
  added: Question[];
  removed: Question[];
  changed: Question[];
  reordered: boolean;
}

/** What publishing the draft changes for requesters, question by question (matched by key). */
export function changesSince(published: Question[], draft: Question[]): QuestionnaireChanges {
  const before = new Map(published.map((q) => [q.key, q]));
  const after = new Map(draft.map((q) => [q.key, q]));
  const kept = draft.filter((q) => before.has(q.key)).map((q) => q.key);
  const keptBefore = published.filter((q) => after.has(q.key)).map((q) => q.key);
  return {
    added: draft.filter((q) => !before.has(q.key)),
    removed: published.filter((q) => !after.has(q.key)),
    changed: draft.filter((q) => before.has(q.key) && canonical(before.get(q.key)) !== canonical(q)),
    reordered: kept.join('\n') !== keptBefore.join('\n'),
  };
}

/** JSON with keys sorted: stored questions come back from jsonb with their keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export const isQuestionType = (type: string): boolean => (QUESTION_TYPES as readonly string[]).includes(type);

export type { FieldError };
