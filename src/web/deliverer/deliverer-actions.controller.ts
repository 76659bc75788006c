import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { ChangeRequestsService } from '../../orders/change-requests.service';
import { DeliveryService } from '../../orders/delivery.service';
import { LogEffortDto } from '../../orders/effort.dto';
import { EffortService } from '../../orders/effort.service';
import { AcceptDto, AssignDto, ChecklistDto } from '../../orders/orders.dto';
import { formVersion, parseForm } from '../http/form-errors';
import { PageRequest, field } from '../http/page-request';
import { OrderFormFields, OrderPage } from '../orders/order-page';
import { PageRenderer } from '../render/page-renderer';

/** The accept and assign forms' one field: an assignee who is not a deliverer of the unit is shown beside it. */
const ACCEPT_FIELDS: OrderFormFields = { assigneeId: { id: 'accept-assigneeId', label: 'deliverer.accept.assignee', choice: true } };
const EFFORT_FIELDS: OrderFormFields = {
  minutes: { id: 'effort-minutes', label: 'loop.effort.minutes' },
  note: { id: 'effort-note', label: 'loop.effort.note' },
};
const ASSIGN_FIELDS: OrderFormFields = { assigneeId: { id: 'assign-assigneeId', label: 'deliverer.assign.label', choice: true } };

/**
 * The deliverer's one-button actions on the order page: accept (choosing the assignee),
 * assign, start, resume and ticking checklist items. Each posts the version the page showed
 * and comes back to the order page (OrderPage.act: a refused assignee is shown on it); a stale
 * version gets the 409 page.
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders')
export class DelivererActionsController {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly changes: ChangeRequestsService,
    private readonly effort: EffortService,
    private readonly orderPage: OrderPage,
    private readonly pages: PageRenderer,
  ) {}

  @Post(':id/accept')
  accept(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'accepted', ACCEPT_FIELDS, async () => {
      const version = formVersion(body);
      const dto = await parseForm(AcceptDto, { assigneeId: field(body, 'assigneeId') }, { optional: ['assigneeId'] });
      await this.delivery.accept(actor, id, version, dto.assigneeId);
    });
  }

  @Post(':id/assign')
  assign(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'assigned', ASSIGN_FIELDS, async () => {
      const version = formVersion(body);
      const dto = await parseForm(AssignDto, { assigneeId: field(body, 'assigneeId') || null });
      await this.delivery.assign(actor, id, version, dto.assigneeId);
    });
  }

  /** Time spent on the order, in minutes; no version, as logging time changes nothing of the order. */
  @Post(':id/effort')
  logEffort(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'effort', EFFORT_FIELDS, async () => {
      const dto = await parseForm(
        LogEffortDto,
        { minutes: field(body, 'minutes'), note: field(body, 'note') },
        { numbers: ['minutes'], optional: ['note'] },
      );
      await this.effort.log(actor, id, dto);
    });
  }

  @Post(':id/start')
  start(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'started', {}, () => this.delivery.start(actor, id, formVersion(body)));
  }

  @Post(':id/resume')
  resume(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'resumed', {}, () => this.delivery.resume(actor, id, formVersion(body)));
  }

  /**
   * The delivering side's decision on a change the requester proposed (the requester's pages
   * decide the support unit's proposals at change-requests/:crId/…, a route for requesters).
   */
  @Post(':id/changes/:crId/approve')
  approveChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('crId') crId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'change_approved', {}, () =>
      this.changes.decide(actor, id, crId, 'approved', undefined, formVersion(body)),
    );
  }

  @Post(':id/changes/:crId/reject')
  rejectChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('crId') crId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, 'change_rejected', {}, () =>
      this.changes.decide(actor, id, crId, 'rejected', undefined, formVersion(body)),
    );
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
