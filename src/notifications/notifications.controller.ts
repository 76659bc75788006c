import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, PageQueryDto, pageOf } from '../common/page';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { InboxService } from './inbox.service';
import { DeliveryStatus } from './delivery-status';
import { MAIL_TARGET } from './domain/delivery-breaker';
import {
  CreateWebhookDto,
  NotificationListQueryDto,
  OutboundMailListQueryDto,
  NotificationPreferencesDto,
  UpdateWebhookDto,
} from './notifications.dto';
import {
  CreatedWebhookResponse,
  MarkedReadResponse,
  NotificationPageResponse,
  NotificationPreferencesResponse,
  NotificationResponse,
  OutboundMailListResponsePage,
  OutboundMailResponse,
  WebhookDeliveryPage,
  WebhookPage,
  WebhookResponse,
} from './notifications.responses';
import { PreferencesService } from './preferences.service';
import { WebhooksService } from './webhooks.service';

@ApiTags('notifications')
@ApiBearerAuth()
@RequireRole('signedIn')
@Controller('api/v1')
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly preferences: PreferencesService,
  ) {}

  @Get('notifications')
  @ApiOkResponse({ type: NotificationPageResponse })
  list(@CurrentActor() actor: Actor, @Query() q: NotificationListQueryDto) {
    return this.inbox.list(actor.userId, q);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedReadResponse })
  readAll(@CurrentActor() actor: Actor) {
    return this.inbox.markAllRead(actor.userId);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResponse, description: 'The notification, read (read again keeps the first time).' })
  read(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.inbox.markRead(actor.userId, id);
  }

  @Get('me/notification-preferences')
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  getPreferences(@CurrentActor() actor: Actor) {
    return this.preferences.get(actor.userId);
  }

  @Put('me/notification-preferences')
  @ApiOkResponse({ type: NotificationPreferencesResponse, description: 'The preferences as stored, read back whole.' })
  putPreferences(@CurrentActor() actor: Actor, @Body() dto: NotificationPreferencesDto) {
    return this.preferences.put(actor.userId, dto);
  }
}

@ApiTags('webhooks')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: WebhookPage, description: 'Every webhook, oldest first, on one page.' })
  list() {
    return this.webhooks.list();
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookResponse })
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its delivery log.' })
  remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPage, description: 'The delivery log, newest first.' })
  deliveries(@UuidParam('id') id: string, @Query() q: PageQueryDto) {
    return this.webhooks.deliveries(id, q);
  }
}

/**
 * Mails the product sent, is waiting to send (and why), dropped or, with no SMTP configured,
 * kept for admins to read; with the state of the mail transport's breaker.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/v1/admin/mails')
export class AdminMailsController {
  constructor(
    private readonly db: DataSource,
    private readonly delivery: DeliveryStatus,
  ) {}

  @Get()
  @ApiOkResponse({ type: OutboundMailListResponsePage, description: 'Newest first.' })
  async list(@Query() q: OutboundMailListQueryDto): Promise<OutboundMailListResponsePage> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    if (q.cursor) {
      params.push(...decodeTimeCursor(q.cursor));
      where.push('(created_at, id) < ($2::timestamptz, $3::uuid)');
    }
    if (q.status) {
      params.push(q.status);
      where.push(`status = $${params.length}`);
    }
    const status = await this.delivery.read();
    const mail = status.breakers.find((b) => b.channel === 'mail' && b.target === MAIL_TARGET);
    const transportOpen = mail?.state === 'open';
    params.push(transportOpen);
    const rows: (OutboundMailResponse & { position: string })[] = await this.db.query(
      `SELECT id, event_id AS "eventId", recipient, subject, text_body AS "text", html_body AS "html", status, error, attempts,
              kind, dropped_reason AS "droppedReason",
              CASE WHEN status = 'pending' THEN next_attempt_at END AS "nextAttemptAt",
              CASE WHEN status <> 'pending' THEN NULL
                   WHEN $${params.length} THEN 'transport_unreachable'
                   WHEN next_attempt_at > clock_timestamp() AND error IS NOT NULL THEN 'retry_scheduled'
                   ELSE 'queued' END AS waiting,
              created_at AS "createdAt", sent_at AS "sentAt", created_at::text AS position
         FROM outbound_mails WHERE ${where.join(' AND ') || 'true'} ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
    const page = pageOf(rows, limit, (last) => [last.position, last.id]);
    return {
      items: page.items.map(({ position: _, ...m }) => m),
      nextCursor: page.nextCursor,
      waitingCount: status.mailsWaiting.count,
      transport: mail
        ? {
            state: mail.state,
            openedAt: mail.openedAt,
            nextProbeAt: mail.nextProbeAt,
            consecutiveFailures: mail.consecutiveFailures,
            lastError: mail.lastError,
          }
        : { state: 'not_configured', openedAt: null, nextProbeAt: null, consecutiveFailures: 0, lastError: null },
    };
  }
}
