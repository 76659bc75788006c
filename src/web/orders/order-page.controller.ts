import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { PageRequest, pageLanguage } from '../http/page-request';
import { hasMessage, translator } from '../i18n/i18n';
import { InboxService } from '../../notifications/inbox.service';
import { OrderPage } from './order-page';
import { pageQuery } from '../http/page-query';

@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders')
export class OrderPageController {
  constructor(
    private readonly orderPage: OrderPage,
    private readonly inbox: InboxService,
  ) {}

  /** `?done=<action>` after a form: says what just happened. */
  @Get(':id')
  async show(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { done } = pageQuery(req, ['done']);
    const t = translator(pageLanguage(req));
    const notice = done && hasMessage(`done.${done}`) ? t(`done.${done}` as never) : null;
    // Opening the order reads its notifications (the caller's own, whatever the page answers);
    // the header, counted before this handler ran, counts them read.
    const { marked } = await this.inbox.markOrderRead(actor.userId, id);
    if (req.unreadNotifications !== undefined) req.unreadNotifications = Math.max(0, req.unreadNotifications - marked);
    await this.orderPage.render(req, res, actor, id, { notice });
  }
}
