import { positional } from './prepared-query';

describe('positional: `:name` parameters as `$n`', () => {
  it('numbers each name once, in order of first use, and leaves casts and date formats alone', () => {
    const { text, values } = positional(
      `SELECT to_char(o.at, 'HH24:MI:SS'), o.id::text FROM orders o WHERE o.id = :orderId AND (o.requester_id = :user OR o.unit = ANY(:units)) AND o.requester_id <> :user`,
      { units: ['u1'], user: 'me', orderId: 'o1', unused: 1 },
    );
    expect(text).toBe(
      `SELECT to_char(o.at, 'HH24:MI:SS'), o.id::text FROM orders o WHERE o.id = $1 AND (o.requester_id = $2 OR o.unit = ANY($3)) AND o.requester_id <> $2`,
    );
    expect(values).toEqual(['o1', 'me', ['u1']]);
  });

  it('gives each call its own values for the same text', () => {
    const sql = 'SELECT 1 WHERE :a = :b';
    expect(positional(sql, { a: 1, b: 2 }).values).toEqual([1, 2]);
    expect(positional(sql, { a: 3, b: 4 }).values).toEqual([3, 4]);
  });

  it('refuses a query whose parameter has no value', () => {
    expect(() => positional('SELECT :missing::int', {})).toThrow(/:missing/);
  });
});
