import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_DETAILS_SCHEMA } from '../common/problem-details.schema';
import { ACCESS_EXTENSION, BEARER_SCHEME, COOKIE_SCHEME, CSRF_SCHEME } from '../identity/access/access.decorators';

/**
 * The API's OpenAPI document, as served at /api/docs-json and written to docs/openapi.json by
 * `npm run openapi`. Nest's scan gives the paths, parameters, bodies and success answers; this
 * completes what the scan cannot know, from metadata every route already carries:
 * - security from the access decorators (`x-access`): public routes none, the others a bearer
 *   token or the session cookie, with the CSRF header when the method changes state;
 * - the problem answers each route can give (see `problemStatuses`).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Support orders API')
    .setDescription(
      'Order → deliver → influence the next order. Errors are RFC 9457 problem details (`application/problem+json`). ' +
        'Sign in with `POST /api/v1/auth/login`: API clients send its `token` as `Authorization: Bearer <token>`; ' +
        'browsers use the session cookie it sets, and send its `csrfToken` as `X-CSRF-Token` on requests that change state.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The opaque `token` from `POST /api/v1/auth/login`.' }, BEARER_SCHEME)
    .addCookieAuth(
      'sid',
      {
        type: 'apiKey',
        in: 'cookie',
        description: 'The session cookie set by sign-in: `sid` over plain HTTP, `__Host-sid` over TLS (where only that one counts).',
      },
      COOKIE_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-CSRF-Token',
        description:
          'With the session cookie, on POST, PUT, PATCH and DELETE: the `csrfToken` from sign-in (also in the `csrf` cookie). Not needed with a bearer token.',
      },
      CSRF_SCHEME,
    )
    .build();
  return completeDocument(SwaggerModule.createDocument(app, config));
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
const METHODS: Method[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const SAFE_METHODS = new Set<Method>(['get', 'head', 'options']);

/**
 * Problems a route gives that its metadata does not show: the services that count writes per
 * user (WriteLimits, LoginThrottle) and the public routes that still refuse a sign-in.
 */
const EXTRA_PROBLEMS: Record<string, number[]> = {
  'POST /api/v1/auth/login': [401, 429],
  'GET /api/v1/auth/sso/start': [404],
  'GET /api/v1/auth/sso/callback': [400, 401, 403, 404],
  'POST /api/v1/orders': [429],
  'POST /api/v1/orders/{id}/messages': [429],
  'POST /api/v1/orders/{id}/change-requests': [429],
  'POST /api/v1/orders/{id}/retrospective': [429],
  // Public so that OPEN_FIGURES=public can open them; without it an anonymous caller gets 401.
  'GET /api/v1/open-figures': [401],
  'GET /api/v1/open-figures.csv': [401],
  // Uploads: an infected file (with CLAMAV_URL).
  'POST /api/v1/orders/{id}/attachments': [422],
  // Surveys: only the panel's members and managers (403), results not under 5 answers (403).
  'GET /api/v1/surveys/{id}': [403],
  'GET /api/v1/surveys/{id}/results': [403],
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input; `errors` names the fields (JSON pointers into the body, or `/<parameter>`).',
  401: 'Not signed in: no valid bearer token or session cookie (or, at sign-in, wrong credentials).',
  403: 'Signed in, but not allowed: the role this needs is missing, the action is the other side’s, or the CSRF token is missing or wrong (session cookie).',
  404: 'Unknown, or not visible to you.',
  409: 'A stale `version`, an action the current status does not allow, or a conflict with the current data.',
  413: 'The body is larger than the server accepts.',
  415: 'The body is not JSON (`Content-Type: application/json`); on the attachment upload, a program or script.',
  422: 'The virus scanner found a virus in the file: nothing was kept.',
  429: 'Too many attempts: wait `Retry-After` seconds.',
  503: 'The database is not answering: try again shortly (`Retry-After` when known).',
};

const SUCCESS_DESCRIPTIONS: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'No content', '302': 'Redirect' };

/**
 * The problem statuses a route can answer, from what it declares:
 * - every route: 503 (the database is down);
 * - not public: 401; role-limited: 403; cookie-authenticated writes: 403 (CSRF);
 * - every route: 400 and 413, since the JSON body parser reads any request that has a body
 *   (malformed JSON, too large), declared or not; every /api route: 415 (a body that is not
 *   JSON is refused before routing); path parameters: 404;
 * - writes by a signed-in caller: 409 (stale version, a status that does not allow the action,
 *   a unique or foreign-key conflict or a serialization failure, all mapped by the filter);
 * - EXTRA_PROBLEMS for what lives in the services.
 */
export function problemStatuses(path: string, method: Method, operation: OperationObject): number[] {
  const access = accessOf(operation);
  const isPublic = access === 'public';
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const statuses = new Set<number>([400, 413, 503]);
  if (!isPublic) statuses.add(401);
  if (!isPublic && (access !== 'signedIn' || !SAFE_METHODS.has(method))) statuses.add(403);
  if (path.startsWith('/api/')) statuses.add(415);
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  if (!isPublic && !SAFE_METHODS.has(method)) statuses.add(409);
  for (const s of EXTRA_PROBLEMS[`${method.toUpperCase()} ${path}`] ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

function accessOf(operation: OperationObject): unknown {
  return (operation as unknown as Record<string, unknown>)[ACCESS_EXTENSION];
}

const PROBLEM_REF: ReferenceObject = { $ref: '#/components/schemas/ProblemDetails' };

/** The shared answer for a problem status, under components.responses. */
function problemResponse(status: number): ResponseObject {
  const response: ResponseObject = {
    description: PROBLEM_DESCRIPTIONS[status] ?? 'A problem.',
    content: { 'application/problem+json': { schema: PROBLEM_REF } },
  };
  if (status === 429 || status === 503) {
    response.headers = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } };
  }
  return response;
}

const problemRef = (status: number | string): ReferenceObject => ({ $ref: `#/components/responses/Problem${status}` });

function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const problems: Record<string, ResponseObject> = {};
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_DETAILS_SCHEMA } };
  // Tokens are opaque (a random string looked up in the sessions table), not JWTs.
  const schemes = document.components.securitySchemes ?? {};
  delete (schemes[BEARER_SCHEME] as { bearerFormat?: string }).bearerFormat;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const access = accessOf(operation);
      if (typeof access !== 'string') throw new Error(`${method.toUpperCase()} ${path} declares no access (@Public or @RequireRole)`);
      operation.security =
        access === 'public'
          ? []
          : [{ [BEARER_SCHEME]: [] }, SAFE_METHODS.has(method) ? { [COOKIE_SCHEME]: [] } : { [COOKIE_SCHEME]: [], [CSRF_SCHEME]: [] }];
      const parameters = withoutDuplicateHeaders((operation.parameters ?? []) as ParameterObject[]);
      if (parameters.length) operation.parameters = parameters;
      else delete operation.parameters;
      const responses: Record<string, ResponseObject | ReferenceObject> = {};
      for (const [status, response] of Object.entries(operation.responses as Record<string, ResponseObject>)) {
        if (Number(status) >= 400) continue; // every problem answer is the shared one, below
        responses[status] = { ...response, description: response.description || SUCCESS_DESCRIPTIONS[status] || '' };
        if (status === '204') delete (responses[status] as ResponseObject).content;
      }
      // The derived problems, and those a controller documents itself (@ApiConflictResponse…),
      // which keep their own description.
      const declared = Object.entries(operation.responses as Record<string, ResponseObject>).filter(([s]) => Number(s) >= 400);
      for (const status of new Set([...declared.map(([s]) => Number(s)), ...problemStatuses(path, method, operation)])) {
        problems[`Problem${status}`] ??= problemResponse(status);
        const description = declared.find(([s]) => Number(s) === status)?.[1].description;
        responses[String(status)] = description ? { ...problemResponse(status), description } : problemRef(status);
      }
      operation.responses = sortKeys(responses);
    }
  }
  document.paths = sortKeys(document.paths);
  document.components.schemas = sortKeys(document.components.schemas ?? {});
  document.components.responses = sortKeys({ ...document.components.responses, ...problems });
  return document;
}

/**
 * `@Headers('if-match')` makes the scan list a required `if-match` beside the `If-Match` the
 * route documents (optional: the body's `version` is enough). Header names are
 * case-insensitive: the documented one is kept.
 */
function withoutDuplicateHeaders(parameters: ParameterObject[]): ParameterObject[] {
  const documented = new Set(parameters.filter((p) => p.in === 'header' && p.description).map((p) => p.name.toLowerCase()));
  return parameters.filter((p) => p.in !== 'header' || p.description || !documented.has(p.name.toLowerCase()));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
