import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { getMetadataStorage, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { BODY_MAX_DEPTH, pointerTooDeep } from './bounded-json';
import { DomainError, escapePointerToken, FieldError, invalid } from './domain-error';
import { FieldErrorCode, FieldErrorParams } from './field-error';

/**
 * class-validator's constraint names as our field error codes, with the parameters a message
 * needs taken from the decorator's own arguments (not from its English message).
 */
const CONSTRAINTS: Record<string, { code: FieldErrorCode; params?: (args: unknown[]) => FieldErrorParams }> = {
  isNotEmpty: { code: 'required' },
  isDefined: { code: 'required' },
  isString: { code: 'text' },
  isBoolean: { code: 'boolean' },
  isNumber: { code: 'number' },
  isInt: { code: 'integer' },
  min: { code: 'min', params: ([min]) => ({ min: Number(min) }) },
  max: { code: 'max', params: ([max]) => ({ max: Number(max) }) },
  minLength: { code: 'minLength', params: ([min]) => ({ min: Number(min) }) },
  maxLength: { code: 'maxLength', params: ([max]) => ({ max: Number(max) }) },
  isLength: { code: 'maxLength', params: ([min, max]) => ({ min: Number(min), max: Number(max) }) },
  isCalendarDate: { code: 'date' },
  isIn: { code: 'choice' },
  isEnum: { code: 'choice' },
  isEmail: { code: 'email' },
  isUrl: { code: 'url' },
  isUuid: { code: 'uuid' },
  eventSwitches: { code: 'choice' },
  isArray: { code: 'list' },
  arrayMinSize: { code: 'minItems', params: ([min]) => ({ min: Number(min) }) },
  arrayMaxSize: { code: 'maxItems', params: ([max]) => ({ max: Number(max) }) },
  isObject: { code: 'object' },
  nestedValidation: { code: 'object' },
  matches: { code: 'format' },
  isBoundedJson: { code: 'tooLarge' },
  isPurpose: { code: 'purpose' },
  whitelistValidation: { code: 'unknownField' },
};

/** The arguments a decorator was given for one property, e.g. `[200]` for `@MaxLength(200)`. */
function constraintArgs(error: ValidationError, name: string): unknown[] {
  const target = error.target?.constructor;
  if (!target) return [];
  const found = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === name);
  return (found?.constraints as unknown[] | undefined) ?? [];
}

/** `@Length(1, 200)` fails for being empty or for being long: say which. */
function lengthCode(error: ValidationError, args: unknown[]): { code: FieldErrorCode; params: FieldErrorParams } {
  const [min, max] = args.map(Number);
  const length = typeof error.value === 'string' ? error.value.length : 0;
  if (length < min) return min <= 1 ? { code: 'required', params: {} } : { code: 'minLength', params: { min } };
  return { code: 'maxLength', params: { max } };
}

/** Flattens class-validator's tree into one JSON pointer per failing field, each with its code. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([name, detail]): FieldError => {
      const rule = CONSTRAINTS[name];
      if (!rule) return { pointer, code: 'invalid', detail };
      const args = rule.params || name === 'isLength' ? constraintArgs(error, name) : [];
      if (name === 'isLength') return { pointer, ...lengthCode(error, args), detail };
      return rule.params ? { pointer, code: rule.code, params: rule.params(args), detail } : { pointer, code: rule.code, detail };
    });
    return [...own, ...toFieldErrors(error.children ?? [], pointer)];
  });
}

/**
 * Validation once, at the edge: unknown fields are refused, types transformed. Text holding
 * the NUL character is refused here too: PostgreSQL cannot store it in text or jsonb.
 */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    // The target and value let toFieldErrors read each rule's limits; neither is sent.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => DomainError.validation(toFieldErrors(errors)),
  });
}

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const root = metadata.type === 'body' ? '' : `/${metadata.data ?? ''}`;
    const deep = pointerTooDeep(value, BODY_MAX_DEPTH, root);
    // Named by its top-level field: a pointer dozens of levels deep helps nobody.
    if (deep !== null)
      throw invalid(deep.split('/', 2).join('/'), 'tooDeep', `must be nested at most ${BODY_MAX_DEPTH} levels deep`, {
        max: BODY_MAX_DEPTH,
      });
    const at = pointerToNul(value, metadata.type === 'body' ? '' : metadata.type === 'param' ? `/${metadata.data ?? ''}` : '');
    if (at !== null) throw invalid(at, 'nul', 'must not contain the NUL character (\\u0000)');
    return super.transform(value, metadata);
  }
}

/** The JSON pointer of the first key or string holding U+0000, or null. */
export function pointerToNul(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return value.includes('\0') ? at : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = pointerToNul(item, `${at}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = `${at}/${escapePointerToken(key)}`;
      if (key.includes('\0')) return here;
      const found = pointerToNul(item, here);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A real calendar day written `YYYY-MM-DD` (not `2026-05`, `2026-W05` or `2026-02-30`). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 time with its zone (`2026-12-15T00:00:00Z`) is taken as its UTC day. */
export function toCalendarDate(value: unknown): unknown {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return value;
  // Date would roll 2026-02-30 or 24:00 over into another day: such a value stays as sent, and is refused.
  const [hour, minute] = [Number(value.slice(11, 13)), Number(value.slice(14, 16))];
  if (!isCalendarDate(value.slice(0, 10)) || hour > 23 || minute > 59) return value;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? value : time.toISOString().slice(0, 10);
}

/** A day: `YYYY-MM-DD`, or an ISO 8601 time taken as its UTC day. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: isCalendarDate, defaultMessage: () => 'must be a calendar date, YYYY-MM-DD (or an ISO 8601 time in UTC)' },
    },
    options,
  );
  const transform = Transform(({ value }) => toCalendarDate(value));
  return (target, key) => {
    transform(target, key);
    validate(target, key);
  };
}

/** The largest `version` PostgreSQL's integer column can hold. */
export const MAX_VERSION = 2_147_483_647;

/**
 * The field may be left out; when given it is validated, `null` included, so `null` is a 400
 * naming the field. class-validator's `@IsOptional()` lets `null` through unchecked, which is
 * right where null clears a value, but for a field that cannot be null it reached the services
 * as if it were a value (`"name": null` was a 500, found by the fuzz test).
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
