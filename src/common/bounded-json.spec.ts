import fc from 'fast-check';
import { jsonLimitProblem, pointerTooDeep } from './bounded-json';

const LIMITS = { maxDepth: 3, maxKeys: 5, maxBytes: 100 };

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('jsonLimitProblem', () => {
  it('accepts flat answers and scalars', () => {
    expect(jsonLimitProblem({ audience: 'parents', copies: 200, channels: ['web', 'print'] }, LIMITS)).toBeNull();
    expect(jsonLimitProblem('text', LIMITS)).toBeNull();
  });

  it('names the limit passed: depth, keys, size', () => {
    expect(jsonLimitProblem(nested(3), LIMITS)).toBeNull();
    expect(jsonLimitProblem(nested(4), LIMITS)).toBe('must be nested at most 3 levels deep');
    expect(jsonLimitProblem([[[[1]]]], LIMITS)).toBe('must be nested at most 3 levels deep');
    expect(jsonLimitProblem({ a: 1, b: 2, c: { d: 3, e: 4, f: 5 } }, LIMITS)).toBe('must have at most 5 keys');
    expect(jsonLimitProblem({ a: 'x'.repeat(200) }, LIMITS)).toMatch(/^must be at most 0 KiB as JSON/);
  });

  it('walks a very deep value without exhausting the stack', () => {
    expect(jsonLimitProblem(nested(200_000), LIMITS)).toBe('must be nested at most 3 levels deep');
  });

  it('finds the first value nested too deep, by pointer, without recursion', () => {
    expect(pointerTooDeep({ title: 'x', answers: { list: [1, 2] } }, 3)).toBeNull();
    expect(pointerTooDeep({ answers: { 'a/b': { c: {} } } }, 3)).toBe('/answers/a~1b/c');
    expect(pointerTooDeep(nested(200_000), 32)).toBe('/a' + '/a'.repeat(31));
  });

  it('anything it accepts is within every limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        if (jsonLimitProblem(value, LIMITS) !== null) return;
        expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(LIMITS.maxBytes);
        const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
        expect(depth(value)).toBeLessThanOrEqual(LIMITS.maxDepth);
      }),
    );
  });
});
