// Mail that no person wrote: answering it would start a loop between two machines or mail a
// list. Pure: no NestJS or TypeORM.

/** The headers that tell, lower-case names, each the first value as text ('' when absent). */
export interface MailHeaders {
  autoSubmitted: string;
  returnPath: string;
  contentType: string;
  listId: string;
  listUnsubscribe: string;
  precedence: string;
  xAutoreply: string;
  from: string;
}

/** Why the mail is automatic (a word for the log), or null when a person may have written it. */
export function automaticReason(h: MailHeaders): string | null {
  // RFC 3834: any value but "no" (auto-generated, auto-replied, auto-notified) is a machine's.
  const autoSubmitted = h.autoSubmitted.split(';')[0].trim().toLowerCase();
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return 'auto-submitted';
  if (h.xAutoreply.trim() !== '') return 'auto-reply';
  // A bounce has an empty return path (RFC 5321 null sender) and is a delivery report (RFC 3464).
  if (/^<\s*>$/.test(h.returnPath.trim())) return 'bounce';
  if (/^multipart\/report\b/i.test(h.contentType.trim())) return 'bounce';
  if (/^(?:mailer-daemon|postmaster)@/i.test(h.from.trim())) return 'bounce';
  if (h.listId.trim() !== '' || h.listUnsubscribe.trim() !== '') return 'list';
  if (/^(?:bulk|list|junk|auto_reply)$/i.test(h.precedence.trim())) return 'bulk';
  return null;
}
