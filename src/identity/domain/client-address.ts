import { isIP } from 'node:net';

/**
 * The address sign-in limits count a client by. An IPv4 address is itself; an IPv6 address is
 * its /64 prefix, because one subscriber (one home, one cloud host) gets a whole /64 and could
 * otherwise take a fresh address for every attempt. An IPv4 address written as IPv6
 * (`::ffff:192.0.2.1`, what a dual-stack socket reports) is the IPv4 address.
 */
export function clientAddressKey(address: string): string {
  const plain = withoutPort(address.trim()).split('%')[0]; // a zone (`fe80::1%eth0`) names the interface, not the client
  if (isIP(plain) === 4) return plain;
  const groups = isIP(plain) === 6 ? ipv6Groups(plain.toLowerCase()) : null;
  // Anything else is one shared bucket: a value that varies per connection must not give
  // every attempt a fresh allowance.
  if (!groups) return 'unparsed';
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** Some proxies append the client's port (`192.0.2.1:5678`, `[2001:db8::1]:5678`): it is not part of who the client is. */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  return v4 ? v4[1] : address;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, an IPv4 tail folded in). */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number);
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const before = head ? head.split(':') : [];
  const after = tail ? tail.split(':') : [];
  const groups = tail === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * How long a sign-in attempt at an account waits when the account has `failures` recent
 * failed sign-ins from all addresses together: nothing below `threshold`, then a delay that
 * doubles with each further failure from a quarter second up to `maxMs`. It slows guessing
 * from many addresses without ever closing the account to its owner.
 */
export function signInDelayMs(failures: number, threshold: number, maxMs = 3000): number {
  if (failures < threshold) return 0;
  return Math.min(maxMs, 250 * 2 ** Math.min(failures - threshold, 20));
}
