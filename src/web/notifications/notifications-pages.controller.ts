import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { ORDER_EVENT_TYPES } from '../../notifications/event-types';
import { InboxService } from '../../notifications/inbox.service';
import { NotificationPreferencesDto } from '../../notifications/notifications.dto';
import { PreferencesService } from '../../notifications/preferences.service';
import { parseForm } from '../http/form-errors';
import { PageRequest, pageLanguage } from '../http/page-request';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { pageQuery } from '../http/page-query';

const PAGE_SIZE = 20;

/** An event type in the reader's language ("order.started" → "Work started on an order"). */
export function eventName(t: Translate, event: string): string {
  return (ORDER_EVENT_TYPES as readonly string[]).includes(event) ? t(`notificationEvent.${event}` as MessageKey) : event;
}

/** The user's in-app notifications, newest first, as the API's `GET /api/v1/notifications` lists them. */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('notifications')
export class NotificationsPagesController {
  constructor(
    private readonly inbox: InboxService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { cursor, done } = pageQuery(req, ['cursor', 'done']);
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const page = await this.inbox.list(actor.userId, { limit: PAGE_SIZE, cursor });
    const items = page.items.map((n) => ({
      id: n.id,
      unread: n.readAt === null,
      event: eventName(t, n.event),
      reference: n.reference,
      title: n.title,
      orderHref: n.orderId ? `/orders/${n.orderId}` : n.link,
      at: fmt.time(n.createdAt),
    }));
    const notice = done === 'all' ? t('notifications.markedAll') : done === 'one' ? t('notifications.marked') : null;
    this.pages.render(req, res, 'notifications/list.njk', {
      pageTitle: t('notifications.title'),
      items,
      unread: page.unread,
      nextHref: page.nextCursor ? `/notifications?cursor=${encodeURIComponent(page.nextCursor)}` : null,
      firstHref: cursor ? '/notifications' : null,
      notice,
    });
  }

  @Post('read-all')
  async readAll(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await this.inbox.markAllRead(actor.userId);
    this.pages.redirect(res, '/notifications?done=all');
  }

  @Post(':id/read')
  async read(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.inbox.markRead(actor.userId, id);
    this.pages.redirect(res, '/notifications?done=one');
  }
}

/** Which notifications the user gets and how, as the API's `PUT /api/v1/me/notification-preferences` sets them. */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('account/notifications')
export class NotificationPreferencesPageController {
  constructor(
    private readonly preferences: PreferencesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async show(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { done } = pageQuery(req, ['done']);
    const t = translator(pageLanguage(req));
    const prefs = await this.preferences.get(actor.userId);
    this.pages.render(req, res, 'notifications/preferences.njk', {
      pageTitle: t('notificationPreferences.title'),
      email: prefs.email,
      daily: prefs.digest === 'daily',
      events: ORDER_EVENT_TYPES.map((type) => ({ value: type, text: eventName(t, type), checked: prefs.events[type] !== false })),
      notice: done === 'saved' ? t('notificationPreferences.saved') : null,
    });
  }

  /** Checkboxes: a type left unticked is turned off, every type is named so the page says exactly what was chosen. */
  @Post()
  async save(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const body = req.body ?? {};
    const chosen = new Set(([] as unknown[]).concat(body.events ?? []));
    const prefs = await parseForm(NotificationPreferencesDto, {
      email: body.email === 'on',
      digest: body.digest === 'daily' ? 'daily' : 'off',
      events: Object.fromEntries(ORDER_EVENT_TYPES.map((type) => [type, chosen.has(type)])),
    });
    await this.preferences.put(actor.userId, prefs);
    this.pages.redirect(res, '/account/notifications?done=saved');
  }
}
