// Which of our addresses a mail was sent to, and what its `+tag` asks for. Pure.
import { tagOf } from '../../notifications/domain/reply-token';
import { isEmailAlias } from '../../catalog/domain/email-alias';

export type MailTarget =
  /** `orders+<token>@…`: a reply about an order (the token still to be checked). */
  | { kind: 'reply'; token: string }
  /** `orders+<alias>@…`: a new order for the service with this alias. */
  | { kind: 'alias'; alias: string }
  /** `orders+<something else>@…`: neither a token nor an alias. */
  | { kind: 'unknown'; tag: string };

/** A reply token is 56 base64url characters (see reply-token.ts); an alias is at most 40. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{56}$/;

/**
 * The target of a mail from its recipient addresses, the envelope's first (Delivered-To,
 * X-Original-To: what the MTA delivered to, even for a Bcc), then To and Cc. null: none of
 * them is REPLY_ADDRESS with a tag.
 */
export function mailTarget(replyAddress: string, recipients: readonly string[]): MailTarget | null {
  for (const address of recipients) {
    const tag = tagOf(replyAddress, address.trim());
    if (tag === null) continue;
    if (TOKEN_SHAPE.test(tag)) return { kind: 'reply', token: tag };
    if (isEmailAlias(tag.toLowerCase())) return { kind: 'alias', alias: tag.toLowerCase() };
    return { kind: 'unknown', tag };
  }
  return null;
}
