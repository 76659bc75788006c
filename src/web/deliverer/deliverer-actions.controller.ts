import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { DeliveryService } from '../../orders/delivery.service';
import { AcceptDto, AssignDto, ChecklistDto } from '../../orders/orders.dto';
import { formVersion, parseForm } from '../http/form-errors';
import { field } from '../http/page-request';
import { PageRenderer } from '../render/page-renderer';

/**
 * The deliverer's one-button actions on the order page: accept (choosing the assignee),
 * assign, start, resume and ticking checklist items. Each posts the version the page showed
 * and comes back to the order page; a stale version gets the 409 page.
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders')
export class DelivererActionsController {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly pages: PageRenderer,
  ) {}

  @Post(':id/accept')
  async accept(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const version = formVersion(body);
    const dto = await parseForm(AcceptDto, { assigneeId: field(body, 'assigneeId') }, { optional: ['assigneeId'] });
    await this.delivery.accept(actor, id, version, dto.assigneeId);
    this.pages.redirect(res, `/orders/${id}?done=accepted`);
  }

  @Post(':id/assign')
  async assign(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const version = formVersion(body);
    const dto = await parseForm(AssignDto, { assigneeId: field(body, 'assigneeId') || null });
    await this.delivery.assign(actor, id, version, dto.assigneeId);
    this.pages.redirect(res, `/orders/${id}?done=assigned`);
  }

  @Post(':id/start')
  async start(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await this.delivery.start(actor, id, formVersion(body));
    this.pages.redirect(res, `/orders/${id}?done=started`);
  }

  @Post(':id/resume')
  async resume(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await this.delivery.resume(actor, id, formVersion(body));
    this.pages.redirect(res, `/orders/${id}?done=resumed`);
  }

  /** Back to the order page, or to the delivery form when ticked from there. */
  @Post(':id/checklist/:itemId')
  async check(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('itemId') itemId: string,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const version = formVersion(body);
    const done = field(body, 'done');
    const dto = await parseForm(ChecklistDto, { done: done === 'true' ? true : done === 'false' ? false : done });
    await this.delivery.checkItem(actor, id, itemId, dto.done, version);
    const fromDelivery = field(body, 'next') === `/orders/${id}/deliver`;
    this.pages.redirect(res, fromDelivery ? `/orders/${id}/deliver#checklist` : `/orders/${id}?done=checked#checklist`);
  }
}
