import fc from 'fast-check';
import { canonicalJson, specHash, type HashableSpec } from './spec-hash';

/** Rebuilds every object with its keys in a pseudo-random order (deterministic per seed). */
function reorderKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v)
      .map(([k, x]) => [next(), k, walk(x)] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, k, x]) => [k, x] as const);
    return Object.fromEntries(entries);
  };
  return walk(value);
}

const arbSpec: fc.Arbitrary<HashableSpec> = fc.record({
  title: fc.string(),
  purpose: fc.string(),
  desiredDate: fc.option(fc.constantFrom('2026-01-05', '2026-02-28', '2027-12-31'), { nil: null }),
  answers: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }),
  questionnaireVersion: fc.nat(),
});

describe('canonicalJson', () => {
  it('sorts keys recursively and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson([])).toBe('[]');
  });

  it('follows JSON.stringify for undefined, non-finite numbers and toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, Number.NaN, Infinity], c: new Date(0) })).toBe(
      '{"b":[null,null,null],"c":"1970-01-01T00:00:00.000Z"}',
    );
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('rejects cycles but allows shared sub-objects', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });

  it('property: parses back to the same value as JSON.stringify would', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('property: key order never changes the output', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer(), (v, seed) => canonicalJson(reorderKeys(v, seed)) === canonicalJson(v)));
  });
});

describe('specHash', () => {
  const spec: HashableSpec = {
    title: 'New intranet banner',
    purpose: 'Announce the summer closure',
    desiredDate: '2026-06-01',
    answers: { format: 'banner', sizes: ['1200x300', '600x300'], urgent: false },
    questionnaireVersion: 3,
  };

  it('is a 64-char lowercase hex SHA-256, pinned so stored hashes stay comparable', () => {
    expect(specHash(spec)).toMatch(/^[0-9a-f]{64}$/);
    expect(specHash(spec)).toBe(PINNED_HASH);
  });

  it('ignores properties outside the spec', () => {
    const entity = { ...spec, id: 'abc', updatedAt: new Date() };
    expect(specHash(entity)).toBe(specHash(spec));
  });

  it('property: key order (top level and inside answers) does not change the hash', () => {
    fc.assert(fc.property(arbSpec, fc.integer(), (s, seed) => specHash(reorderKeys(s, seed) as HashableSpec) === specHash(s)));
  });

  it('property: changing any field changes the hash', () => {
    const arbChange = fc.oneof(
      fc.record({ title: fc.string() }),
      fc.record({ purpose: fc.string() }),
      fc.record({ desiredDate: fc.option(fc.constantFrom('2026-01-06', '2030-01-01'), { nil: null }) }),
      fc.record({ answers: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }) }),
      fc.record({ questionnaireVersion: fc.nat() }),
    );
    fc.assert(
      fc.property(arbSpec, arbChange, (s, change) => {
        const changed = { ...s, ...change } as HashableSpec;
        // Skip no-op changes (same value drawn again); canonical form is the notion of "same".
        fc.pre(canonicalJson(changed) !== canonicalJson(s));
        return specHash(changed) !== specHash(s);
      }),
    );
  });

  it('does not confuse a field value with a neighbouring field', () => {
    const a = { ...spec, title: 'ab', purpose: 'c' };
    const b = { ...spec, title: 'a', purpose: 'bc' };
    expect(specHash(a)).not.toBe(specHash(b));
  });
});

// SHA-256 of the hand-written canonical form of `spec` above, computed outside this module.
const PINNED_HASH = 'b2b3cf782e16cec66107c9b7f832beb042743814394b1f6940bda2575c5a55ff';
