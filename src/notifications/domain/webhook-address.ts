// Where a webhook may point: pure checks on URLs and resolved addresses.
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/**
 * IPv6 ranges that only relay or translate: refused whatever they carry (IPv4-compatible
 * `::a.b.c.d` and the rest of ::/96, 6to4, Teredo, local-use NAT64).
 */
const TUNNELS = new BlockList();
for (const [net, bits] of [
  ['::', 96],
  ['2002::', 16],
  ['2001::', 32],
  ['64:ff9b:1::', 48],
] as const)
  TUNNELS.addSubnet(net, bits, 'ipv6');

/** The 16 bytes of an IPv6 address (a trailing dotted quad and `::` allowed); null if it is none. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split('::');
  if (rest.length) return null;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<string>(Math.max(fill, 0)).fill('0'), ...right];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/**
 * The IPv4 address an IPv6 one stands for when it is IPv4-mapped (`::ffff:a.b.c.d`, in any
 * spelling), IPv4-translated (`::ffff:0:a.b.c.d`) or well-known NAT64 (`64:ff9b::a.b.c.d`).
 */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  const prefix = (bytes: number[]) => bytes.every((v, i) => b[i] === v);
  const mapped = prefix([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
  const translated = prefix([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0]);
  const nat64 = prefix([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]);
  return mapped || translated || nat64 ? b.slice(12).join('.') : null;
}

/**
 * Loopback, private, link-local, carrier-grade NAT, multicast or unspecified; for IPv6 forms
 * that carry an IPv4 address, that address decides, and tunnel ranges are refused outright.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 0) return true;
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  const v4 = embeddedIpv4(address);
  if (v4) return PRIVATE.check(v4, 'ipv4');
  const bare = address.replace(/%.*$/, '');
  return PRIVATE.check(bare, 'ipv6') || TUNNELS.check(bare, 'ipv6');
}

/**
 * Why `raw` may not be a webhook URL, or null when it may. In production only https to a
 * public host; in tests also http to 127.0.0.1 (a receiver started by the test).
 */
export function webhookUrlProblem(raw: string, env: 'development' | 'production' | 'test'): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (env === 'test' && url.protocol === 'http:' && url.hostname === '127.0.0.1') return null;
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this machine';
  if (isIP(host) && isPrivateAddress(host)) return 'must not point at a loopback or private address';
  if (env === 'production' && !isIP(host) && !host.includes('.')) return 'must name a public host';
  return null;
}
