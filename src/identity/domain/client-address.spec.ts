import fc from 'fast-check';
import { clientAddressKey, signInDelayMs } from './client-address';

const group = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(group, { minLength: 8, maxLength: 8 });

/** A valid textual form of the address: full, lower/upper case, or `::`-compressed. */
function write(g: number[], style: 'full' | 'upper' | 'compressed' | 'padded'): string {
  const hex = g.map((x) => (style === 'padded' ? x.toString(16).padStart(4, '0') : x.toString(16)));
  if (style === 'upper') return hex.join(':').toUpperCase();
  if (style !== 'compressed') return hex.join(':');
  // Compress the longest run of zero groups (if any) as `::`.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
  }
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
const style = fc.constantFrom('full', 'upper', 'compressed', 'padded') as fc.Arbitrary<'full' | 'upper' | 'compressed' | 'padded'>;
const notMappedV4 = (g: number[]) => !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff);

describe('clientAddressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(clientAddressKey(ip)).toBe(ip);
      }),
    );
  });

  it('counts an IPv4 address written as IPv6 as the IPv4 address', () => {
    expect(clientAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('::FFFF:127.0.0.2')).toBe('127.0.0.2');
    expect(clientAddressKey('::ffff:c000:207')).toBe('192.0.2.7');
  });

  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    fc.assert(
      fc.property(groups, groups, style, style, (a, b, styleA, styleB) => {
        fc.pre(notMappedV4(a));
        const sameNetwork = [...a.slice(0, 4), ...b.slice(4)];
        expect(clientAddressKey(write(sameNetwork, styleB))).toBe(clientAddressKey(write(a, styleA)));
      }),
    );
  });

  it('tells IPv6 addresses of different /64 networks apart', () => {
    fc.assert(
      fc.property(groups, groups, (a, b) => {
        fc.pre(notMappedV4(a) && notMappedV4(b) && a.slice(0, 4).join() !== b.slice(0, 4).join());
        expect(clientAddressKey(write(a, 'compressed'))).not.toBe(clientAddressKey(write(b, 'compressed')));
      }),
    );
  });

  it('names the /64 in the usual notation', () => {
    expect(clientAddressKey('2001:db8:0:1::42')).toBe('2001:db8:0:1::/64');
    expect(clientAddressKey('2001:DB8:0:1:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientAddressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('drops a port a proxy appended, in either notation', () => {
    expect(clientAddressKey('192.0.2.7:5678')).toBe('192.0.2.7');
    expect(clientAddressKey('[2001:db8:1:2::9]:443')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('[::ffff:192.0.2.7]')).toBe('192.0.2.7');
  });

  it('puts every value that is not an address into one shared bucket', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^[\d.:a-fA-F%[\]\s]*$/.test(text));
        expect(clientAddressKey(text)).toBe('unparsed');
      }),
    );
  });
});

describe('signInDelayMs', () => {
  it('is nothing below the threshold, then doubles from a quarter second up to the cap', () => {
    expect([0, 4, 5, 6, 7, 8, 9, 50, 1e9].map((n) => signInDelayMs(n, 5))).toEqual([0, 0, 250, 500, 1000, 2000, 3000, 3000, 3000]);
  });

  it('never decreases with more failures and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(1000), fc.integer({ min: 1, max: 100 }), (n, extra, threshold) => {
        expect(signInDelayMs(n + extra, threshold)).toBeGreaterThanOrEqual(signInDelayMs(n, threshold));
        expect(signInDelayMs(n, threshold)).toBeLessThanOrEqual(3000);
      }),
    );
  });
});
