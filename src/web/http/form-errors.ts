import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, FieldError } from '../../common/domain-error';
import { toFieldErrors } from '../../common/validation';
import type { MessageKey } from '../i18n/en';
import type { Params, Translate } from '../i18n/i18n';

/** What the govuk error summary and each field's error message need. */
export interface FormErrors {
  list: Array<{ text: string; href: string }>;
  /** Keyed by field id: `{ text }` for a macro's `errorMessage`. */
  byField: Record<string, { text: string }>;
}

export const NO_ERRORS: FormErrors = { list: [], byField: {} };

/** `/title` → `title`, `/answers/budget` → `answers-budget`: the id of the field a pointer names. */
export function fieldId(pointer: string): string {
  const id = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '_');
  return id || 'form';
}

/**
 * The API's field errors (class-validator's messages and the answer validator's) in the
 * reader's language: matched by their wording, which both keep stable, to a message key.
 * Anything unforeseen still names the field, with a generic message.
 */
const RULES: Array<[RegExp, MessageKey, (m: RegExpMatchArray) => Params]> = [
  [/^(is required|.* should not be empty|.* must be longer than or equal to 1 characters?)$/, 'validation.required', () => ({})],
  [/must be (?:at most|shorter than or equal to) (\d+) characters$/, 'validation.maxLength', (m) => ({ max: m[1] })],
  [/must be longer than or equal to (\d+) characters$/, 'validation.minLength', (m) => ({ min: m[1] })],
  [/must be (?:a number|a number conforming to the specified constraints)$/, 'validation.number', () => ({})],
  [/must be an integer number$/, 'validation.integer', () => ({})],
  [/must (?:be at least|not be less than) (-?[\d.]+)$/, 'validation.min', (m) => ({ min: m[1] })],
  [/must (?:be at most|not be greater than) (-?[\d.]+)$/, 'validation.max', (m) => ({ max: m[1] })],
  [/must be (?:a date in the format YYYY-MM-DD|a real calendar date|a calendar date.*)$/, 'validation.date', () => ({})],
  [/^must be one of: |must be one of the following values/, 'validation.choice', () => ({})],
  [/^(?:may only contain: |must be a list of choices|must not contain ")/, 'validation.choice', () => ({})],
  [/^must have at least (\d+) choices?$/, 'validation.multichoiceMin', (m) => ({ min: m[1] })],
  [/^must have at most (\d+) choices?$/, 'validation.multichoiceMax', (m) => ({ max: m[1] })],
  [/^must be yes or no$/, 'validation.yesno', () => ({})],
  [/^must be (?:an|a valid) email address/, 'validation.email', () => ({})],
  [/^must be (?:a web address|a valid web address|an? (?:https?|absolute)).*/, 'validation.url', () => ({})],
  [/must say in a sentence what the order should achieve/, 'validation.purpose', () => ({})],
  [/^propose a change to title, purpose or answers$/, 'validation.changeNeeded', () => ({})],
  [/^unknown question$/, 'validation.unknownQuestion', () => ({})],
  [/must be a UUID$|^no such |^no unit with this id$/, 'validation.chooseRequired', () => ({})],
];

export function describeFieldError(t: Translate, error: FieldError, label: string, choice = false): string {
  for (const [pattern, key, params] of RULES) {
    const m = pattern.exec(error.detail);
    // A field answered by choosing (radios, checkboxes) is chosen, not filled in.
    if (m) return t(choice && key === 'validation.required' ? 'validation.chooseRequired' : key, { field: label, ...params(m) });
  }
  return t('validation.invalid', { field: label });
}

/**
 * Field errors for the summary and the fields, in the order of the form. `labelOf` names
 * a field for the message; `idOf` overrides where the summary link points.
 */
export function formErrors(
  t: Translate,
  errors: FieldError[],
  labelOf: (pointer: string) => string,
  idOf: (pointer: string) => string = fieldId,
  isChoice: (pointer: string) => boolean = () => false,
): FormErrors {
  const result: FormErrors = { list: [], byField: {} };
  for (const error of errors) {
    const id = idOf(error.pointer);
    if (result.byField[id]) continue; // one message a field, the first
    const text = describeFieldError(t, error, labelOf(error.pointer), isChoice(error.pointer));
    result.byField[id] = { text };
    result.list.push({ text, href: `#${id}` });
  }
  return result;
}

/** One message for the whole form (e.g. a wrong password), linked to a field. */
export function formError(text: string, id: string): FormErrors {
  return { list: [{ text, href: `#${id}` }], byField: { [id]: { text } } };
}

/**
 * A posted form through the API's own DTO class: the same rules and messages as the JSON API.
 * Forms send strings, so fields listed in `numbers` become numbers first (`version=3` → 3),
 * and fields listed in `optional` are left out when empty. Throws the API's validation error.
 */
export async function parseForm<T extends object>(
  dto: new () => T,
  body: Record<string, unknown> | undefined,
  options: { numbers?: string[]; optional?: string[] } = {},
): Promise<T> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (key === '_csrf') continue;
    if (options.optional?.includes(key) && (value === undefined || (typeof value === 'string' && value.trim() === ''))) continue;
    plain[key] = options.numbers?.includes(key) ? toNumber(value) : value;
  }
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, { whitelist: true });
  if (errors.length) throw DomainError.validation(toFieldErrors(errors));
  return instance;
}

/** A form's number: `'3'` → 3; anything else stays as sent, for the validator to refuse by name. */
export function toNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** The `version` a form was rendered with, as the number the service expects. */
export function formVersion(body: Record<string, unknown> | undefined): number {
  const value = toNumber(body?.version);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw DomainError.validation([{ pointer: '/version', detail: 'must be an integer number' }]);
  }
  return value;
}
