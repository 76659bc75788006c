// Reply addresses: `orders+<token>@city.example`, where the token names the order and the
// recipient and is signed, so a reply can be tied to both without a table of tokens.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ReplyTarget {
  orderId: string;
  userId: string;
}

/** 10 bytes of HMAC-SHA256: forging one takes 2^80 tries; the whole local part stays within 64 characters. */
const MAC_BYTES = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(secret: string, ids: Buffer): Buffer {
  return createHmac('sha256', secret).update('reply-to:v1:').update(ids).digest().subarray(0, MAC_BYTES);
}

/** 56 base64url characters. Base64url is case-sensitive, as the local part of an address is (RFC 5321). */
export function replyToken(secret: string, target: ReplyTarget): string {
  const ids = Buffer.concat([uuidBytes(target.orderId), uuidBytes(target.userId)]);
  return Buffer.concat([ids, mac(secret, ids)]).toString('base64url');
}

/** The order and recipient a token names, or null when it is malformed or not signed with `secret`. */
export function readReplyToken(secret: string, token: string): ReplyTarget | null {
  if (!/^[A-Za-z0-9_-]{56}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 32 + MAC_BYTES) return null;
  const ids = bytes.subarray(0, 32);
  if (!timingSafeEqual(mac(secret, ids), bytes.subarray(32))) return null;
  return { orderId: uuidText(ids.subarray(0, 16)), userId: uuidText(ids.subarray(16)) };
}

/** `orders@city.example` + `tag` → `orders+tag@city.example`. */
export function taggedAddress(base: string, tag: string): string {
  const at = base.lastIndexOf('@');
  return `${base.slice(0, at)}+${tag}${base.slice(at)}`;
}

/**
 * The tag of `address` when it is `base` with a `+tag` (the domain and local part compared
 * without case, the tag kept as written); null for any other address.
 */
export function tagOf(base: string, address: string): string | null {
  const at = address.lastIndexOf('@');
  const baseAt = base.lastIndexOf('@');
  if (at < 0 || address.slice(at).toLowerCase() !== base.slice(baseAt).toLowerCase()) return null;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0 || local.slice(0, plus).toLowerCase() !== base.slice(0, baseAt).toLowerCase()) return null;
  const tag = local.slice(plus + 1);
  return tag === '' ? null : tag;
}
