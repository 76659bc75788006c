import type { Exactly } from './exactly';

interface View {
  id: string;
  note: string | null;
  tag?: string;
}

/**
 * `Exactly` works at compile time: `npm run typecheck` fails when a line marked
 * `@ts-expect-error` below compiles, that is when a drift would no longer be caught.
 */
describe('Exactly<View, Class>', () => {
  it('lets a class implement a view it documents field for field', () => {
    class Same implements Exactly<View, Same> {
      id = 'a';
      note: string | null = null;
      tag?: string = undefined;
    }
    expect(Object.keys(new Same())).toEqual(['id', 'note', 'tag']);
  });

  it('refuses a class that misses a field, adds one, or differs in null or optionality', () => {
    // @ts-expect-error the view's `tag` is not documented
    class Missing implements Exactly<View, Missing> {
      id = 'a';
      note: string | null = null;
    }
    // @ts-expect-error `extra` is documented but the view has no such field
    class Extra implements Exactly<View, Extra> {
      id = 'a';
      note: string | null = null;
      tag?: string = undefined;
      extra = 1;
    }
    // @ts-expect-error the view's `note` may be null, the class says it never is
    class NeverNull implements Exactly<View, NeverNull> {
      id = 'a';
      note = 'text';
      tag?: string = undefined;
    }
    // @ts-expect-error the view's `tag` may be absent, the class says it is always there
    class AlwaysThere implements Exactly<View, AlwaysThere> {
      id = 'a';
      note: string | null = null;
      tag = 'x';
    }
    expect([Missing, Extra, NeverNull, AlwaysThere].map((c) => Object.keys(new c()).length)).toEqual([2, 4, 3, 3]);
  });
});
