import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The contract check: every response a test receives on a documented path is checked against
 * docs/openapi.json (the document the app serves; test/foundation/openapi.e2e-spec.ts keeps
 * them equal). The operation (path template + method) must exist, the status must be
 * documented, the content type must be one the document lists, and the body must validate
 * against its schema. Object schemas that list properties are closed: a field the document
 * does not name is a mismatch, unless the schema declares `additionalProperties`.
 *
 * A request to a path or method the document does not have may only be refused with problem
 * details (an unknown route's 404, or the 4xx the middleware gives before routing); anything
 * else there is an undocumented route.
 *
 * Every route documents its success body, so a body where the document gives no content is a
 * mismatch too (strict, the default); CONTRACT_STRICT=false lets such bodies pass, for a route
 * being written before its response class.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CheckedResponse {
  method: string;
  /** The request URL (absolute or path-only); its query is ignored. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text; empty when there is none. */
  text: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Operation {
  template: string;
  method: string;
  pointer: string;
  responses: JsonObject;
}

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  operations: Map<string, Operation>;
}

export class ContractChecker {
  private readonly ajv: Ajv;
  private readonly routes: Route[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly document: JsonObject;

  constructor(
    document: object,
    private readonly options: { strict?: boolean } = {},
  ) {
    this.document = toJsonSchemaDialect(structuredClone(document) as JsonObject);
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addSchema(this.document as object, 'openapi.json');
    const paths = (this.document.paths ?? {}) as Record<string, JsonObject>;
    for (const [template, item] of Object.entries(paths)) {
      const operations = new Map<string, Operation>();
      for (const method of METHODS) {
        const operation = item[method] as JsonObject | undefined;
        if (!operation) continue;
        const pointer = `#/paths/${escapePointer(template)}/${method}`;
        operations.set(method, { template, method, pointer, responses: (operation.responses ?? {}) as JsonObject });
      }
      const params = (template.match(/\{[^}]+\}/g) ?? []).length;
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('');
      // Express matches paths without regard to case and with an optional trailing slash.
      this.routes.push({ template, pattern: new RegExp(`^${source}/?$`, 'i'), params, operations });
    }
    // Literal segments win over parameters, as in the router (`/me/sessions` before `/me/{x}`).
    this.routes.sort((a, b) => a.params - b.params);
  }

  /** Whether this checker speaks for the path (the paths the document's routes live under). */
  covers(path: string): boolean {
    return /^\/api(\/|$)/i.test(path) ? !/^\/api\/docs/i.test(path) : /^\/health(\/|$)/i.test(path);
  }

  /** The mismatches of one response, empty when it keeps the contract. */
  check(response: CheckedResponse): string[] {
    const path = new URL(response.url, 'http://contract.invalid').pathname;
    const method = response.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path));
    // HEAD is answered by the GET route, without a body.
    const operation = route?.operations.get(method) ?? (method === 'head' ? route?.operations.get('get') : undefined);
    const mediaType = String(headerOf(response.headers, 'content-type') ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (!operation) {
      if (response.status >= 400 && response.status < 500 && mediaType === 'application/problem+json') {
        return this.validate('#/components/schemas/ProblemDetails', response.text).map((e) => `problem details: ${e}`);
      }
      return [
        route
          ? `the document has no ${method.toUpperCase()} on ${route.template} (it has ${[...route.operations.keys()].join(', ').toUpperCase()})`
          : `the document has no path matching ${path}`,
      ];
    }
    const status = String(response.status);
    const documented =
      (operation.responses[status] as JsonObject | undefined) ??
      (operation.responses[`${status[0]}XX`] as JsonObject | undefined) ??
      (operation.responses.default as JsonObject | undefined);
    if (!documented) {
      return [`status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
    }
    const answer = this.resolve(documented);
    const content = (answer.content ?? {}) as Record<string, JsonObject>;
    const hasBody = response.text.length > 0 && method !== 'head';
    if (Object.keys(content).length === 0) {
      if (status === '204' && hasBody) return ['204 documents no body, but one was sent'];
      if (this.options.strict && hasBody && response.status < 300) return [`status ${status} documents no content, but a body was sent`];
      return [];
    }
    if (!hasBody)
      return method === 'head' ? [] : [`status ${status} documents content (${Object.keys(content).join(', ')}) but the body is empty`];
    // `*/*`: a download answers whatever type its content has (the attachment route).
    const key = Object.keys(content).find((k) => k.toLowerCase() === mediaType) ?? Object.keys(content).find((k) => k === '*/*');
    if (!key)
      return [`content type ${mediaType || '(none)'} is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`];
    if (!content[key].schema) return [];
    const pointer =
      typeof documented.$ref === 'string'
        ? `${documented.$ref}/content/${escapePointer(key)}/schema`
        : `${operation.pointer}/responses/${status}/content/${escapePointer(key)}/schema`;
    return this.validate(pointer, response.text, key);
  }

  private resolve(response: JsonObject): JsonObject {
    if (typeof response.$ref !== 'string') return response;
    const found = response.$ref
      .replace(/^#\//, '')
      .split('/')
      .map(unescapePointer)
      .reduce<Json>((node, part) => (node as JsonObject)?.[part], this.document);
    if (!found) throw new Error(`the document refers to ${response.$ref}, which it does not have`);
    return found as JsonObject;
  }

  private validate(pointer: string, text: string, mediaType = 'application/json'): string[] {
    let body: unknown = text;
    if (/json$/.test(mediaType)) {
      try {
        body = JSON.parse(text);
      } catch {
        return [`the body is not JSON: ${excerpt(text)}`];
      }
    }
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(describe);
  }
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '(body)';
  if (error.keyword === 'additionalProperties')
    return `${at} has a field the document does not name: '${String(error.params.additionalProperty)}'`;
  return `${at} ${error.message ?? error.keyword}${error.keyword === 'enum' ? ` ${JSON.stringify(error.params.allowedValues)}` : ''}`;
}

function headerOf(headers: CheckedResponse['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * OpenAPI 3.0 schemas as the JSON Schema ajv validates: `nullable` becomes a `null` type, and
 * objects that list their properties are closed unless they say otherwise.
 */
function toJsonSchemaDialect(document: JsonObject): JsonObject {
  const components = (document.components ?? {}) as JsonObject;
  for (const schema of Object.values((components.schemas ?? {}) as JsonObject)) convertSchema(schema as JsonObject);
  const contents: JsonObject[] = [];
  for (const response of Object.values((components.responses ?? {}) as JsonObject)) contents.push(response as JsonObject);
  for (const item of Object.values((document.paths ?? {}) as JsonObject)) {
    for (const method of METHODS) {
      const operation = (item as JsonObject)[method] as JsonObject | undefined;
      for (const response of Object.values((operation?.responses ?? {}) as JsonObject)) contents.push(response as JsonObject);
    }
  }
  for (const response of contents) {
    for (const media of Object.values((response.content ?? {}) as JsonObject)) {
      const schema = (media as JsonObject).schema as JsonObject | undefined;
      if (schema) convertSchema(schema);
    }
  }
  return document;
}

function convertSchema(schema: JsonObject, inComposition = false): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  for (const key of ['properties', 'patternProperties']) {
    for (const child of Object.values((schema[key] ?? {}) as JsonObject)) convertSchema(child as JsonObject);
  }
  if (schema.items && typeof schema.items === 'object') convertSchema(schema.items as JsonObject);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    convertSchema(schema.additionalProperties as JsonObject);
  if (schema.not && typeof schema.not === 'object') convertSchema(schema.not as JsonObject);
  // Members of allOf add up to one object: closing each would refuse the others' fields.
  for (const child of (schema.allOf ?? []) as JsonObject[]) convertSchema(child, (schema.allOf as Json[]).length > 1);
  for (const key of ['anyOf', 'oneOf']) for (const child of (schema[key] ?? []) as JsonObject[]) convertSchema(child);
  if (schema.properties && schema.additionalProperties === undefined && !inComposition) schema.additionalProperties = false;
  if (schema.nullable === true) {
    delete schema.nullable;
    if (typeof schema.type === 'string') {
      schema.type = [schema.type, 'null'];
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    } else {
      const copy: JsonObject = { ...schema };
      for (const key of Object.keys(schema)) delete schema[key];
      schema.anyOf = [copy, { type: 'null' }];
    }
  }
}

let documentChecker: ContractChecker | undefined;

/** The checker for docs/openapi.json, read once per test file. */
export function contractChecker(): ContractChecker {
  documentChecker ??= new ContractChecker(JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8')) as object, {
    strict: process.env.CONTRACT_STRICT !== 'false',
  });
  return documentChecker;
}

/**
 * Checks against another document until called again without one: for the tests that show
 * the check catches a wrong answer.
 */
export function useContractDocument(document: object | undefined): void {
  documentChecker = document ? new ContractChecker(document) : undefined;
}

/** The error a test fails with: the route, the status and every mismatch. */
export class ContractMismatch extends Error {
  constructor(response: CheckedResponse, mismatches: string[]) {
    const path = new URL(response.url, 'http://contract.invalid').pathname;
    super(
      `Contract check: ${response.method.toUpperCase()} ${path} answered ${response.status}, which docs/openapi.json does not describe:\n` +
        mismatches.map((m) => `  - ${m}`).join('\n') +
        `\n  body: ${excerpt(response.text) || '(empty)'}\n` +
        'Fix the document (decorators; then `npm run openapi`), or the response if the document is right.',
    );
    this.name = 'ContractMismatch';
  }
}
