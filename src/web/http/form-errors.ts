import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, FieldError, invalid } from '../../common/domain-error';
import { toFieldErrors } from '../../common/validation';
import type { MessageKey } from '../i18n/en';
import { hasMessage, type Translate } from '../i18n/i18n';

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
 * A field error in the reader's language, by its code and parameters (never by its English
 * detail). A field answered by choosing (radios, checkboxes) is chosen, not filled in.
 */
export function describeFieldError(t: Translate, error: FieldError, label: string, choice = false): string {
  const code = choice && error.code === 'required' ? 'chooseRequired' : error.code;
  const key = `validation.${code}`;
  return t(hasMessage(key) ? (key as MessageKey) : 'validation.invalid', { ...error.params, field: label });
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
    throw invalid('/version', 'integer', 'must be an integer number');
  }
  return value;
}
