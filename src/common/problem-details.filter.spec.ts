import { ArgumentsHost } from '@nestjs/common';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError } from './domain-error';
import { ProblemDetailsFilter, statusOf } from './problem-details.filter';

function run(exception: unknown) {
  const sent: { status?: number; type?: string; body?: string; headers: Record<string, string> } = { headers: {} };
  const res = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
    send(body: string) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ originalUrl: '/api/v1/x?y=1', id: 'req-1', method: 'GET', path: '/api/v1/x' }),
    }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { ...sent, json: JSON.parse(sent.body!) };
}

describe('ProblemDetailsFilter', () => {
  it('maps a domain error to its status, with the field errors and request id', () => {
    const out = run(DomainError.validation([{ pointer: '/title', code: 'required', detail: 'is required' }]));
    expect(out.status).toBe(400);
    expect(out.type).toBe('application/problem+json');
    expect(out.json).toMatchObject({
      status: 400,
      errors: [{ pointer: '/title', code: 'required', detail: 'is required' }],
      instance: '/api/v1/x',
      requestId: 'req-1',
    });
  });

  it('answers a unique violation from the database with 409, not 500', () => {
    const out = run(
      Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { driverError: { code: '23505' } }),
    );
    expect(out.status).toBe(409);
    expect(out.body).not.toContain('users_email_key');
  });

  it('answers a value the database cannot take (out of range, bad date) with 400, not 500', () => {
    for (const code of ['22003', '22007', '22008', '22P02', '22P05']) {
      const out = run(Object.assign(new Error('value "2147483648" is out of range for type integer'), { driverError: { code } }));
      expect(out.status).toBe(400);
      expect(out.body).not.toContain('2147483648');
    }
  });

  it('answers 503 with Retry-After, not 500, when the database cannot be reached or the pool gives up', () => {
    for (const error of [
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      { driverError: { code: '57P01', message: 'terminating connection due to administrator command' } },
      { code: '53300', message: 'sorry, too many clients already' },
      { code: '08006', message: 'connection failure' },
      { code: '3D000', message: 'database "support_orders" does not exist' },
      // A transaction whose connection was lost between two of its queries.
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
    ]) {
      const sent = run(error);
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('1');
      expect(sent.json).toMatchObject({ status: 503, type: expect.stringMatching(/database-unavailable$/) });
    }
  });

  it('hides the details of an unexpected error behind the request id', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const out = run(new Error('secret internals at /srv/app.js:12'));
    expect(out.status).toBe(500);
    expect(out.body).not.toContain('secret internals');
    expect(out.json.requestId).toBe('req-1');
  });

  it('sets Retry-After on rate limiting', () => {
    const out = run(new DomainError('rate_limited', 'Too many', [], { retryAfterSeconds: 42 }));
    expect(out.status).toBe(429);
    expect(out.headers['Retry-After']).toBe('42');
  });

  it('maps every error code to a 4xx status', () => {
    const codes = [
      'validation_failed',
      'not_found',
      'stale_version',
      'unauthenticated',
      'forbidden',
      'csrf_failed',
      'rate_limited',
      'duplicate',
      'questionnaire_published',
      'no_published_questionnaire',
      'action_not_allowed',
      'checklist_incomplete',
      'recommendation_decision_missing',
      'change_request_closed',
    ] as const;
    for (const code of codes) expect(statusOf(code).status).toBeGreaterThanOrEqual(400);
  });
});
