import { documents, Documents } from './response-shape';

// The checks happen when the types are checked (`npm run typecheck`): each `@ts-expect-error`
// below fails the check if `documents` stops catching that kind of drift.

class Documented {
  name!: string;
  closedAt!: Date | null;
}

describe('documents<Class, Returned>()', () => {
  it('accepts a class that documents exactly the fields returned, a field always set may be documented as required', () => {
    const same: Documents<Documented, { name: string; closedAt: Date | null }> = true;
    const alwaysSet: Documents<Documented, { name: string; closedAt?: Date | null }> = true;
    expect([same, alwaysSet]).toEqual([true, true]);
    expect(documents<Documented, { name: string; closedAt: Date | null }>(true)).toBeUndefined();
  });

  it('rejects a returned field the class does not document, and a documented field not returned', () => {
    // @ts-expect-error `reference` is returned but not documented
    documents<Documented, { name: string; closedAt: Date | null; reference: string }>(true);
    // @ts-expect-error `closedAt` is documented but not returned
    documents<Documented, { name: string }>(true);
    const undocumented: Documents<Documented, { name: string; closedAt: Date | null; reference: string }> = {
      undocumented: 'reference',
      notReturned: undefined as never,
    };
    expect(undocumented.undocumented).toBe('reference');
  });

  it('rejects a field whose type differs either way: a null the class does not allow, a null it allows but never gets', () => {
    // @ts-expect-error `closedAt` may be null, the class says it never is
    documents<{ name: string; closedAt: Date }, { name: string; closedAt: Date | null }>(true);
    // @ts-expect-error the class allows a null `closedAt` the service never returns
    documents<Documented, { name: string; closedAt: Date }>(true);
    // @ts-expect-error the class documents `name` as optional, the service always returns it
    documents<{ name?: string; closedAt: Date | null }, { name: string; closedAt: Date | null }>(true);
    const differ: Documents<Documented, { name: number; closedAt: Date | null }> = { typesDiffer: 'name' };
    expect(differ.typesDiffer).toBe('name');
  });
});
