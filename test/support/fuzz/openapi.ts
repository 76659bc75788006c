/** The parts of an OpenAPI 3 document the fuzzer reads; anything else in it is ignored. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** As in the document: `/api/v1/orders/{id}`. */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  headers: string[];
  /** The JSON body's schema, or null when the operation takes no body. */
  body: Schema | null;
  /** The body is `multipart/form-data` (an upload), not JSON. */
  multipart?: boolean;
  /** A method the document does not declare for the path. */
  undeclared?: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, in its order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = Object.entries(content).find(([type]) => /json/.test(type))?.[1];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        headers: [...new Set(params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()))],
        body: op.requestBody ? (json?.schema ?? { type: 'object' }) : null,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return operations;
}

/** Each path with every method it does not declare, taking any JSON object. */
export function undeclaredOperations(doc: OpenApiDocument): Operation[] {
  return operationsOf(doc)
    .filter((op, i, all) => all.findIndex((o) => o.path === op.path) === i)
    .flatMap((op) =>
      METHODS.filter((m) => !doc.paths[op.path][m]).map((m) => ({
        ...op,
        method: m.toUpperCase(),
        query: [],
        headers: [],
        body: m === 'get' ? null : { type: 'object' },
        multipart: false,
        undeclared: true,
      })),
    );
}

/** Follows `$ref`s within the document (and merges `allOf`); cycles end at an empty schema. */
export function resolve(doc: OpenApiDocument, schema: Schema, seen: Set<string> = new Set()): Schema {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return {};
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    return target ? resolve(doc, target, new Set([...seen, schema.$ref])) : {};
  }
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((s) => resolve(doc, s, seen));
    return {
      ...schema,
      allOf: undefined,
      type: parts.find((p) => p.type)?.type ?? schema.type,
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties ?? {}),
      required: [...parts.flatMap((p) => p.required ?? []), ...(schema.required ?? [])],
    };
  }
  return schema;
}

/** Every property name the document mentions: keys a generated object may try. */
export function propertyNames(doc: OpenApiDocument): string[] {
  const names = new Set<string>();
  const visit = (schema: Schema | undefined) => {
    if (!schema || typeof schema !== 'object') return;
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      names.add(name);
      visit(child);
    }
    visit(schema.items);
  };
  for (const schema of Object.values(doc.components?.schemas ?? {})) visit(schema);
  for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) for (const p of op.parameters ?? []) names.add(p.name);
  return [...names].sort();
}
