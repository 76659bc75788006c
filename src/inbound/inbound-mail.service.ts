import { Inject, Injectable, Logger } from '@nestjs/common';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CatalogService } from '../catalog/catalog.service';
import { cleanDisplayName } from '../common/display-name';
import { DomainError } from '../common/domain-error';
import { isLanguage, Language } from '../common/language';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AttachmentsService } from '../files/attachments.service';
import { unitsWithRole, type Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';
import { readReplyToken, tagOf } from '../notifications/domain/reply-token';
import { EventDispatch } from '../notifications/event-dispatch';
import { ConsultationService } from '../orders/consultation.service';
import { IntakeService } from '../orders/intake.service';
import { decide } from '../orders/domain/order-lifecycle';
import { OrdersFacade, type OrderStanding } from '../orders/orders.facade';
import { automaticReason } from './domain/automatic-mail';
import { draftStartedMail, Refusal, refusalMail } from './domain/inbound-mail-text';
import { mailTarget } from './domain/mail-target';
import { replyText } from './domain/reply-text';

export type MailSource = 'http' | 'imap';

/** What became of one mail. */
export type MailOutcome =
  | { outcome: 'message'; orderId: string; messageId: string }
  | { outcome: 'draft'; orderId: string }
  | { outcome: 'refused'; reason: Refusal | 'unreadable' }
  | { outcome: 'automatic'; reason: string }
  /** Taken before (the same Message-ID): nothing done again. */
  | { outcome: 'duplicate' };

interface MailFile {
  name: string;
  content: Buffer;
}

/** A well-formed address without anything a header could be bent with. */
const PLAIN_ADDRESS = /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+\.[^\s@<>",;:()[\]\\]+$/;

/**
 * Mail in, from the HTTP route or the IMAP poller: each mail is taken once by its Message-ID
 * (a row in `inbound_mails` claimed in a transaction held while it is handled, so a second
 * worker with the same mail waits and then finds it taken; a crash rolls the claim back and
 * the mail is taken again). A reply from the recipient of a reply token becomes a message on
 * the order; mail to a service's alias from a requester starts a draft. Anything else creates
 * nothing, is recorded (the row's `reason`, an audit event) and is answered at most once a day
 * per address, unless a machine sent it.
 */
@Injectable()
export class InboundMailService {
  private readonly logger = new Logger('InboundMail');

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: IdentityFacade,
    private readonly orders: OrdersFacade,
    private readonly consultation: ConsultationService,
    private readonly intake: IntakeService,
    private readonly catalog: CatalogService,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
    private readonly dispatch: EventDispatch,
  ) {}

  get configured(): boolean {
    return this.config.inboundMail.replyAddress !== null && this.config.inboundMail.replySecret !== null;
  }

  async receive(raw: Buffer, source: MailSource): Promise<MailOutcome> {
    let mail: ParsedMail | null = null;
    try {
      mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 2_000_000 });
    } catch (error) {
      this.logger.warn(`an unreadable mail (${error instanceof Error ? error.message : String(error)}) was dropped`);
    }
    const messageId = (mail?.messageId ?? '').trim().slice(0, 998) || `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const sender = mail ? senderOf(mail) : '';
    const subject = oneLine(mail?.subject ?? '').slice(0, 300);
    return this.db.transaction(async (claim) => {
      const [row] = (await claim.query(
        `INSERT INTO inbound_mails (message_id, source, sender, subject) VALUES ($1, $2, $3, $4)
         ON CONFLICT (message_id) DO NOTHING RETURNING id`,
        [messageId, source, sender.slice(0, 320), subject],
      )) as Array<{ id: string }>;
      if (!row) return { outcome: 'duplicate' } as const;
      const result: MailOutcome = mail
        ? await this.handle(claim, row.id, mail, sender, subject)
        : { outcome: 'refused', reason: 'unreadable' };
      await claim.query(`UPDATE inbound_mails SET outcome = $2, reason = $3, order_id = $4 WHERE id = $1`, [
        row.id,
        result.outcome,
        'reason' in result ? result.reason : null,
        'orderId' in result ? result.orderId : null,
      ]);
      return result;
    });
  }

  private async handle(claim: EntityManager, inboundId: string, mail: ParsedMail, sender: string, subject: string): Promise<MailOutcome> {
    const replyAddress = this.config.inboundMail.replyAddress!;
    const automatic = automaticReason({
      autoSubmitted: header(mail, 'auto-submitted'),
      returnPath: header(mail, 'return-path'),
      contentType: header(mail, 'content-type'),
      listId: header(mail, 'list-id'),
      listUnsubscribe: header(mail, 'list-unsubscribe'),
      precedence: header(mail, 'precedence'),
      xAutoreply: header(mail, 'x-autoreply'),
      from: sender,
    });
    // Mail from our own addresses would be a loop.
    const ours =
      sender === replyAddress || tagOf(replyAddress, sender) !== null || sender === addressIn(this.config.notifications.mailFrom);
    if (automatic || ours || !PLAIN_ADDRESS.test(sender)) {
      const reason = automatic ?? (ours ? 'own-address' : 'no-sender');
      this.logger.log(`mail ${inboundId} from ${sender || '(none)'} is automatic (${reason}): not answered`);
      return { outcome: 'automatic', reason };
    }
    const recipients = [
      ...headerValues(mail, 'delivered-to'),
      ...headerValues(mail, 'x-original-to'),
      ...addresses(mail.to),
      ...addresses(mail.cc),
    ];
    const target = mailTarget(replyAddress, recipients);
    const ctx: Refusing = { claim, inboundId, sender, subject, userId: null };
    if (!target || target.kind === 'unknown') return this.refuse(ctx, 'unknown_target');
    const userId = await this.identity.activeUserIdByEmail(sender);
    ctx.userId = userId;
    if (target.kind === 'reply') {
      const token = readReplyToken(this.config.inboundMail.replySecret!.reveal(), target.token);
      if (!token) return this.refuse(ctx, 'bad_token');
      if (!userId) return this.refuse(ctx, 'unknown_sender');
      if (userId !== token.userId) return this.refuse(ctx, 'not_recipient');
      return this.reply(ctx, userId, token.orderId, mail);
    }
    if (!userId) return this.refuse(ctx, 'unknown_sender');
    return this.orderByMail(ctx, userId, target.alias, mail);
  }

  /** A reply from the token's recipient: a message on the order, with the mail's files. */
  private async reply(ctx: Refusing, userId: string, orderId: string, mail: ParsedMail): Promise<MailOutcome> {
    const actor = await this.identity.actorOf(userId);
    if (!actor) return this.refuse(ctx, 'unknown_sender');
    const order = await this.orders.visibleStanding(actor, orderId);
    if (!order || order.status === 'closed' || order.status === 'cancelled') return this.refuse(ctx, 'order_closed');
    const files = filesOf(mail);
    const text = replyText(mail.text ?? '');
    if (!text && !files.length) return this.refuse(ctx, 'empty');
    // The requester answering an open question; anything else is a comment on the order.
    const answering = order.status === 'in_consultation' && order.sides.includes('requester');
    // Asked before any file is stored, so a refused reply leaves no files behind on the order.
    if (!mayWriteNow(order)) return this.refuse(ctx, 'not_allowed_now', { status: order.status });
    try {
      const attachmentIds = await this.attach(ctx, actor, orderId, files);
      const body = text || files.map((f) => f.name).join(', ');
      const message = answering
        ? await this.answerFromMail(actor, orderId, body, attachmentIds).catch((error: unknown) => {
            // No question is open (the consultation is about advice): the reply is a comment.
            if (error instanceof DomainError && error.code === 'action_not_allowed') {
              return this.commentFromMail(actor, orderId, body, attachmentIds);
            }
            throw error;
          })
        : await this.commentFromMail(actor, orderId, body, attachmentIds);
      this.logger.log(`mail ${ctx.inboundId} became message ${message.id} on order ${orderId}`);
      return { outcome: 'message', orderId, messageId: message.id };
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'action_not_allowed' ||
          error.code === 'forbidden' ||
          error.code === 'not_found' ||
          // Taken as refused, not retried: a retry would attach the same files again.
          error.code === 'rate_limited')
      ) {
        return this.refuse(ctx, 'not_allowed_now', { detail: error.message });
      }
      throw error;
    }
  }

  /** The requester's answer to what is open (channel `email`). */
  private answerFromMail(actor: Actor, orderId: string, body: string, attachmentIds: string[]): Promise<{ id: string }> {
    return this.consultation.message(actor, orderId, { kind: 'answer', body, attachmentIds }, 'email');
  }

  /** A comment on the order from either side (channel `email`): no status changes. */
  private commentFromMail(actor: Actor, orderId: string, body: string, attachmentIds: string[]): Promise<{ id: string }> {
    return this.consultation.message(actor, orderId, { kind: 'comment', body, attachmentIds }, 'email');
  }

  /** Mail to a service's alias from a requester: a draft of theirs, answered with the link to finish it. */
  private async orderByMail(ctx: Refusing, userId: string, alias: string, mail: ParsedMail): Promise<MailOutcome> {
    const service = await this.catalog.byEmailAlias(alias);
    if (!service) return this.refuse(ctx, 'unknown_alias');
    const actor = await this.identity.actorOf(userId);
    const unitId = actor ? await this.firstRequesterUnit(actor) : null;
    if (!actor || !unitId) return this.refuse(ctx, 'not_requester');
    const body = replyText(mail.text ?? '');
    const title = cleanDisplayName(ctx.subject || body.split('\n')[0] || service.name).slice(0, 200) || service.name;
    const purpose = (body || title).slice(0, 5000);
    let draft;
    try {
      draft = await this.intake.create(actor, { serviceId: service.id, requesterUnitId: unitId, title, purpose, answers: {} }, 'email');
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'no_published_questionnaire' || error.code === 'validation_failed')) {
        return this.refuse(ctx, 'unknown_alias', { detail: error.message });
      }
      throw error;
    }
    // The draft is committed: a file that cannot be kept now (scanner down, over a limit) is left
    // out and recorded, so that a retried mail never starts a second draft.
    await this.attach(ctx, actor, draft.id, filesOf(mail)).catch(async (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      await this.audit.record(ctx.claim, {
        actorId: actor.userId,
        action: 'inbound_mail.files_refused',
        entity: 'inbound_mail',
        entityId: ctx.inboundId,
        after: { orderId: draft.id, refused: [{ reason: error.code }] },
      });
      return [];
    });
    const contact = await this.identity.contactOf(userId);
    const language: Language = isLanguage(contact?.language) ? contact.language : 'en';
    const link = `${this.config.notifications.publicUrl}/orders/${draft.id}/edit`;
    await this.dispatch.queueMail(ctx.claim, {
      eventId: null,
      userId,
      to: actor.email,
      kind: 'inbound.draft_started',
      orderId: draft.id,
      ...draftStartedMail(language, actor.name, draft.reference, draft.title, link),
    });
    this.logger.log(`mail ${ctx.inboundId} started draft ${draft.reference} for service ${service.id}`);
    return { outcome: 'draft', orderId: draft.id };
  }

  /**
   * A requester in several units orders by mail for the first of them by unit name (then id):
   * the draft's page lets them see it, and a draft in the wrong unit is deleted in one step.
   */
  private async firstRequesterUnit(actor: Actor): Promise<string | null> {
    const units = await Promise.all(unitsWithRole(actor, 'requester').map((id) => this.identity.unit(id)));
    const sorted = units.filter((u) => u !== null).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return sorted[0]?.id ?? null;
  }

  /** The mail's files on the order; those the file checks refuse are left out and recorded. */
  private async attach(ctx: Refusing, actor: Actor, orderId: string, files: MailFile[]): Promise<string[]> {
    if (!files.length) return [];
    const { items, refused } = await this.attachments.attachReceived(actor, orderId, files);
    if (refused.length) {
      await this.audit.record(ctx.claim, {
        actorId: actor.userId,
        action: 'inbound_mail.files_refused',
        entity: 'inbound_mail',
        entityId: ctx.inboundId,
        after: { orderId, refused },
      });
    }
    return items.map((a) => a.id);
  }

  /** Records why nothing was made, and tells the sender (at most once a day per address). */
  private async refuse(ctx: Refusing, reason: Refusal, extra: Record<string, unknown> = {}): Promise<MailOutcome> {
    this.logger.warn(`mail ${ctx.inboundId} from ${ctx.sender} created nothing: ${reason}`);
    await this.audit.record(ctx.claim, {
      actorId: ctx.userId,
      action: 'inbound_mail.refused',
      entity: 'inbound_mail',
      entityId: ctx.inboundId,
      after: { reason, sender: ctx.sender, subject: ctx.subject, ...extra },
    });
    const [first] = (await ctx.claim.query(
      `INSERT INTO inbound_mail_answers (address, day, reason) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2)
       ON CONFLICT DO NOTHING RETURNING address`,
      [ctx.sender, reason],
    )) as unknown[];
    if (first) {
      const contact = ctx.userId ? await this.identity.contactOf(ctx.userId) : null;
      const language: Language = isLanguage(contact?.language) ? contact.language : 'en';
      await this.dispatch.queueMail(ctx.claim, {
        eventId: null,
        userId: ctx.userId,
        to: ctx.sender,
        kind: 'inbound.refused',
        ...refusalMail(reason, language, ctx.subject, this.config.notifications.publicUrl),
      });
    }
    return { outcome: 'refused', reason };
  }
}

/**
 * Whether the sender may write on the order in its status, by the lifecycle table: a comment
 * (either side, from submitted to accepted) or the requester's answer in a consultation; the
 * side a mail is taken for is the requester's when the sender is on both.
 */
function mayWriteNow(order: OrderStanding): boolean {
  const side = order.sides.includes('requester') ? 'requester' : order.sides.includes('deliverer') ? 'deliverer' : null;
  if (side === null) return false;
  return decide(order.status, 'comment', side).ok || (side === 'requester' && decide(order.status, 'answer', side).ok);
}

interface Refusing {
  claim: EntityManager;
  inboundId: string;
  sender: string;
  subject: string;
  userId: string | null;
}

/** The raw text of the first header of this (lower-case) name, '' when absent. */
function header(mail: ParsedMail, name: string): string {
  return headerValues(mail, name)[0] ?? '';
}

function headerValues(mail: ParsedMail, name: string): string[] {
  return mail.headerLines
    .filter((h) => h.key === name)
    .map((h) => oneLine(h.line.slice(h.line.indexOf(':') + 1)).trim())
    .map((v) => (name === 'delivered-to' || name === 'x-original-to' ? v.replace(/^<|>$/g, '') : v));
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const flat = (list: EmailAddress[]): string[] => list.flatMap((a) => (a.group ? flat(a.group) : a.address ? [a.address] : []));
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((o) => flat(o.value));
}

/** The one sender of the mail, lower-case; '' when there is none or several. */
function senderOf(mail: ParsedMail): string {
  const from = addresses(mail.from);
  return from.length === 1 ? from[0].trim().toLowerCase() : '';
}

function addressIn(text: string): string {
  const m = /<([^>]+)>/.exec(text);
  return (m ? m[1] : text).trim().toLowerCase();
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** The mail's files: parts sent as attachments, and inline parts that carry a file name. */
function filesOf(mail: ParsedMail): MailFile[] {
  return mail.attachments
    .filter((a) => a.contentDisposition === 'attachment' || (a.filename && !a.related))
    .map((a) => ({ name: a.filename || 'attachment', content: a.content }));
}
