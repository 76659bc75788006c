import { createHash } from 'node:crypto';

// Canonical JSON: recursively sorted keys, no whitespace. Otherwise it follows
// JSON.stringify exactly (undefined/functions dropped from objects, null in arrays,
// non-finite numbers -> null, toJSON honoured), so a spec that went through a JSON
// column and back hashes the same as the original object.

export function canonicalJson(value: unknown): string {
  const out = serialize(value, new Set());
  if (out === undefined) throw new TypeError('Value is not representable as JSON');
  return out;
}

function serialize(value: unknown, seen: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    value = value.valueOf(); // boxed primitives serialise like JSON.stringify does
  }
  if (value === null || typeof value !== 'object') {
    // Primitives: reuse JSON.stringify for string escaping, -0, NaN, bigint errors, etc.
    return JSON.stringify(value) as string | undefined;
  }
  if (seen.has(value)) throw new TypeError('Cannot canonicalise a cyclic structure');
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item) => serialize(item, seen) ?? 'null').join(',')}]`;
    }
    const parts: string[] = [];
    // Default sort compares UTF-16 code units: locale-independent and deterministic.
    for (const key of Object.keys(value).sort()) {
      const item = serialize((value as Record<string, unknown>)[key], seen);
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    // Only ancestors count as cycles; shared sub-objects (DAGs) are fine.
    seen.delete(value);
  }
}

export interface HashableSpec {
  title: string;
  purpose: string;
  desiredDate: string | null;
  answers: Record<string, unknown>;
  questionnaireVersion: number;
}

/** Hex SHA-256 of the spec's canonical JSON; used to detect whether an order's content changed. */
export function specHash(spec: HashableSpec): string {
  // Pick the fields explicitly so extra properties on an entity (ids, timestamps)
  // passed in structurally never leak into the hash.
  const { title, purpose, desiredDate, answers, questionnaireVersion } = spec;
  const canonical = canonicalJson({ title, purpose, desiredDate, answers, questionnaireVersion });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
