import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError, ErrorCode, FieldError } from './domain-error';

/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

const TYPE_BASE = 'https://support-orders.example/problems/';

export function statusOf(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case 'validation_failed':
      return { status: 400, title: 'Invalid request' };
    case 'not_found':
      return { status: 404, title: 'Not found' };
    case 'stale_version':
      return { status: 409, title: 'Version conflict' };
    case 'unauthenticated':
      return { status: 401, title: 'Not signed in' };
    case 'forbidden':
      return { status: 403, title: 'Not allowed' };
    case 'csrf_failed':
      return { status: 403, title: 'CSRF token missing or wrong' };
    case 'rate_limited':
      return { status: 429, title: 'Too many attempts' };
    case 'duplicate':
      return { status: 409, title: 'Already exists' };
    case 'questionnaire_published':
      return { status: 409, title: 'Published questionnaires are immutable' };
    case 'no_published_questionnaire':
      return { status: 409, title: 'The service has no published questionnaire' };
    case 'action_not_allowed':
      return { status: 409, title: 'Action not allowed in the current status' };
    case 'checklist_incomplete':
      return { status: 409, title: 'Checklist incomplete' };
    case 'answers_incomplete':
      return { status: 409, title: 'The answers do not fit the questionnaire' };
    case 'recommendation_decision_missing':
      return { status: 400, title: 'Recommendations need a decision' };
    case 'change_request_closed':
      return { status: 409, title: 'Change request already decided' };
    case 'file_too_large':
      return { status: 413, title: 'Payload too large' };
    case 'file_type_refused':
      return { status: 415, title: 'Unsupported media type' };
    case 'file_infected':
      return { status: 422, title: 'The file carries a virus' };
    case 'scanner_unavailable':
      return { status: 503, title: 'Virus scanner unavailable' };
    case 'attachment_referenced':
      return { status: 409, title: 'The file is referred to' };
    case 'erasure_blocked':
      return { status: 409, title: 'Erasing this person would break a record that must be kept' };
    case 'survey_closed':
      return { status: 409, title: 'The survey is closed' };
    case 'results_withheld':
      return { status: 403, title: 'Too few responses to show results' };
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}

export function problemFromDomainError(error: DomainError): Problem {
  const { status, title } = statusOf(error.code);
  return {
    type: TYPE_BASE + error.code.replace(/_/g, '-'),
    title,
    status,
    detail: error.message,
    ...(error.errors.length ? { errors: error.errors } : {}),
    ...error.extra,
  };
}

/** body-parser signals malformed JSON and oversized bodies with these `type`s. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

const HTTP_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  415: 'Unsupported media type',
  429: 'Too many requests',
  503: 'Service unavailable',
};

function tooLarge(): Problem {
  return {
    type: TYPE_BASE + 'payload-too-large',
    title: 'Payload too large',
    status: 413,
    detail: 'The request body is larger than the server accepts.',
  };
}

function malformed(): Problem {
  return {
    type: TYPE_BASE + 'malformed-body',
    title: 'Malformed request body',
    status: 400,
    detail: 'The request body is not valid JSON.',
    errors: [{ pointer: '', code: 'json', detail: 'not valid JSON' }],
  };
}

/**
 * A database constraint or type check that stopped a write the services did not foresee (two requests racing
 * for the same unique value, say) is the client's conflict, not our crash.
 */
function constraintProblem(exception: unknown): Problem | null {
  const code =
    (exception as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (exception as { code?: string })?.code;
  switch (code) {
    case '23505':
      return {
        type: TYPE_BASE + 'duplicate',
        title: 'Already exists',
        status: 409,
        detail: 'This conflicts with something that already exists; reload and try again.',
      };
    case '23503':
    case '23514':
      return {
        type: TYPE_BASE + 'constraint',
        title: 'Conflict',
        status: 409,
        detail: 'The change conflicts with the current data; reload and try again.',
      };
    // Values the edge validation let through but PostgreSQL cannot take (a number out of its
    // range, say): the client's bad input, not our crash.
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P02':
    case '22P05':
      return {
        type: TYPE_BASE + 'invalid-value',
        title: 'Invalid value',
        status: 400,
        detail: 'A value in the request cannot be stored as given (out of range, not a valid date or number, or not valid text).',
      };
    case '40001':
    case '40P01':
      return { type: TYPE_BASE + 'try-again', title: 'Conflict', status: 409, detail: 'Another change got there first; try again.' };
    default:
      return null;
  }
}

// Connection failures, server shutdown, "too many connections" and a database that is gone
// (being restored, say) (PostgreSQL's classes 08, 57P, 53300 and 3D000), and the pool giving
// up waiting for a connection under load.
const UNAVAILABLE_CODES = /^(08|57P0[1-3]$|53300$|3D000$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|EPIPE$)/;
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/i;

/** The database could not be reached or gave up on us: 503, never 500 (API.md). */
export function databaseUnavailable(exception: unknown): boolean {
  // TypeORM releases a transaction's connection the moment it reports an error (the server
  // shutting down, the network cut), so the transaction's next query fails with one of these
  // rather than with the connection's own error.
  if (exception instanceof QueryRunnerAlreadyReleasedError || exception instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const error = exception as { driverError?: { code?: string; message?: string }; code?: string; message?: string } | null;
  const code = error?.driverError?.code ?? error?.code;
  const message = error?.driverError?.message ?? error?.message ?? '';
  return (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) || UNAVAILABLE_MESSAGES.test(message);
}

/** Sends a problem as this filter does; for middleware that answers before any route runs. */
export function sendProblem(req: Request & { id?: unknown }, res: Response, problem: Problem): void {
  problem.instance = req.originalUrl?.split('?')[0];
  if (req.id) problem.requestId = String(req.id);
  if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number') {
    res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  }
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** Shows errors on page routes as HTML pages; the web module provides it. */
export interface PageErrorRenderer {
  /** True for page routes (decided by path: /api and /health are never pages). */
  handles(req: Request): boolean;
  render(problem: Problem, code: string | undefined, req: Request, res: Response): void;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages?: PageErrorRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const problem = this.toProblem(exception, req);
    if (this.pages?.handles(req) && !res.headersSent) {
      problem.instance = req.originalUrl?.split('?')[0];
      if (req.id) problem.requestId = String(req.id);
      if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number') {
        res.setHeader('Retry-After', String(problem.retryAfterSeconds));
      }
      try {
        this.pages.render(problem, exception instanceof DomainError ? exception.code : undefined, req, res);
        return;
      } catch (error) {
        // The error page itself failed: log it and answer plainly, still without details.
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        res.status(problem.status).type('text/plain; charset=utf-8').send(`${problem.status} ${problem.title}`);
        return;
      }
    }
    sendProblem(req, res, problem);
  }

  private toProblem(exception: unknown, req: Request): Problem {
    if (exception instanceof DomainError) return problemFromDomainError(exception);

    const bodyError = exception as BodyParserError;
    if (bodyError?.type === 'entity.too.large') return tooLarge();
    if (bodyError?.type === 'entity.parse.failed') return malformed();
    const constraint = constraintProblem(exception);
    if (constraint) return constraint;
    if (databaseUnavailable(exception)) {
      return {
        type: TYPE_BASE + 'database-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database is not answering right now; try again shortly.',
        retryAfterSeconds: 1,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND) {
        return { type: TYPE_BASE + 'not-found', title: 'Not found', status, detail: `No route or resource at ${req.method} ${req.path}.` };
      }
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return tooLarge();
      if (status === HttpStatus.BAD_REQUEST && /JSON/.test(exception.message)) return malformed();
      return { type: 'about:blank', title: HTTP_TITLES[status] ?? 'Error', status, detail: exception.message };
    }
    if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500 && bodyError.expose) {
      return { type: 'about:blank', title: 'Bad request', status: bodyError.status, detail: (exception as Error).message };
    }
    // Unexpected: log everything, tell the client nothing but the request id.
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return {
      type: TYPE_BASE + 'internal',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id when you report it.',
    };
  }
}
