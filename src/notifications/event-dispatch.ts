import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isLanguage, Language } from '../common/language';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Outbox } from '../events/outbox';
import { Contact, IdentityFacade } from '../identity/identity.facade';
import { audienceFor, AudiencePayload } from './domain/audience';
import { eventMail } from './domain/mail-text';
import { JobQueue, QUEUES } from './job-queue';
import { Mailer } from './mailer';
import { PreferencesService } from './preferences.service';

/** What a notification needs from an event (the common base of every payload, and a few extras). */
export interface EventForDispatch {
  id: string;
  type: string;
  payload: AudiencePayload & {
    /** Absent on the events of ideas and surveys, which carry `link` instead. */
    orderId?: string | null;
    reference?: string | null;
    title: string;
    /** The page of an idea or a survey (a path in the product). */
    link?: string;
    dueDate?: string | null;
    /** attachment.added: the files added; a message's events: the files it refers to. */
    attachments?: Array<{ id: string; name: string }>;
    /** A message's events (question, answer, advice, comment): its text, carried into the mail. */
    body?: string;
  };
}

/**
 * Turns one event into in-app notifications, mails and webhook deliveries, all in one
 * transaction: each (event, recipient, channel) is a unique row, and the jobs that send mail
 * and call webhooks are enqueued in that same transaction. A crash before the commit leaves
 * nothing (pg-boss runs the job again); a second run after it finds every row and adds none.
 */
@Injectable()
export class EventDispatch {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly identity: IdentityFacade,
    private readonly preferences: PreferencesService,
    private readonly jobs: JobQueue,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Dispatches an event stored in the outbox; unknown ids are ignored (nothing to tell). */
  async dispatchStored(eventId: string): Promise<void> {
    const event = await this.outbox.find(eventId);
    if (event) await this.dispatch({ id: event.id, type: event.type, payload: event.payload as unknown as EventForDispatch['payload'] });
  }

  async dispatch(event: EventForDispatch): Promise<void> {
    const recipients = await this.recipients(event);
    const webhooks: { id: string }[] = await this.db.query(
      `SELECT id FROM webhooks WHERE active AND $1 = ANY(events) AND (unit_id IS NULL OR unit_id = ANY($2::uuid[]))`,
      [event.type, [event.payload.requesterUnitId, event.payload.supportUnitId].filter(Boolean)],
    );
    await this.db.transaction(async (m) => {
      for (const contact of recipients) await this.notifyUser(m, event, contact);
      for (const hook of webhooks) {
        if (await claim(m, event.id, hook.id, 'webhook')) {
          await this.jobs.sendIn(
            m,
            QUEUES.deliverWebhook,
            { webhookId: hook.id, eventId: event.id },
            {
              retryLimit: this.config.notifications.webhookAttempts - 1,
              retryDelay: this.config.notifications.webhookRetryDelaySeconds,
              retryBackoff: true,
            },
          );
        }
      }
    });
  }

  private async recipients(event: EventForDispatch): Promise<Array<Contact & { id: string }>> {
    const ids = new Set<string>();
    for (const a of audienceFor(event.type, event.payload)) {
      if ('whileMember' in a) {
        if (await this.identity.isActiveMember(a.user, a.whileMember.unitId, a.whileMember.role)) ids.add(a.user);
      } else if ('user' in a) ids.add(a.user);
      else for (const id of await this.identity.membersOf(a.unitId, a.role)) ids.add(id);
    }
    if (event.payload.actorId) ids.delete(event.payload.actorId);
    return this.identity.contactsOf([...ids]);
  }

  private async notifyUser(m: EntityManager, event: EventForDispatch, contact: Contact & { id: string }): Promise<void> {
    const prefs = await this.preferences.get(contact.id, m);
    if (prefs.events[event.type] === false) return;
    const p = event.payload;
    await m.query(
      `INSERT INTO notifications (user_id, event_id, event, order_id, reference, title, link)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id, user_id) DO NOTHING`,
      [contact.id, event.id, event.type, p.orderId ?? null, p.reference ?? null, p.title, p.link ?? null],
    );
    // With the daily digest the day's notifications go in one mail instead.
    if (!prefs.email || prefs.digest !== 'off') return;
    if (!(await claim(m, event.id, contact.id, 'mail'))) return;
    const language: Language = isLanguage(contact.language) ? contact.language : 'en';
    const wording = event.type === 'order.question_asked' && p.side === 'requester' ? 'order.question_asked.requester' : event.type;
    const publicUrl = this.config.notifications.publicUrl;
    const orderLink = p.orderId ? `${publicUrl}/orders/${p.orderId}` : p.link ? `${publicUrl}${p.link}` : publicUrl;
    const content = eventMail(wording, language, {
      name: contact.name,
      reference: p.reference ?? '',
      title: p.title,
      link: orderLink,
      dueDate: p.dueDate ?? null,
      // Links to the files on the order's page (signed in, visible as the order): never the files themselves.
      files: (p.attachments ?? []).map((a) => ({ name: a.name, link: `${orderLink}/attachments/${a.id}` })),
      message: typeof p.body === 'string' ? { author: await this.authorName(p.actorId), body: p.body } : null,
      replies: p.orderId !== null && this.config.inboundMail.replyAddress !== null,
    });
    await this.queueMail(m, {
      eventId: event.id,
      userId: contact.id,
      to: contact.email,
      kind: event.type,
      orderId: p.orderId ?? null,
      ...content,
    });
  }

  /** Who wrote a message, by name, for the mail that carries it. */
  private async authorName(userId: string | null): Promise<string> {
    if (!userId) return '';
    const [contact] = await this.identity.contactsOf([userId]);
    return contact?.name ?? '';
  }

  /**
   * Stores a mail; with SMTP configured it waits in `outbound_mails` (the mail queue, see
   * `MailQueue`) and a job enqueued in the same transaction sends it at once when it can;
   * otherwise it is kept. `kind` (the event type) and `orderId` let a reminder that no longer
   * applies be dropped instead of sent late.
   */
  async queueMail(
    m: EntityManager,
    mail: {
      eventId: string | null;
      userId: string | null;
      to: string;
      subject: string;
      text: string;
      html: string;
      kind?: string | null;
      orderId?: string | null;
    },
  ): Promise<void> {
    const [{ id }] = await m.query(
      `INSERT INTO outbound_mails (event_id, user_id, recipient, subject, text_body, html_body, status, kind, order_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        mail.eventId,
        mail.userId,
        mail.to,
        mail.subject,
        mail.text,
        mail.html,
        this.mailer.configured ? 'pending' : 'kept',
        mail.kind ?? null,
        mail.orderId ?? null,
      ],
    );
    // No retries by pg-boss: a mail that could not go now stays pending, and the queue's catch-up takes it.
    if (this.mailer.configured) await this.jobs.sendIn(m, QUEUES.sendMail, { mailId: id }, { retryLimit: 0 });
  }
}

export { MAIL_ATTEMPTS } from './mail-queue';

/** The idempotency key of one delivery: true the first time only. */
export async function claim(
  m: EntityManager,
  eventId: string,
  recipient: string,
  channel: 'mail' | 'webhook' | 'digest',
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO notification_deliveries (event_id, recipient, channel) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [eventId, recipient, channel],
  );
  return rows.length > 0;
}
