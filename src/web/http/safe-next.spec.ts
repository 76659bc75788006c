import { safeNext } from './safe-next';

describe('safeNext', () => {
  it.each([
    ['/orders/1?tab=thread', '/orders/1?tab=thread'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/ok\r\nx', '/'],
    ['/sign-in?next=/x', '/'],
    [undefined, '/'],
    ['', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});
