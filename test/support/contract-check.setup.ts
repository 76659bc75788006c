/**
 * e2e setupFilesAfterEnv: hooks supertest so that every response a test receives on a
 * documented path (/api, /health) is checked against docs/openapi.json (contract-check.ts).
 * A mismatch fails the request's promise (or callback), and so the test that made it; the
 * test's own `.expect(...)` failures still come first.
 */
import type { Response } from 'superagent';
import { CheckedResponse, ContractMismatch, contractChecker } from './contract-check';

import { Test } from 'supertest';

type Assert = (this: SupertestRequest, resError: unknown, res: Response | undefined, fn?: (error: unknown, res?: Response) => void) => void;
interface SupertestRequest {
  method: string;
  url: string;
}

const HOOKED = Symbol.for('support-orders.contract-check');
const prototype = (Test as unknown as { prototype: object }).prototype as Record<symbol, boolean> & { assert: Assert };

if (!prototype[HOOKED]) {
  prototype[HOOKED] = true;
  const assert = prototype.assert;
  prototype.assert = function (this: SupertestRequest, resError, res, fn) {
    assert.call(this, resError, res, (error: unknown, response?: Response) => {
      const mismatch = error || !res ? null : mismatchOf(this, res);
      fn?.call(this, error ?? mismatch, response);
    });
  };
}

function mismatchOf(request: SupertestRequest, res: Response): ContractMismatch | null {
  const checker = contractChecker();
  const path = new URL(request.url, 'http://contract.invalid').pathname;
  if (!checker.covers(path)) return null;
  const body = (res as Response & { text?: string }).text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '');
  const response: CheckedResponse = {
    method: request.method,
    url: request.url,
    status: res.status,
    headers: res.headers,
    text: body ?? '',
  };
  const mismatches = checker.check(response);
  return mismatches.length ? new ContractMismatch(response, mismatches) : null;
}
