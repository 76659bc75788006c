import type { SchemaObject } from '@nestjs/swagger';
import { FIELD_ERROR_CODES } from './field-error';

/**
 * The OpenAPI schema of what ProblemDetailsFilter and sendProblem send, field for field: the
 * contract check in the end-to-end tests validates every error answer against it, closed, so
 * a field the filter starts sending must be added here.
 */
export const PROBLEM_DETAILS_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  additionalProperties: false,
  properties: {
    type: {
      type: 'string',
      description: 'A URI naming the kind of problem, or `about:blank`.',
      example: 'https://support-orders.example/problems/validation-failed',
    },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path.', example: '/api/v1/orders' },
    requestId: { type: 'string', description: 'Quote it when reporting a problem; also in the logs.' },
    errors: {
      type: 'array',
      description: 'The fields at fault (validation problems).',
      items: {
        type: 'object',
        required: ['pointer', 'code', 'detail'],
        additionalProperties: false,
        properties: {
          pointer: {
            type: 'string',
            description: 'A JSON pointer into the request (body, or `/<parameter>`).',
            example: '/answers/budget',
          },
          code: {
            type: 'string',
            enum: [...FIELD_ERROR_CODES],
            description: 'What is wrong, as a stable key to translate (the web pages do); `detail` says it in English.',
            example: 'maxLength',
          },
          params: {
            type: 'object',
            additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
            description: 'What the message needs: the limit passed (`max`, `min`), the item or key named.',
            example: { max: 200 },
          },
          detail: { type: 'string' },
        },
      },
    },
    retryAfterSeconds: { type: 'integer', minimum: 1, description: 'With 429 and 503: also sent as `Retry-After`.' },
    currentStatus: { type: 'string', description: 'An action the status does not allow: the status it is in now.', example: 'delivered' },
    allowedActions: {
      type: 'array',
      items: { type: 'string' },
      description: 'An action the order’s status does not allow: the actions it allows now, for you.',
      example: ['accept_delivery', 'reopen'],
    },
    responses: {
      type: 'integer',
      minimum: 0,
      description: 'Survey results withheld: how many have answered so far (results from 5).',
    },
    basedOnSpec: { type: 'integer', description: 'A stale change request: the spec version it was proposed against.' },
    currentSpec: { type: 'integer', description: 'A stale change request: the order’s current spec version.' },
  },
};
