import { ApiProperty } from '@nestjs/swagger';
import { Exactly } from '../common/exactly';
import { Page, PageOf } from '../common/page';
import { ORDER_EVENT_TYPES } from './event-types';
import type { InboxService, NotificationView } from './inbox.service';
import { eventSwitchesSchema } from './notifications.dto';
import type { NotificationPreferences } from './preferences.service';
import type { CreatedWebhookView, WebhookDeliveryView, WebhookView } from './webhooks.service';

export class NotificationResponse implements Exactly<NotificationView, NotificationResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ORDER_EVENT_TYPES, description: 'The event type it tells of.' })
  event!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  orderId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The order’s reference, e.g. COM-2026-0042.' })
  reference!: string | null;

  @ApiProperty()
  title!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The page of an idea or a survey, a path such as `/ideas/…`; null for an order’s.',
  })
  link!: string | null;

  @ApiProperty({ type: Date, format: 'date-time', nullable: true, description: 'null while unread.' })
  readAt!: Date | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;
}

/** The inbox: a page of the caller's notifications, newest first, and how many are unread in all. */
export class NotificationPageResponse
  extends (PageOf(NotificationResponse) as new () => Page<NotificationResponse>)
  implements Exactly<Awaited<ReturnType<InboxService['list']>>, NotificationPageResponse>
{
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Unread notifications in all, not only on this page.' })
  unread!: number;
}

export class MarkedReadResponse implements Exactly<Awaited<ReturnType<InboxService['markAllRead']>>, MarkedReadResponse> {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many were unread and are now read.' })
  marked!: number;
}

export class NotificationPreferencesResponse implements Exactly<NotificationPreferences, NotificationPreferencesResponse> {
  @ApiProperty({ description: 'Send mail (one per notification, or the daily digest).' })
  email!: boolean;

  @ApiProperty({ enum: ['off', 'daily'] })
  digest!: 'off' | 'daily';

  @ApiProperty({ ...eventSwitchesSchema(true), description: 'Every event type, true when on.' })
  events!: Record<string, boolean>;
}

export class WebhookResponse implements Exactly<WebhookView, WebhookResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: ORDER_EVENT_TYPES, isArray: true })
  events!: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Only events of orders to or from this unit; null: all.' })
  unitId!: string | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed deliveries in a row; enough of them turn the webhook off.' })
  consecutiveFailures!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: Date;
}

export const WebhookPage = PageOf(WebhookResponse);

export class CreatedWebhookResponse extends WebhookResponse implements Exactly<CreatedWebhookView, CreatedWebhookResponse> {
  @ApiProperty({ description: 'Signs every request (`X-Signature`); shown this once only.', example: 'whsec_…' })
  secret!: string;
}

export class WebhookDeliveryResponse implements Exactly<WebhookDeliveryView, WebhookDeliveryResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The same on every attempt to deliver one event (`X-Event-Id`).' })
  eventId!: string;

  @ApiProperty({ enum: ORDER_EVENT_TYPES })
  event!: string;

  @ApiProperty({ enum: ['delivered', 'failed'] })
  status!: 'delivered' | 'failed';

  @ApiProperty({ type: 'integer', nullable: true, description: 'The receiver’s HTTP status; null when none came.' })
  responseCode!: number | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  attempt!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  at!: Date;
}

export const WebhookDeliveryPage = PageOf(WebhookDeliveryResponse);

export class OutboundMailResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The event it tells of; null for mails of no event.' })
  eventId!: string | null;

  @ApiProperty()
  recipient!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ description: 'The plain-text body.' })
  text!: string;

  @ApiProperty({ description: 'The HTML body.' })
  html!: string;

  @ApiProperty({
    enum: ['pending', 'sent', 'kept', 'failed', 'dropped'],
    description:
      'pending: waiting to be sent (see `waiting`); kept: no SMTP configured, kept here to read; failed: the server refused it MAIL_ATTEMPTS times; dropped: not sent, see `droppedReason`.',
  })
  status!: 'pending' | 'sent' | 'kept' | 'failed' | 'dropped';

  @ApiProperty({ type: String, nullable: true, description: 'The last error, or why it was dropped.' })
  error!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'What it is about: the event type, `digest`; null for other mails.' })
  kind!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['transport_unreachable', 'retry_scheduled', 'queued'],
    description:
      'Why a pending mail waits: the mail server is unreachable (the breaker is open, see the page’s `transport`), the server refused it and it is tried again at `nextAttemptAt`, or it is next in line. null unless pending.',
  })
  waiting!: 'transport_unreachable' | 'retry_scheduled' | 'queued' | null;

  @ApiProperty({
    type: Date,
    format: 'date-time',
    nullable: true,
    description: 'When a pending mail may be tried next; null unless pending.',
  })
  nextAttemptAt!: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['too_old', 'outdated'],
    description:
      'Why a dropped mail was not sent: it waited longer than MAIL_MAX_AGE_MINUTES, or its order moved on (a reminder no longer due). null unless dropped.',
  })
  droppedReason!: 'too_old' | 'outdated' | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: Date, format: 'date-time', nullable: true })
  sentAt!: Date | null;
}

export class MailTransportResponse {
  @ApiProperty({
    enum: ['closed', 'open', 'not_configured'],
    description:
      'closed: mail goes out; open: the mail server was unreachable, sending is paused and one probe tries at `nextProbeAt`; not_configured: no SMTP_URL, mails are kept.',
  })
  state!: 'closed' | 'open' | 'not_configured';

  @ApiProperty({ type: Date, format: 'date-time', nullable: true, description: 'When the breaker opened; null while closed.' })
  openedAt!: Date | null;

  @ApiProperty({ type: Date, format: 'date-time', nullable: true, description: 'When the next probe tries; null while closed.' })
  nextProbeAt!: Date | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed connections in a row.' })
  consecutiveFailures!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last connection error.' })
  lastError!: string | null;
}

/** The admin mail list: a page of mails, newest first, with how many wait and the state of the mail transport. */
export class OutboundMailListResponsePage extends (PageOf(OutboundMailResponse) as new () => Page<OutboundMailResponse>) {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Mails waiting to be sent in all, not only on this page.' })
  waitingCount!: number;

  @ApiProperty({ type: MailTransportResponse })
  transport!: MailTransportResponse;
}
