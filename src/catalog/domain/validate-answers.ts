import { Answers, escapePointerToken, FieldError, FieldErrorCode, FieldErrorParams, Question, ShowIf } from './question';

export const TEXT_MAX_LENGTH = 500;
export const TEXTAREA_MAX_LENGTH = 10000;
export const EMAIL_MAX_LENGTH = 254;
export const URL_MAX_LENGTH = 2000;

// Decimal with optional exponent; excludes hex, "Infinity" and other forms Number() accepts.
const NUMERIC_STRING = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Deliberately simple: something@domain.tld, no spaces. Real verification is sending mail.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

type Check = { ok: true; value: unknown } | { ok: false; code: FieldErrorCode; detail: string; params?: FieldErrorParams };

interface Evaluation {
  visible: Question[];
  answers: Answers;
  errors: FieldError[];
}

/**
 * Validates a requester's answers against an already-valid questionnaire. Pure and total.
 * Returns only the visible questions' answers, trimmed and converted to their canonical type.
 */
export function validateAnswers(questions: Question[], answers: unknown): { answers: Answers; errors: FieldError[] } {
  if (!isObject(answers)) {
    return { answers: {}, errors: [{ pointer: '/answers', code: 'object', detail: 'must be an object with one entry per question' }] };
  }
  const { answers: cleaned, errors } = evaluate(questions, answers);
  return { answers: cleaned, errors: [...unknownKeyErrors(questions, answers), ...errors] };
}

/** Questions to render for the current (possibly partial) answers. */
export function visibleQuestions(questions: Question[], answers: Answers): Question[] {
  return evaluate(questions, isObject(answers) ? answers : {}).visible;
}

/**
 * One pass in questionnaire order: showIf only refers to earlier questions, so the referenced
 * question's visibility and cleaned answer are always known by the time we need them.
 */
function evaluate(questions: Question[], raw: Answers): Evaluation {
  const result: Evaluation = { visible: [], answers: {}, errors: [] };
  const visibleKeys = new Set<string>();
  for (const q of questions) {
    if (!isVisible(q.showIf, visibleKeys, result.answers)) continue;
    visibleKeys.add(q.key);
    result.visible.push(q);
    const value = Object.hasOwn(raw, q.key) ? raw[q.key] : undefined;
    const pointer = `/answers/${escapePointerToken(q.key)}`;
    if (isBlank(value)) {
      if (q.required) result.errors.push({ pointer, code: 'required', detail: 'is required' });
      continue;
    }
    const check = checkValue(q, value);
    if (check.ok) result.answers[q.key] = check.value;
    else result.errors.push({ pointer, code: check.code, ...(check.params ? { params: check.params } : {}), detail: check.detail });
  }
  return result;
}

function unknownKeyErrors(questions: Question[], answers: Answers): FieldError[] {
  const known = new Set(questions.map((q) => q.key));
  return Object.keys(answers)
    .filter((key) => !known.has(key))
    .map((key) => ({ pointer: `/answers/${escapePointerToken(key)}`, code: 'unknownQuestion', detail: 'unknown question' }));
}

function isVisible(showIf: ShowIf | undefined, visibleKeys: Set<string>, cleaned: Answers): boolean {
  if (!showIf) return true;
  if (!visibleKeys.has(showIf.key) || !Object.hasOwn(cleaned, showIf.key)) return false;
  const answer = cleaned[showIf.key];
  const expected = showIf.in ?? [showIf.equals];
  // A multichoice answer matches when any selection is among the expected values.
  const given = Array.isArray(answer) ? answer : [answer];
  return given.some((a) => expected.includes(a));
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function checkValue(q: Question, value: unknown): Check {
  switch (q.type) {
    case 'text':
      return checkString(value, q.maxLength ?? TEXT_MAX_LENGTH);
    case 'textarea':
      return checkString(value, q.maxLength ?? TEXTAREA_MAX_LENGTH);
    case 'number':
      return checkNumber(value, q.min, q.max);
    case 'date':
      return checkDate(value);
    case 'choice':
      return checkChoice(value, optionValues(q));
    case 'multichoice':
      return checkMultichoice(value, optionValues(q), q.min, q.max);
    case 'yesno':
      return checkYesNo(value);
    case 'email':
      return checkEmail(value, Math.min(q.maxLength ?? EMAIL_MAX_LENGTH, EMAIL_MAX_LENGTH));
    case 'url':
      return checkUrl(value, Math.min(q.maxLength ?? URL_MAX_LENGTH, URL_MAX_LENGTH));
    default:
      // Unreachable for validated questionnaires; fail closed rather than accept anything.
      return fail('invalid', 'cannot be answered');
  }
}

const ok = (value: unknown): Check => ({ ok: true, value });
const fail = (code: FieldErrorCode, detail: string, params?: FieldErrorParams): Check =>
  params ? { ok: false, code, detail, params } : { ok: false, code, detail };

/** Counts code points so emoji and accented letters count as one character, as users expect. */
function characterCount(s: string): number {
  return [...s].length;
}

function checkString(value: unknown, maxLength: number): Check {
  if (typeof value !== 'string') return fail('text', 'must be text');
  const s = value.trim();
  return characterCount(s) > maxLength ? fail('maxLength', `must be at most ${maxLength} characters`, { max: maxLength }) : ok(s);
}

function checkNumber(value: unknown, min?: number, max?: number): Check {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && NUMERIC_STRING.test(value.trim())) n = Number(value.trim());
  else return fail('number', 'must be a number');
  if (!Number.isFinite(n)) return fail('number', 'must be a number');
  if (min !== undefined && n < min) return fail('min', `must be at least ${min}`, { min });
  if (max !== undefined && n > max) return fail('max', `must be at most ${max}`, { max });
  return ok(n);
}

function checkDate(value: unknown): Check {
  const s = typeof value === 'string' ? value.trim() : '';
  const m = DATE_PATTERN.exec(s);
  if (!m) return fail('date', 'must be a date in the format YYYY-MM-DD');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('date', 'must be a real calendar date');
  }
  return ok(s);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function optionValues(q: Question): string[] {
  return (q.options ?? []).map((o) => o.value);
}

function checkChoice(value: unknown, allowed: string[]): Check {
  const s = typeof value === 'string' ? value.trim() : undefined;
  return s !== undefined && allowed.includes(s) ? ok(s) : fail('choice', `must be one of: ${allowed.join(', ')}`);
}

function checkMultichoice(value: unknown, allowed: string[], min?: number, max?: number): Check {
  if (!Array.isArray(value)) return fail('choice', 'must be a list of choices');
  const picked: string[] = [];
  for (const item of value) {
    const s = typeof item === 'string' ? item.trim() : undefined;
    if (s === undefined || !allowed.includes(s)) return fail('choice', `may only contain: ${allowed.join(', ')}`);
    if (picked.includes(s)) return fail('duplicateChoice', `must not contain "${s}" more than once`, { value: s });
    picked.push(s);
  }
  if (min !== undefined && picked.length < min)
    return fail('multichoiceMin', `must have at least ${min} ${plural(min, 'choice')}`, { min });
  if (max !== undefined && picked.length > max) return fail('multichoiceMax', `must have at most ${max} ${plural(max, 'choice')}`, { max });
  return ok(picked);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function checkYesNo(value: unknown): Check {
  if (typeof value === 'boolean') return ok(value);
  const s = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (s === 'yes') return ok(true);
  if (s === 'no') return ok(false);
  return fail('yesno', 'must be yes or no');
}

function checkEmail(value: unknown, maxLength: number): Check {
  if (typeof value !== 'string') return fail('email', 'must be an email address');
  const s = value.trim();
  if (s.length > maxLength) return fail('maxLength', `must be at most ${maxLength} characters`, { max: maxLength });
  return EMAIL_PATTERN.test(s) ? ok(s) : fail('email', 'must be a valid email address, like name@example.org');
}

function checkUrl(value: unknown, maxLength: number): Check {
  if (typeof value !== 'string') return fail('url', 'must be a web address');
  const s = value.trim();
  if (s.length > maxLength) return fail('maxLength', `must be at most ${maxLength} characters`, { max: maxLength });
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return fail('url', 'must be a web address starting with http:// or https://');
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? ok(s)
    : fail('url', 'must be a web address starting with http:// or https://');
}

function isObject(v: unknown): v is Answers {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
