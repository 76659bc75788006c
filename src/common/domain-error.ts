/**
 * Typed domain errors. Each bounded context names its failure codes here, grouped by
 * context; the problem+json filter maps every code to a status in an exhaustive switch, so a
 * new code without a mapping does not compile.
 */
import { FieldError, fieldError, FieldErrorCode, FieldErrorParams } from './field-error';

export type { FieldError, FieldErrorCode } from './field-error';

/** RFC 6901 escaping, so arbitrary user-supplied keys still yield a valid pointer. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export type ErrorCode =
  // common
  | 'validation_failed'
  | 'not_found'
  | 'stale_version'
  // identity
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'rate_limited'
  | 'duplicate'
  // catalog
  | 'questionnaire_published'
  | 'no_published_questionnaire'
  // orders
  | 'action_not_allowed'
  | 'checklist_incomplete'
  | 'answers_incomplete'
  | 'recommendation_decision_missing'
  | 'change_request_closed'
  // files
  | 'file_too_large'
  | 'file_type_refused'
  | 'file_infected'
  | 'scanner_unavailable'
  | 'attachment_referenced'
  // privacy
  | 'erasure_blocked'

  // panels
  | 'survey_closed'
  | 'results_withheld';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static validation(errors: FieldError[], message = 'The request has invalid fields.'): DomainError {
    return new DomainError('validation_failed', message, errors);
  }

  static notFound(what: string): DomainError {
    return new DomainError('not_found', `${what} was not found.`);
  }

  static stale(what: string, expected: number): DomainError {
    return new DomainError(
      'stale_version',
      `${what} was changed by someone else (your version ${expected} is out of date); reload and try again.`,
    );
  }
}

/** One field error as a validation DomainError. */
export function invalid(pointer: string, code: FieldErrorCode, detail: string, params?: FieldErrorParams): DomainError {
  return DomainError.validation([fieldError(pointer, code, detail, params)]);
}
