import { FieldError, FieldErrorCode, FieldErrorParams, QUESTION_TYPES, QuestionType } from './question';

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
/** Every order already has these top-level fields; a question with the same key would shadow them. */
export const RESERVED_QUESTION_KEYS: readonly string[] = ['title', 'purpose', 'desiredDate'];
export const LABEL_MAX_LENGTH = 500;
export const HELP_MAX_LENGTH = 2000;

const CHOICE_TYPES: readonly string[] = ['choice', 'multichoice'];

type Obj = Record<string, unknown>;

/**
 * Checks a service's questionnaire definition. Pure and total: any input yields a list of
 * errors (empty when valid) with JSON pointers relative to the request body.
 */
export function validateQuestionnaire(questions: unknown): FieldError[] {
  if (!Array.isArray(questions)) {
    return [{ pointer: '/questions', code: 'list', detail: 'must be a list of questions' }];
  }
  const firstIndexByKey = indexKeys(questions);
  const errors: FieldError[] = [];
  // Plain for-loop (not forEach) so holes in sparse arrays are reported too.
  for (let i = 0; i < questions.length; i++) {
    errors.push(...validateQuestion(questions[i], i, firstIndexByKey));
  }
  return errors;
}

/** key -> index of its first occurrence, used for duplicate and showIf-order checks. */
function indexKeys(questions: unknown[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i];
    if (isObject(q) && typeof q.key === 'string' && !index.has(q.key)) index.set(q.key, i);
  }
  return index;
}

function validateQuestion(q: unknown, i: number, keys: Map<string, number>): FieldError[] {
  const base = `/questions/${i}`;
  if (!isObject(q)) return [{ pointer: base, code: 'object', detail: 'must be an object' }];
  const errors: FieldError[] = [];
  const add: Add = (field, code, detail, params) =>
    errors.push({ pointer: `${base}/${field}`, code, ...(params ? { params } : {}), detail });

  checkKey(q.key, i, keys, add);
  const typeOk = checkType(q.type, add);
  checkText(q.label, 'label', LABEL_MAX_LENGTH, true, add);
  checkText(q.help, 'help', HELP_MAX_LENGTH, false, add);
  if (q.required !== undefined && typeof q.required !== 'boolean') add('required', 'boolean', 'must be true or false');
  checkOptions(q, typeOk ? (q.type as QuestionType) : undefined, add);
  checkBounds(q, add);
  if (q.maxLength !== undefined && !(Number.isSafeInteger(q.maxLength) && (q.maxLength as number) > 0)) {
    add('maxLength', 'integer', 'must be a positive whole number');
  }
  if (q.showIf !== undefined) checkShowIf(q.showIf, q.key, i, keys, add);
  return errors;
}

type Add = (field: string, code: FieldErrorCode, detail: string, params?: FieldErrorParams) => void;

function checkKey(key: unknown, i: number, keys: Map<string, number>, add: Add): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    add('key', 'keyFormat', 'must start with a letter and contain only letters, digits, hyphens and underscores (at most 63 characters)');
  } else if (RESERVED_QUESTION_KEYS.includes(key)) {
    add('key', 'keyReserved', `"${key}" is reserved`, { key });
  } else if (keys.get(key) !== i) {
    add('key', 'keyDuplicate', `duplicates the key of question ${keys.get(key)}`, { number: (keys.get(key) ?? 0) + 1 });
  }
}

function checkType(type: unknown, add: Add): boolean {
  if ((QUESTION_TYPES as readonly unknown[]).includes(type)) return true;
  add('type', 'choice', `must be one of: ${QUESTION_TYPES.join(', ')}`);
  return false;
}

function checkText(value: unknown, field: string, max: number, required: boolean, add: Add): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    add(field, required ? 'required' : 'text', required ? 'is required' : 'must be text');
  } else if (value.length > max) {
    add(field, 'maxLength', `must be at most ${max} characters`, { max });
  }
}

function checkOptions(q: Obj, type: QuestionType | undefined, add: Add): void {
  const isChoice = type !== undefined && CHOICE_TYPES.includes(type);
  if (!isChoice) {
    // Unknown type: its own error suffices, don't guess whether options belong.
    if (type !== undefined && q.options !== undefined)
      add('options', 'optionsNotAllowed', 'are only allowed on choice and multichoice questions');
    return;
  }
  if (!Array.isArray(q.options) || q.options.length === 0) {
    add('options', 'optionsMissing', 'must list at least one option');
    return;
  }
  const seen = new Set<string>();
  for (let j = 0; j < q.options.length; j++) {
    const o: unknown = q.options[j];
    const field = `options/${j}`;
    if (!isObject(o)) {
      add(field, 'object', 'must be an object with a value and a label');
      continue;
    }
    // Answers are trimmed before comparison, so a padded value could never be chosen.
    if (typeof o.value !== 'string' || o.value === '' || o.value !== o.value.trim()) {
      add(`${field}/value`, 'optionValue', 'must be non-empty text without leading or trailing spaces');
    } else if (seen.has(o.value)) {
      add(`${field}/value`, 'optionDuplicate', `duplicates option "${o.value}"`, { value: o.value });
    } else {
      seen.add(o.value);
    }
    checkText(o.label, `${field}/label`, LABEL_MAX_LENGTH, true, add);
  }
}

function checkBounds(q: Obj, add: Add): void {
  const { min, max } = q;
  const isCount = q.type === 'multichoice';
  const bad = (v: unknown) => v !== undefined && (isCount ? !(Number.isSafeInteger(v) && (v as number) >= 0) : !Number.isFinite(v));
  const [code, detail]: [FieldErrorCode, string] = isCount
    ? ['integer', 'must be a whole number of selections, zero or more']
    : ['number', 'must be a number'];
  if (bad(min)) add('min', code, detail);
  if (bad(max)) add('max', code, detail);
  if (bad(min) || bad(max)) return;
  if (typeof min === 'number' && typeof max === 'number' && min > max) add('min', 'minAboveMax', 'must not be greater than max');
  // Keep multichoice satisfiable: a required one needs a non-zero max, and min must fit the options.
  if (isCount && max === 0) add('max', 'min', 'must be at least 1', { min: 1 });
  if (isCount && typeof min === 'number' && Array.isArray(q.options) && min > q.options.length) {
    add('min', 'minAboveOptions', 'must not exceed the number of options');
  }
}

function checkShowIf(showIf: unknown, ownKey: unknown, i: number, keys: Map<string, number>, add: Add): void {
  if (!isObject(showIf)) {
    add('showIf', 'showIfShape', 'must be an object with a key and either equals or in');
    return;
  }
  const ref = showIf.key;
  const refIndex = typeof ref === 'string' ? keys.get(ref) : undefined;
  if (typeof ref !== 'string' || ref === '') add('showIf/key', 'showIfShape', 'is required');
  else if (ref === ownKey) add('showIf/key', 'showIfSelf', 'cannot refer to the question itself');
  else if (refIndex === undefined) add('showIf/key', 'showIfUnknown', `refers to unknown question "${ref}"`, { key: ref });
  // Referring only backwards keeps evaluation single-pass and makes cycles impossible.
  else if (refIndex > i) add('showIf/key', 'showIfLater', 'must refer to an earlier question');

  const hasEquals = showIf.equals !== undefined;
  const hasIn = showIf.in !== undefined;
  if (hasEquals === hasIn) {
    add(
      'showIf',
      hasEquals ? 'showIfBoth' : 'showIfShape',
      hasEquals ? 'must use either equals or in, not both' : 'must have either equals or in',
    );
  } else if (hasEquals) {
    if (!isConditionValue(showIf.equals)) add('showIf/equals', 'conditionValue', 'must be text, a number or true/false');
  } else if (!Array.isArray(showIf.in) || showIf.in.length === 0) {
    add('showIf/in', 'showIfShape', 'must be a non-empty list');
  } else {
    for (let j = 0; j < showIf.in.length; j++) {
      if (!isConditionValue(showIf.in[j])) add(`showIf/in/${j}`, 'conditionValue', 'must be text, a number or true/false');
    }
  }
}

/** Cleaned answers are primitives (or arrays of strings), so objects/null could never match. */
function isConditionValue(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
