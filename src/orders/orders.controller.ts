import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { PageOf, PageQueryDto } from '../common/page';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { BulkActions } from './bulk-actions.service';
import { ChangeRequestsService } from './change-requests.service';
import { ConsultationService } from './consultation.service';
import { DeliveryService } from './delivery.service';
import { IntakeService } from './intake.service';
import { OrderQueries } from './order-queries.service';
import { IfMatch, versionOf } from './order-version';
import {
  AcceptDto,
  AssignDto,
  BulkDto,
  CancelDto,
  ChangeRequestDto,
  ChecklistDto,
  CreateOrderDto,
  DecisionNoteDto,
  DeleteDraftDto,
  DeliverDto,
  HoldDto,
  MessageDto,
  NoteDto,
  OrderQueryDto,
  ReasonDto,
  ReviseDto,
  TransferDto,
  UpdateDraftDto,
  VersionDto,
} from './orders.dto';
import {
  BulkResponse,
  ChangeRequestResponse,
  ChecklistItemResponse,
  ConsultationMessageResponse,
  OrderSummaryResponse,
  OrderViewResponse,
  PostedMessageResponse,
  TimelineResponse,
} from './orders.responses';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class OrdersController {
  constructor(
    private readonly intake: IntakeService,
    private readonly queries: OrderQueries,
    private readonly consultation: ConsultationService,
    private readonly delivery: DeliveryService,
    private readonly changes: ChangeRequestsService,
    private readonly bulkActions: BulkActions,
  ) {}

  @RequireRole('requester')
  @Post()
  @ApiCreatedResponse({ type: OrderViewResponse, description: 'The new order, in draft.' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrderDto) {
    return this.intake.create(actor, dto, 'api');
  }

  @RequireRole('signedIn')
  @Get()
  @ApiOkResponse({ type: PageOf(OrderSummaryResponse), description: 'Visible orders, newest first.' })
  list(@CurrentActor() actor: Actor, @Query() query: OrderQueryDto) {
    return this.queries.list(actor, query);
  }

  @RequireRole('deliverer')
  @Post('bulk')
  @HttpCode(200)
  @ApiOkResponse({
    type: BulkResponse,
    description: 'Each order decided on its own, in its own transaction: one stale or refused order does not stop the others.',
  })
  bulk(@CurrentActor() actor: Actor, @Body() dto: BulkDto) {
    return this.bulkActions.run(actor, dto);
  }

  @RequireRole('signedIn')
  @Get(':id')
  @ApiOkResponse({ type: OrderViewResponse })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.queries.get(actor, id);
  }

  @RequireRole('signedIn')
  @Get(':id/messages')
  @ApiOkResponse({ type: PageOf(ConsultationMessageResponse), description: 'Newest first.' })
  messages(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: PageQueryDto) {
    return this.queries.messages(actor, id, query);
  }

  @RequireRole('signedIn')
  @Get(':id/change-requests')
  @ApiOkResponse({ type: PageOf(ChangeRequestResponse), description: 'Newest first.' })
  changeRequests(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: PageQueryDto) {
    return this.queries.changeRequests(actor, id, query);
  }

  @RequireRole('signedIn')
  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelineResponse })
  timeline(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.queries.timeline(actor, id);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Patch(':id')
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateDraftDto, @Headers('if-match') ifMatch?: string) {
    return this.intake.updateDraft(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  submit(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: VersionDto, @Headers('if-match') ifMatch?: string) {
    return this.intake.submit(actor, id, versionOf(dto, ifMatch));
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/messages')
  @ApiCreatedResponse({ type: PostedMessageResponse })
  message(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: MessageDto, @Headers('if-match') ifMatch?: string) {
    return this.consultation.message(actor, id, { ...dto, version: versionOf(dto, ifMatch) }, 'api');
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/revise')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  revise(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ReviseDto, @Headers('if-match') ifMatch?: string) {
    return this.consultation.revise(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/keep')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  keep(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ReasonDto, @Headers('if-match') ifMatch?: string) {
    return this.consultation.keep(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  transfer(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: TransferDto, @Headers('if-match') ifMatch?: string) {
    return this.consultation.transfer(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  accept(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AcceptDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.accept(actor, id, versionOf(dto, ifMatch), dto.assigneeId);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/assign')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  assign(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AssignDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.assign(actor, id, versionOf(dto, ifMatch), dto.assigneeId);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/start')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  start(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: NoteDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.start(actor, id, versionOf(dto, ifMatch), dto.note);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/hold')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  hold(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: HoldDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.hold(actor, id, versionOf(dto, ifMatch), dto.note);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  resume(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: NoteDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.resume(actor, id, versionOf(dto, ifMatch), dto.note);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Patch(':id/checklist/:itemId')
  @ApiOkResponse({ type: ChecklistItemResponse, description: 'The item as ticked.' })
  checkItem(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('itemId') itemId: string,
    @Body() dto: ChecklistDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.delivery.checkItem(actor, id, itemId, dto.done, versionOf(dto, ifMatch));
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/deliver')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  deliver(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: DeliverDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.deliver(actor, id, versionOf(dto, ifMatch), dto.deliveryNote, dto.professionalNote, dto.attachmentIds);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/accept-delivery')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  acceptDelivery(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() dto: VersionDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.delivery.acceptDelivery(actor, id, versionOf(dto, ifMatch));
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  reopen(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ReasonDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.reopen(actor, id, versionOf(dto, ifMatch), dto.reason);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  cancel(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CancelDto, @Headers('if-match') ifMatch?: string) {
    return this.delivery.cancel(actor, id, versionOf(dto, ifMatch), dto.reason, dto.stoppedBy);
  }

  @RequireRole('signedIn')
  @IfMatch
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The draft and its attachments are gone; the figures still count it as an abandoned draft.' })
  async deleteDraft(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Query() query: DeleteDraftDto,
    @Body() body: DeleteDraftDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    // The body wins where it says something; class-transformer leaves absent fields undefined.
    const dto: DeleteDraftDto = { ...query, ...Object.fromEntries(Object.entries(body ?? {}).filter(([, v]) => v !== undefined)) };
    await this.intake.deleteDraft(actor, id, versionOf(dto, ifMatch), { stoppedBy: dto.stoppedBy, note: dto.note });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/change-requests')
  @ApiCreatedResponse({ type: ChangeRequestResponse })
  proposeChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() dto: ChangeRequestDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.changes.propose(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/change-requests/:crId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  approveChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('crId') crId: string,
    @Body() dto: DecisionNoteDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.changes.decide(actor, id, crId, 'approved', dto.note, versionOf(dto, ifMatch));
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post(':id/change-requests/:crId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderViewResponse, description: 'The whole updated order.' })
  rejectChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('crId') crId: string,
    @Body() dto: DecisionNoteDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.changes.decide(actor, id, crId, 'rejected', dto.note, versionOf(dto, ifMatch));
  }
}
