import fc from 'fast-check';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { OpenApiDocument, Operation, resolve, Schema } from './openapi';

/** JSON text sent as written: numbers no double holds, broken syntax, nesting no parser should walk. */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): string {
    return `<raw ${this.text.length > 60 ? `${this.text.slice(0, 60)}… (${this.text.length} chars)` : this.text}>`;
  }
}

/** An object whose keys repeat (`{"version":1,"version":"x"}`): JSON allows it, parsers pick one. */
export class DuplicateKeys {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** Serialises generated values, own `__proto__` keys included (JSON.stringify would too, but not RawJson). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof DuplicateKeys) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .map((k) => `${JSON.stringify(k)}:${toJsonText(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A plain object that may hold `__proto__`, `constructor` and the like as its own keys. */
function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> | DuplicateKeys {
  if (new Set(entries.map(([k]) => k)).size !== entries.length) return new DuplicateKeys(entries);
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];
const POLLUTION_VALUE = { isAdmin: true, polluted: 'yes', prototype: { isAdmin: true, polluted: 'yes' } };

/** Strings that have broken applications before. None holds text the leak check looks for. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n ',
  '%',
  '%00',
  '%E0%A4%A',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\uFFFE\uFFFF',
  '\u202Etxt.exe',
  'e\u0301',
  '👩‍👩‍👧‍👦',
  '\u200B',
  'İı',
  '\r\nX-Injected: 1',
  "' OR '1'='1",
  '1; DROP TABLE orders --',
  '\\',
  '"',
  "'",
  '`',
  '$1',
  '%s%s%n',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '../../../etc/passwd',
  'javascript:alert(1)',
  ...POLLUTION_KEYS,
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '0',
  '-1',
  '1e309',
  '0x1F',
  '9'.repeat(40),
  '2147483648',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '{00000000-0000-4000-8000-000000000000}',
  '000000000000400080000000000000000',
  '2026-02-30',
  '9999-12-31',
  '0000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '2026-13-01T25:61:61Z',
  '*',
  '?',
  '#',
  '&',
  '=',
  '/',
  '.',
  '..',
  ';',
  '[]',
  '{}',
];

/** Escapes no decoder can finish, or that decode to something a path must not hold. */
export const BROKEN_ESCAPES = [
  '%',
  '%E0%A4%A',
  '%00',
  '%ZZ',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  '%u0041',
  '%%',
  '%2F..%2F',
  '%2e%2e',
  'a%0Ab',
  '%25%',
];

const HUGE_NUMBERS = [
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  5e-324,
  0.1,
  1.5,
  -1,
  -0,
];
const RAW_NUMBERS = ['1e400', '-1e400', '123456789012345678901234567890', '1.0', '1E2', '-0', '1e-400', '0.0000000000000000000000000001'];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 100, maxLength: 2000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 120_000 }).map((n) => 'x'.repeat(n)) },
);

const hugeNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HUGE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...RAW_NUMBERS).map((t) => new RawJson(t)),
);

/** Nesting far past any limit, written as text so nothing here has to walk it. */
const deepJson: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(33, 1000, 30_000), fc.boolean())
  .map(([n, arrays]) => new RawJson(arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));

/** A value of any JSON type: what a field gets when the client has the type wrong. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 12 }),
    hugeNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 3 }),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 3 })
      .map(objectOf),
    deepJson,
  ),
})).value;

/** Domain knowledge the document cannot give: rows that exist, values that are valid. */
export interface FuzzWorld {
  doc: OpenApiDocument;
  /** Ids in the database by table (`units`, `services`, …). */
  idsByTable: Record<string, string[]>;
  emails: string[];
  /** Keys worth trying in objects: every property the document names, question keys. */
  words: string[];
  /** Known-good values by property name (questions, answers, versions in use). */
  samples: Record<string, unknown[]>;
  /** Values the API handed out (`nextCursor` → `cursor`), to send back as they were or tampered with. */
  handedOut: Record<string, string[]>;
}

/**
 * A token the API handed out, changed the way a curious client would: a number in it set to
 * all nines, all zeros or one digit longer, or, when it is base64url JSON (an opaque cursor),
 * one element of it changed so and re-encoded.
 */
export function tamper(token: string, picks: number[], digit: string, other: string): string {
  const changeNumbers = (text: string, which: number[] = picks) => {
    const runs = [...text.matchAll(/\d+/g)].map((m) => ({ at: m.index, length: m[0].length }));
    if (!runs.length) return text + digit;
    const chars = [...text];
    for (const pick of which) {
      const { at, length } = runs[pick % runs.length];
      const number = digit === '5' ? `${chars.slice(at, at + length).join('')}5` : digit.repeat(length);
      chars.splice(at, length, ...(number.length > length ? [number] : [...number]));
    }
    return chars.join('');
  };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return changeNumbers(token);
  }
  if (!Array.isArray(decoded) || !decoded.length) return changeNumbers(token);
  const [first] = picks;
  const i = first % decoded.length;
  // Which element, and how, from the first pick; which numbers in it from what is left of each.
  const which = picks.map((pick) => Math.floor(pick / (decoded.length * 4)));
  decoded[i] = Math.floor(first / decoded.length) % 4 === 0 ? other : changeNumbers(String(decoded[i]), which);
  return Buffer.from(JSON.stringify(decoded)).toString('base64url');
}

/** Replaces the n-th node (depth first) of a value with another: a valid value, mutated. */
function replaceNode(value: unknown, n: number, replacement: unknown): unknown {
  let left = n;
  const walk = (node: unknown): unknown => {
    if (left-- === 0) return replacement;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object' && !(node instanceof RawJson) && !(node instanceof DuplicateKeys)) {
      return objectOf(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(value);
}

const ABSENT = Symbol('absent');

/** Text a careful client could send: words, any script, emoji, combining marks. */
const plausibleText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.lorem({ maxCount: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0) },
);

/**
 * Inputs for one operation. `plausible` ones are what a careful client sends (right types, ids
 * that exist, versions in use) so that requests get past validation into the services;
 * `hostile` ones break every rule there is.
 */
export class InputArbitraries {
  private readonly allIds: string[];

  constructor(
    private readonly world: FuzzWorld,
    private readonly mode: 'plausible' | 'hostile',
  ) {
    this.allIds = Object.values(world.idsByTable).flat();
  }

  private get hostile(): boolean {
    return this.mode === 'hostile';
  }

  /** `serviceId` → services, `requesterUnitId` → units; any id when the name says nothing. */
  private idString(name: string): fc.Arbitrary<string> {
    const noun = /([A-Z]?[a-z]+)Id$/.exec(name)?.[1]?.toLowerCase();
    const table = noun ? Object.keys(this.world.idsByTable).find((t) => t === `${noun}s` || t === noun) : undefined;
    const named = table ? this.world.idsByTable[table] : [];
    const ids = named.length ? named : this.allIds;
    if (!this.hostile) return ids.length ? fc.constantFrom(...ids) : fc.uuid();
    return fc.oneof(
      ...(ids.length ? [{ weight: 4, arbitrary: fc.constantFrom(...ids) }] : []),
      ...(this.allIds.length ? [{ weight: 2, arbitrary: fc.constantFrom(...this.allIds) }] : []),
      { weight: 1, arbitrary: fc.uuid() },
      ...(ids.length ? [{ weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => id.toUpperCase()) }] : []),
      { weight: 1, arbitrary: hostileString },
    );
  }

  private date(): fc.Arbitrary<string> {
    const day = fc.date({ noInvalidDate: true, min: new Date(-1e14), max: new Date(1e14) });
    const near = fc.date({ noInvalidDate: true, min: new Date('2025-01-01'), max: new Date('2030-12-31') });
    return fc.oneof(
      { weight: 3, arbitrary: near.map((d) => d.toISOString().slice(0, 10)) },
      { weight: 1, arbitrary: near.map((d) => d.toISOString()) },
      ...(this.hostile
        ? [
            { weight: 2, arbitrary: day.map((d) => d.toISOString().slice(0, 10)) },
            { weight: 1, arbitrary: day.map((d) => d.toISOString()) },
            { weight: 2, arbitrary: hostileString },
          ]
        : []),
    );
  }

  private text(schema: Schema): fc.Arbitrary<string> {
    const limits = [schema.maxLength, schema.minLength].filter((n): n is number => typeof n === 'number');
    const edges = (this.hostile ? limits.flatMap((n) => [n - 1, n, n + 1]) : limits)
      .filter((n) => n >= 0 && n >= (this.hostile ? 0 : (schema.minLength ?? 0)))
      .map((n) => 'a'.repeat(n));
    return fc.oneof(
      { weight: 6, arbitrary: plausibleText },
      ...(this.hostile ? [{ weight: 4, arbitrary: hostileString }] : []),
      ...(edges.length ? [{ weight: 1, arbitrary: fc.constantFrom(...edges) }] : []),
    );
  }

  private number(schema: Schema): fc.Arbitrary<unknown> {
    const { minimum, maximum } = schema;
    const bounded =
      minimum !== undefined || maximum !== undefined
        ? this.hostile
          ? fc.integer({ min: (minimum ?? 0) - 1, max: (maximum ?? 1000) + 1 })
          : fc.integer({ min: minimum ?? 0, max: maximum ?? 1000 })
        : fc.integer({ min: 0, max: 12 });
    return this.hostile ? fc.oneof({ weight: 6, arbitrary: bounded }, { weight: 3, arbitrary: hugeNumber }) : bounded;
  }

  /** A value for `schema` as property `name`: of the right shape, or (hostile) sometimes not. */
  value(schema: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
    const shaped = this.shaped(resolve(this.world.doc, schema), name, depth);
    if (!this.hostile) return shaped;
    const wrong = depth > 4 ? [] : [{ weight: 1, arbitrary: anyValue }];
    const nullable = schema.nullable ? [{ weight: 1, arbitrary: fc.constant(null) }] : [];
    return fc.oneof({ weight: 8, arbitrary: shaped }, ...wrong, ...nullable);
  }

  private shaped(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    const handedOut = this.world.handedOut[name];
    if (handedOut?.length) {
      const given = fc.constantFrom(...handedOut);
      const tampered = fc
        .tuple(
          given,
          fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
          fc.constantFrom('9', '0', '5'),
          hostileString.filter((x) => x.length < 200),
        )
        .map(([token, picks, digit, other]) => tamper(token, picks, digit, other));
      return this.hostile
        ? fc.oneof(
            { weight: 1, arbitrary: given },
            { weight: 5, arbitrary: tampered },
            { weight: 1, arbitrary: this.byType(schema, name, depth) },
          )
        : fc.oneof({ weight: 3, arbitrary: given }, { weight: 1, arbitrary: this.byType(schema, name, depth) });
    }
    const samples = this.world.samples[name];
    if (samples?.length) {
      const sample = fc.constantFrom(...samples);
      const mutated = fc.tuple(sample, fc.nat({ max: 40 }), anyValue).map(([value, n, other]) => replaceNode(value, n, other));
      return this.hostile
        ? fc.oneof(
            { weight: 2, arbitrary: sample },
            { weight: 3, arbitrary: mutated },
            { weight: 1, arbitrary: this.byType(schema, name, depth) },
          )
        : fc.oneof({ weight: 6, arbitrary: sample }, { weight: 1, arbitrary: this.byType(schema, name, depth) });
    }
    // Names say more than the schemas of ids, dates and addresses typed `string | null` (`object` in the document).
    if (/(^id$|Id$|^copyOf$)/.test(name)) return this.idString(name);
    if (/date|^from$|^to$|From$|To$/i.test(name)) return this.date();
    if (/email/i.test(name)) {
      const known = this.world.emails.length ? [fc.constantFrom(...this.world.emails)] : [];
      return fc.oneof(...known, fc.emailAddress(), ...(this.hostile ? [hostileString] : []));
    }
    if (/url/i.test(name)) {
      const odd = ['http://127.0.0.1/', 'https://[::1]/', 'https://0x7f000001/', 'https://user:pass@example.org/', 'file:///etc/passwd'];
      return fc.oneof(
        fc.webUrl({ validSchemes: ['https'] }),
        fc.constant('https://hooks.example.org/x'),
        ...(this.hostile ? [fc.webUrl(), fc.constantFrom(...odd), hostileString] : []),
      );
    }
    if (schema.enum?.length) {
      const members = fc.constantFrom(...schema.enum);
      return this.hostile ? fc.oneof({ weight: 8, arbitrary: members }, { weight: 1, arbitrary: hostileString }) : members;
    }
    if (schema.example !== undefined) {
      return fc.oneof({ weight: 2, arbitrary: fc.constant(schema.example) }, { weight: 3, arbitrary: this.byType(schema, name, depth) });
    }
    return this.byType(schema, name, depth);
  }

  private byType(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((s) => this.value(s, name, depth + 1)));
    switch (schema.type) {
      case 'string':
        return this.text(schema);
      case 'number':
      case 'integer':
        return this.number(schema);
      case 'boolean':
        return this.hostile
          ? fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 'false', 1, 0) })
          : fc.boolean();
      case 'array': {
        const item = schema.items ? this.value(schema.items, name, depth + 1) : this.hostile ? anyValue : plausibleText;
        const list = fc.array(item, { maxLength: 4 });
        if (!this.hostile) return list;
        return fc.oneof(
          { weight: 8, arbitrary: list },
          { weight: 1, arbitrary: fc.integer({ min: 200, max: 5000 }).map((n) => Array<number>(n).fill(1)) },
        );
      }
      default:
        return depth > 5 ? (this.hostile ? anyValue : fc.constant({})) : this.object(schema, depth);
    }
  }

  private key(extra: string[] = []): fc.Arbitrary<string> {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...this.world.words, ...extra) },
      { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
      { weight: 1, arbitrary: hostileString.filter((s) => s.length < 200) },
    );
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const props = Object.entries(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    const fields = props.map(([key, child]) => {
      const field = this.value(child, key, depth + 1).map((v): [string, unknown] => [key, v]);
      if (required.has(key) && !this.hostile) return field;
      return fc.option(field, { nil: ABSENT, freq: required.has(key) ? 12 : 2 });
    });
    const additional = schema.additionalProperties;
    const free = props.length === 0 || additional === true || typeof additional === 'object';
    const extraValue =
      typeof additional === 'object'
        ? this.value(additional, '', depth + 1)
        : this.hostile
          ? fc.oneof(plausibleText, anyValue)
          : plausibleText;
    const none = fc.constant([] as Array<[string, unknown]>);
    const some = fc.array(fc.tuple(this.hostile ? this.key(props.map(([k]) => k)) : fc.constantFrom(...this.world.words), extraValue), {
      maxLength: free ? 6 : 2,
    });
    const extras = this.hostile
      ? fc.oneof(
          { weight: free ? 4 : 8, arbitrary: none },
          { weight: free ? 4 : 1, arbitrary: some },
          { weight: 1, arbitrary: fc.constantFrom(...POLLUTION_KEYS).map((k): Array<[string, unknown]> => [[k, POLLUTION_VALUE]]) },
        )
      : free
        ? some
        : none;
    return fc
      .tuple(fc.tuple(...fields), extras)
      .map(([set, more]) => objectOf([...set.filter((f): f is [string, unknown] => f !== ABSENT), ...more]));
  }

  /** The request body: shaped by the schema (and, hostile, mutated), or anything else a client could send. */
  body(op: Operation): fc.Arbitrary<Body> {
    const json = (kind: string, a: fc.Arbitrary<unknown>) => a.map((v) => ({ kind, bytes: Buffer.from(toJsonText(v), 'utf8') }));
    const none = fc.constant({ kind: 'no body', bytes: null });
    if (op.multipart) return this.multipartBody(json);
    if (!this.hostile) return op.body ? json('shaped', this.value(op.body, '', 0)) : none;
    const raw = fc.oneof(
      fc.constantFrom(...MALFORMED_JSON).map((text) => ({ kind: 'malformed JSON', bytes: Buffer.from(text, 'utf8') })),
      fc.constantFrom(...INVALID_UTF8).map((bytes) => ({ kind: 'invalid UTF-8', bytes })),
      fc.uint8Array({ maxLength: 64 }).map((a) => ({ kind: 'random bytes', bytes: Buffer.from(a) })),
      deepJson.map((v) => ({ kind: 'deep nesting', bytes: Buffer.from(v.text) })),
    );
    if (!op.body) {
      return fc.oneof(
        { weight: 8, arbitrary: none },
        { weight: 1, arbitrary: json('unexpected body', anyValue) },
        { weight: 1, arbitrary: raw },
      );
    }
    const shaped = this.value(op.body, '', 0);
    return fc.oneof(
      { weight: 12, arbitrary: json('shaped', shaped) },
      {
        weight: 2,
        arbitrary: fc.tuple(shaped, fc.constantFrom(...INVALID_SEQUENCES)).map(([v, bad]) => ({
          kind: 'shaped with invalid UTF-8',
          bytes: spliceIntoFirstString(Buffer.from(toJsonText(v), 'utf8'), bad),
        })),
      },
      { weight: 2, arbitrary: json('any JSON', anyValue) },
      { weight: 2, arbitrary: raw },
      { weight: 1, arbitrary: none },
      { weight: 1, arbitrary: fc.constant({ kind: 'over the size limit', bytes: Buffer.from(`{"title":"${'x'.repeat(300_000)}"}`) }) },
      {
        weight: 1,
        arbitrary: shaped.map((v) => ({ kind: 'gzipped', bytes: gzipSync(toJsonText(v)), headers: { 'Content-Encoding': 'gzip' } })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'gzip bomb', bytes: gzipBomb(), headers: { 'Content-Encoding': 'gzip' } }) },
    );
  }

  /**
   * An upload: careful, files named `file` with documents and pictures; hostile, also programs,
   * scripts, HTML, a decompression bomb, hostile names (plain, RFC 5987-encoded), other part
   * names, more parts than allowed, and broken structure (no closing boundary, another boundary,
   * bare LF line ends, a part without headers, a header line past busboy's limit), or JSON.
   */
  private multipartBody(json: (kind: string, a: fc.Arbitrary<unknown>) => fc.Arbitrary<Body>): fc.Arbitrary<Body> {
    const type = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
    const careful = fc.array(fc.constantFrom(...CAREFUL_FILES), { minLength: 1, maxLength: 3 }).map((files) => ({
      kind: 'multipart',
      bytes: multipart(files.map((f) => ({ name: 'file', ...f }))),
      headers: type,
    }));
    if (!this.hostile) return careful;
    const fileName = fc.oneof(
      fc.constantFrom(...CAREFUL_FILES.map((f) => f.filename), ...HOSTILE_FILE_NAMES),
      hostileString.filter((s) => s.length < 300),
    );
    const part = fc.record({
      name: fc.oneof(
        { weight: 6, arbitrary: fc.constant('file') },
        { weight: 1, arbitrary: fc.constantFrom('files', '', '_csrf', 'file[]') },
      ),
      filename: fileName,
      encoded: fc.boolean(),
      contentType: fc.constantFrom('application/octet-stream', 'image/png', 'text/html', 'application/x-msdownload', ''),
      bytes: fc.oneof(
        fc.constantFrom(...CAREFUL_FILES.map((f) => f.bytes), ...HOSTILE_FILES),
        fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a)),
      ),
    });
    const wellFormed = fc.array(part, { minLength: 0, maxLength: 4 }).map((parts) => ({
      kind: 'multipart, hostile parts',
      bytes: multipart(parts),
      headers: type,
    }));
    const broken = fc.tuple(fc.array(part, { minLength: 1, maxLength: 2 }), fc.constantFrom(...BREAKAGES)).map(([parts, breakage]) => ({
      kind: `multipart, ${breakage}`,
      ...broke(parts, breakage),
    }));
    return fc.oneof(
      { weight: 3, arbitrary: careful },
      { weight: 4, arbitrary: wellFormed },
      { weight: 3, arbitrary: broken },
      { weight: 1, arbitrary: json('JSON to an upload', anyValue) },
      { weight: 1, arbitrary: fc.constant({ kind: 'no body', bytes: null }) },
    );
  }

  /** The query string, without `?`: declared parameters, and (hostile) unknown ones, repeats, broken escapes. */
  query(op: Operation): fc.Arbitrary<string> {
    // A careful client sends back only what the API handed out for such a parameter (a cursor), or nothing.
    const declared = op.query.map((q) =>
      !this.hostile && this.world.handedOut[q.name]?.length === 0
        ? fc.constant<typeof ABSENT>(ABSENT)
        : fc.oneof(
            // Filters one at a time, mostly, so that a careful client's list is not always empty.
            { weight: this.hostile || op.query.length < 4 ? 1 : 4, arbitrary: fc.constant<typeof ABSENT>(ABSENT) },
            { weight: 1, arbitrary: this.value(q.schema, q.name, 1).map((v): [string, string] => [q.name, queryText(v)]) },
          ),
    );
    const names = op.query.map((q) => q.name);
    const junkKey = fc.oneof(
      fc.constantFrom(...names, ...names.map((n) => `${n}[]`), ...names.map((n) => `${n}[a]`), 'limit', 'cursor'),
      this.key(),
    );
    const junk = this.hostile
      ? fc.oneof(
          { weight: 5, arbitrary: fc.constant([] as Array<[string, string]>) },
          {
            weight: 2,
            arbitrary: fc.array(
              fc.tuple(
                junkKey,
                hostileString.filter((s) => s.length < 2000),
              ),
              { minLength: 1, maxLength: 3 },
            ),
          },
        )
      : fc.constant([] as Array<[string, string]>);
    const encode = (s: string) =>
      this.hostile
        ? fc.oneof({ weight: 8, arbitrary: fc.constant(percentEncode(s)) }, { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) })
        : fc.constant(percentEncode(s));
    return fc
      .tuple(fc.tuple(...declared), junk)
      .chain(([set, more]) => {
        const pairs = [...set.filter((p): p is [string, string] => p !== ABSENT), ...more];
        // Long values stay under Node's 16 KiB header limit: that 431 is Node's, not ours.
        return fc.tuple(...pairs.map(([k, v]) => fc.tuple(encode(k), encode(v.slice(0, 3000)))));
      })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
  }

  /** A value for each path parameter: ids that exist (from `existing`) and (hostile) other UUIDs, hostile text, broken escapes. */
  pathValues(op: Operation, existing: fc.Arbitrary<string[]>): fc.Arbitrary<string[]> {
    if (!this.hostile) return existing;
    const one = fc.oneof(
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: hostileString.filter((s) => s.length < 3000).map(percentEncode) },
      { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) },
    );
    const mixed = fc
      .tuple(existing, ...op.pathParams.map(() => fc.option(one, { nil: ABSENT, freq: 3 })))
      .map(([ids, ...others]) => ids.map((id, i) => (others[i] === ABSENT ? id : (others[i] as string))));
    return fc.oneof({ weight: 2, arbitrary: existing }, { weight: 3, arbitrary: mixed });
  }
}

/** A valid 2 × 2 grey PNG (a preview is made of it), built with its checksums. */
function tinyPng(width = 2, height = 2, data: Buffer = Buffer.from([0, 10, 200, 0, 90, 30])): Buffer {
  const chunk = (kind: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(kind, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed) >>> 0);
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(data)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BOUNDARY = '----fuzz7MA4YWxkTrZu0gW';

export const CAREFUL_FILES: Array<{ filename: string; contentType: string; bytes: Buffer }> = [
  { filename: 'logo.png', contentType: 'image/png', bytes: tinyPng() },
  { filename: 'brief.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n') },
  { filename: 'notes.txt', contentType: 'text/plain', bytes: Buffer.from('Open day on Saturday.\n') },
];

/** Contents an upload must refuse or keep harmless: programs, scripts, pages, a picture claiming 10 gigapixels. */
const HOSTILE_FILES: Buffer[] = [
  Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(64)]),
  Buffer.from('\x7fELF\x02\x01\x01\0'),
  Buffer.from('#!/bin/sh\nrm -rf /\n'),
  Buffer.from('<!doctype html><script>alert(document.cookie)</script>'),
  Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  tinyPng(100_000, 100_000, Buffer.alloc(4096)),
  tinyPng(2, 2, Buffer.from('not pixels')),
  Buffer.alloc(0),
];

const HOSTILE_FILE_NAMES = [
  '../../etc/passwd',
  'C:\\Windows\\system32\\cmd.exe',
  'invoice\u202Efdp.exe',
  'a\u0000b.txt',
  '.htaccess',
  'x'.repeat(400) + '.pdf',
  '',
  ' ',
  'run.BAT',
  'CON',
  'logo.png\r\nContent-Type: text/html',
];

interface FilePart {
  name: string;
  filename: string;
  /** The name as RFC 5987 `filename*=UTF-8''…` instead of a quoted string. */
  encoded?: boolean;
  contentType: string;
  bytes: Buffer;
}

function partBytes(p: FilePart, eol = '\r\n'): Buffer {
  const name = p.encoded ? `filename*=UTF-8''${percentEncode(p.filename)}` : `filename="${p.filename.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const head = [
    `--${BOUNDARY}`,
    `Content-Disposition: form-data; name="${p.name}"; ${name}`,
    ...(p.contentType ? [`Content-Type: ${p.contentType}`] : []),
  ];
  return Buffer.concat([Buffer.from(head.join(eol) + eol + eol, 'utf8'), p.bytes, Buffer.from(eol)]);
}

function multipart(parts: FilePart[]): Buffer {
  return Buffer.concat([...parts.map((p) => partBytes(p)), Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

const BREAKAGES = [
  'no closing boundary',
  'another boundary',
  'no boundary parameter',
  'bare LF line ends',
  'a part without headers',
  'a header line past the limit',
  'more files than allowed',
  'a field, no file',
  'cut in the middle',
] as const;

function broke(parts: FilePart[], breakage: (typeof BREAKAGES)[number]): { bytes: Buffer; headers: Record<string, string> } {
  const type = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
  const whole = multipart(parts);
  switch (breakage) {
    case 'no closing boundary':
      return { bytes: Buffer.concat(parts.map((p) => partBytes(p))), headers: type };
    case 'another boundary':
      return { bytes: whole, headers: { 'Content-Type': 'multipart/form-data; boundary=----other' } };
    case 'no boundary parameter':
      return { bytes: whole, headers: { 'Content-Type': 'multipart/form-data' } };
    case 'bare LF line ends':
      return { bytes: Buffer.concat([...parts.map((p) => partBytes(p, '\n')), Buffer.from(`--${BOUNDARY}--\n`)]), headers: type };
    case 'a part without headers':
      return { bytes: Buffer.from(`--${BOUNDARY}\r\n\r\nbare\r\n--${BOUNDARY}--\r\n`), headers: type };
    case 'a header line past the limit':
      return {
        bytes: Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${'a'.repeat(90_000)}"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
        ),
        headers: type,
      };
    case 'more files than allowed':
      return { bytes: multipart(Array.from({ length: 25 }, () => ({ ...CAREFUL_FILES[2], name: 'file' }))), headers: type };
    case 'a field, no file':
      return {
        bytes: Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`),
        headers: type,
      };
    case 'cut in the middle':
      return { bytes: whole.subarray(0, Math.floor(whole.length / 2)), headers: type };
  }
}

export interface Body {
  kind: string;
  bytes: Buffer | null;
  /** Headers the body needs (its Content-Encoding), over the case's own. */
  headers?: Record<string, string>;
}

/** 16 MiB of zeros in a few KiB: the size limit must hold for what the body inflates to. */
let bomb: Buffer | null = null;
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.concat([Buffer.from('{"title":"'), Buffer.alloc(16 * 1024 * 1024, 0x61), Buffer.from('"}')]));
  return bomb;
}

/** Percent-encodes the UTF-8 bytes of any string (encodeURIComponent throws on a lone surrogate). */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJsonText(value);
}

const MALFORMED_JSON = [
  '{',
  '}',
  '{"a":}',
  '{"a" 1}',
  "{'a':1}",
  '[1,]',
  '{"version":1,}',
  'nul',
  'NaN',
  '{"version":NaN}',
  '/* c */{}',
  '"\\ud800"',
  '{"a":"\\u12"}',
  '\u0000',
  '  ',
  '"' + 'x'.repeat(10),
  '{"__proto__":{"isAdmin":true,"polluted":"yes"}}',
  '{"constructor":{"prototype":{"isAdmin":true,"polluted":"yes"}}}',
  '1'.repeat(400),
  '[' + '1,'.repeat(50_000) + '1]',
];

/** Byte sequences no UTF-8 decoder should take as they are. */
const INVALID_SEQUENCES = [
  Buffer.from([0xff]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0xa4]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0x00]),
];

const INVALID_UTF8 = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
  Buffer.concat([Buffer.from('{"'), Buffer.from([0xc0, 0xaf]), Buffer.from('":1}')]),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]),
  Buffer.from('{"reason":"\u00e9"}', 'latin1'),
  Buffer.from('{"version":1}', 'utf16le'),
  Buffer.from([0x7b, 0x22, 0xe0, 0xa4]),
  Buffer.from([0x00, 0x00, 0x00]),
];

/** Puts bytes inside the first string value of a JSON text (or at its end when it has none). */
function spliceIntoFirstString(text: Buffer, bytes: Buffer): Buffer {
  const at = text.indexOf('":"');
  const i = at >= 0 ? at + 3 : text.length;
  return Buffer.concat([text.subarray(0, i), bytes, text.subarray(i)]);
}

/** Header values Node will send: Latin-1 without control characters. */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

/** `{token}` in a header stands for the acting user's token, filled in when the case is sent. */
export const TOKEN = '{token}';

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/merge-patch+json',
];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/json;;',
  ';',
  '',
  'application/jsonp',
  'json',
  '*/*',
  'application/json, text/plain',
];
const AUTH_JUNK = [
  'Bearer',
  'Bearer ',
  `Bearer  ${TOKEN}`,
  `bearer ${TOKEN}`,
  `Bearer ${TOKEN}x`,
  `Bearer ${TOKEN}, Bearer ${TOKEN}`,
  `Token ${TOKEN}`,
  'Basic YWRtaW46YWRtaW4=',
  `Bearer ${'a'.repeat(8000)}`,
  'Bearer null',
  'Bearer %00',
  'Bearer \u00ff\u00fe',
  'Negotiate TlRMTVNTUAAB',
];
const IF_MATCH_JUNK = [
  '*',
  'W/"1"',
  '"abc"',
  '"99999999999999999999"',
  '"-1"',
  '"1.5"',
  '""',
  '"1", "2"',
  '"0x1"',
  '"1e3"',
  ' "3" ',
  '"NaN"',
  '"Infinity"',
  '"2147483648"',
  '"-0"',
];

/** What a careful API client sends: its bearer token and, with a body, JSON (the version goes in the body). */
export const plausibleHeaders = (hasBody: boolean): fc.Arbitrary<Record<string, string>> =>
  fc.constant({ Authorization: `Bearer ${TOKEN}`, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) });

/** Headers of every kind: junk credentials, other media types, encodings, forwarded addresses. */
export const hostileHeaders = (hasBody: boolean): fc.Arbitrary<Record<string, string>> => {
  const junk = hostileString.filter((s) => s.length < 4000).map(headerSafe);
  const auth = fc.oneof(
    { weight: 8, arbitrary: fc.constant({ Authorization: `Bearer ${TOKEN}` }) },
    { weight: 1, arbitrary: fc.constant({ Cookie: `sid=${TOKEN}` }) },
    { weight: 1, arbitrary: junk.map((csrf) => ({ Cookie: `sid=${TOKEN}`, 'X-CSRF-Token': csrf })) },
    { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...AUTH_JUNK), junk).map((a) => ({ Authorization: a })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom(`sid=${TOKEN}; sid=junk`, 'sid=%E0%A4%A', 'sid=', `__Host-sid=${TOKEN}`, 'sid'), junk)
        .map((c) => ({ Cookie: c })),
    },
    { weight: 2, arbitrary: fc.constant({}) },
  );
  const contentType = hasBody
    ? fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...JSON_TYPES).map((t) => ({ 'Content-Type': t })) },
        { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES).map((t) => ({ 'Content-Type': t })) },
        { weight: 1, arbitrary: fc.constant({}) },
      )
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES).map((t) => ({ 'Content-Type': t })) },
      );
  /** The header in one case out of `oneIn`. */
  const optional = (name: string, values: fc.Arbitrary<string>, oneIn: number) =>
    fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: values.map((v) => ({ [name]: v })) });
  return fc
    .tuple(
      auth,
      contentType,
      optional(
        'If-Match',
        fc.oneof(
          fc.nat({ max: 12 }).map((n) => `"${n}"`),
          fc.constantFrom(...IF_MATCH_JUNK),
          junk,
        ),
        4,
      ),
      optional('Content-Encoding', fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'), hasBody ? 10 : 40),
      optional(
        'X-Forwarded-For',
        fc.oneof(fc.constantFrom('::1', '1.2.3.4, 5.6.7.8', '[::1]:80', 'unknown', '999.999.999.999', 'fe80::1%eth0'), junk),
        15,
      ),
      optional('X-Forwarded-Proto', fc.constantFrom('https', 'http', 'gopher', 'https, http'), 20),
      optional('X-Request-Id', fc.oneof(fc.constant('r'.repeat(101)), junk), 15),
      optional('Accept', fc.constantFrom('text/html', 'application/xml', '*/*', 'application/problem+json', 'image/png', ''), 10),
      optional('Accept-Language', fc.oneof(fc.constantFrom('fi', 'sv-SE,sv;q=0.9', '*', 'xx;q=abc'), junk), 15),
      optional(
        'Range',
        fc.oneof(
          fc.constantFrom(
            'bytes=0-0',
            'bytes=-5',
            'bytes=5-',
            'bytes=9-2',
            'bytes=0-1,3-4',
            'bytes=99999999999999-',
            'items=0-1',
            'bytes=',
          ),
          junk,
        ),
        15,
      ),
    )
    .map((parts) => Object.assign({}, ...parts) as Record<string, string>);
};
