// What a person wrote in a mail reply, without what their mail program added below it: the
// quoted mail, its "On … wrote:" header, Outlook's "From: … Sent:" block and the signature.
// Pure: no NestJS or TypeORM.

/** The most a message body holds (as the API's MessageDto allows). */
export const MAX_REPLY_CHARS = 10_000;

/** "On Mon, 1 Dec 2026 at 10:00, Maija <m@x> wrote:" in en, fi and sv, as mail programs write it. */
const QUOTE_HEADER = [
  /^(?:on|am|le)\b.*\b(?:wrote|schrieb|a écrit)\s*:\s*$/i,
  /\bwrote\s*:\s*$/i,
  /\bkirjoitti\s*:\s*$/i,
  // Swedish puts the verb first: "Den 1 dec. 2026 kl. 10:00 skrev Anna <a@x>:", or last: "Anna skrev:".
  /^den\b.*\bskrev\b.*:\s*$/i,
  /\bskrev\s*:\s*$/i,
];

/** Where a forwarded or quoted original starts in Outlook and friends. */
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:original message|alkuperäinen viesti|ursprungligt meddelande|forwarded message|välitetty viesti|vidarebefordrat meddelande)\s*-{2,}\s*$/i;
/** Outlook's block: "From: …" then "Sent: …" (or "Date: …") within a few lines, per language. */
const OUTLOOK_FROM = /^\*?(?:from|lähettäjä|från)\s*:\*?\s/i;
const OUTLOOK_SENT = /^\*?(?:sent|date|lähetetty|päivämäärä|skickat|datum)\s*:\*?\s/i;
/** Outlook's rule above the block. */
const UNDERSCORES = /^_{10,}\s*$/;
/** RFC 3676's signature delimiter "-- " (many programs drop the space). */
const SIGNATURE = /^--\s?$/;

function startsQuote(lines: string[], i: number): boolean {
  const line = lines[i].trim();
  if (line === '') return false;
  if (SIGNATURE.test(lines[i])) return true;
  if (ORIGINAL_MESSAGE.test(line) || UNDERSCORES.test(line)) return true;
  if (QUOTE_HEADER.some((r) => r.test(line))) return true;
  // Gmail and others wrap a long header over two lines.
  const next = lines[i + 1]?.trim() ?? '';
  if (/^(?:on|den|am|le)\b/i.test(line) && next !== '' && QUOTE_HEADER.some((r) => r.test(`${line} ${next}`))) return true;
  if (OUTLOOK_FROM.test(line)) {
    for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) if (OUTLOOK_SENT.test(lines[j].trim())) return true;
  }
  return false;
}

/**
 * The reply alone: everything from the first quote header, original-message block or signature
 * delimiter on is dropped, quoted lines ("> …") are dropped wherever they are (an answer written
 * between quotes stays), and blank lines at either end go. At most MAX_REPLY_CHARS.
 */
export function replyText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (startsQuote(lines, i)) break;
    if (/^\s*>/.test(lines[i])) continue;
    kept.push(lines[i].replace(/\s+$/, ''));
  }
  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > MAX_REPLY_CHARS ? text.slice(0, MAX_REPLY_CHARS).trim() : text;
}
