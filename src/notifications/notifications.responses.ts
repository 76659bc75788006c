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

  @ApiProperty({ enum: ['pending', 'sent', 'kept', 'failed'], description: 'kept: no SMTP configured, kept here to read.' })
  status!: 'pending' | 'sent' | 'kept' | 'failed';

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: Date, format: 'date-time', nullable: true })
  sentAt!: Date | null;
}

export const OutboundMailPage = PageOf(OutboundMailResponse);
