import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from '../support/test-app';

export const REPLY_ADDRESS = 'orders@city.example';
export const REPLY_SECRET = 'inbound-test-secret-0123456789';
export const INBOUND_TOKEN = 'inbound-test-token-abcdef';

/** The settings mail in needs, for startTestApp. */
export const INBOUND_ENV = { REPLY_ADDRESS, REPLY_SECRET, INBOUND_MAIL_TOKEN: INBOUND_TOKEN };

/** A raw mail (RFC 5322) as a mail program would send it; a fresh Message-ID unless one is given. */
export async function rawMail(options: Mail.Options & { headers?: Record<string, string> }): Promise<Buffer> {
  return new MailComposer({ messageId: `<${randomUUID()}@mail.test.example>`, ...options }).compile().build();
}

/** POST /api/v1/inbound/mail as an MTA would. */
export function pipe(t: TestApp, raw: Buffer, token = INBOUND_TOKEN) {
  return request(t.http)
    .post('/api/v1/inbound/mail')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'message/rfc822')
    .send(raw);
}

/** The smallest PDF file-type recognises. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/** A reply as Gmail writes it: the answer, a signature, the quoted mail. */
export function quotedReply(answer: string): string {
  return `${answer}\n\n-- \nMaija Meikäläinen\nKoulu\n\nOn Mon, 7 Dec 2026 at 10:00, Support orders <no-reply@localhost> wrote:\n> A question about your order\n> Which languages?\n`;
}
