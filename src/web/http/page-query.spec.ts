import { DomainError } from '../../common/domain-error';
import { pageQuery } from './page-query';

describe('pageQuery', () => {
  it('reads the named parameters as text and leaves the others out', () => {
    expect(pageQuery({ query: { actor: 'a@x', other: 'y' } }, ['actor', 'entity'])).toEqual({ actor: 'a@x' });
    expect(pageQuery({ query: {} }, ['actor'])).toEqual({});
    expect(pageQuery({ query: undefined }, ['actor'])).toEqual({});
  });

  it('takes the first value of a repeated parameter', () => {
    expect(pageQuery({ query: { actor: ['a', 'b'] } }, ['actor'])).toEqual({ actor: 'a' });
    expect(pageQuery({ query: { actor: [] } }, ['actor'])).toEqual({});
  });

  it('refuses an object or a list of objects with a validation error naming the parameter', () => {
    for (const value of [{ b: 'c' }, [{ b: 'c' }], 1, null, [['a']]]) {
      let caught: unknown;
      try {
        pageQuery({ query: { actor: value } }, ['actor']);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('validation_failed');
      expect((caught as DomainError).errors).toEqual([{ pointer: '/actor', code: 'text', detail: 'must be text' }]);
    }
  });

  it('does not read inherited properties', () => {
    expect(pageQuery({ query: {} }, ['toString', '__proto__', 'constructor'])).toEqual({});
  });
});
