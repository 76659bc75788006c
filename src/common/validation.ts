import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { BODY_MAX_DEPTH, pointerTooDeep } from './bounded-json';
import { DomainError, escapePointerToken, FieldError, invalid } from './domain-error';

/** Flattens class-validator's tree into one JSON pointer per failing field. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
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
    exceptionFactory: (errors) => DomainError.validation(toFieldErrors(errors)),
  });
}

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const root = metadata.type === 'body' ? '' : `/${metadata.data ?? ''}`;
    const deep = pointerTooDeep(value, BODY_MAX_DEPTH, root);
    // Named by its top-level field: a pointer dozens of levels deep helps nobody.
    if (deep !== null) throw invalid(deep.split('/', 2).join('/'), `must be nested at most ${BODY_MAX_DEPTH} levels deep`);
    const at = pointerToNul(value, metadata.type === 'body' ? '' : metadata.type === 'param' ? `/${metadata.data ?? ''}` : '');
    if (at !== null) throw invalid(at, 'must not contain the NUL character (\\u0000)');
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
