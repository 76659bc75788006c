import fc from 'fast-check';
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
    // Dot segments that collapse into a protocol-relative URL once parsed.
    ['/.//evil.example/phish', '/'],
    ['/x/..//evil.example', '/'],
    ['/%2e//evil.example', '/'],
    ['/./orders/1', '/orders/1'],
    [undefined, '/'],
    ['', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it('never gives a target a browser would read as another host', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('/', '.', '..', '%2e', '\\', 'evil.example', 'x', '?', '#', '@', ':'), { maxLength: 10 }),
        (parts) => {
          const next = safeNext('/' + parts.join(''));
          expect(new URL(next, 'http://our.example').host).toBe('our.example');
        },
      ),
    );
  });
});
