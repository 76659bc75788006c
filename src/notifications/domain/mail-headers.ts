// The headers that make the product's mail answerable and threaded: pure, no NestJS or TypeORM.
import { replyToken, taggedAddress } from './reply-token';

export interface MailHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: string;
  replyTo?: string;
}

/** The Message-ID every mail about an order refers to: the order's thread, which no mail itself carries. */
export function orderThreadId(orderId: string, host: string): string {
  return `<order-${orderId}@${host}>`;
}

/**
 * A mail's own stable Message-ID (its row's id: a resend is the same mail); for a mail about an
 * order, `In-Reply-To` and `References` naming the order's thread root, so every mail about one
 * order lands in one conversation in the reader's client; and for one to a user about an order,
 * while replies are taken (`reply`), `Reply-To: <local>+<token>@<domain>` with the token signed
 * for that order and that recipient, so a reply can be tied to both.
 */
export function mailHeaders(o: {
  mailId: string;
  host: string;
  orderId: string | null;
  userId: string | null;
  reply: { address: string; secret: string } | null;
}): MailHeaders {
  const headers: MailHeaders = { messageId: `<${o.mailId}@${o.host}>` };
  if (!o.orderId) return headers;
  const root = orderThreadId(o.orderId, o.host);
  headers.inReplyTo = root;
  headers.references = root;
  if (o.reply && o.userId) {
    headers.replyTo = taggedAddress(o.reply.address, replyToken(o.reply.secret, { orderId: o.orderId, userId: o.userId }));
  }
  return headers;
}
