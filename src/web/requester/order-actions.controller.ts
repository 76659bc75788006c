import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { ChangeRequestsService } from '../../orders/change-requests.service';
import { ConsultationService } from '../../orders/consultation.service';
import { DeliveryService } from '../../orders/delivery.service';
import { OrderQueries } from '../../orders/order-queries.service';
import { CancelDto, ChangeRequestDto, DecisionNoteDto, DeleteDraftDto, MessageDto, ReasonDto } from '../../orders/orders.dto';
import { IntakeService } from '../../orders/intake.service';
import { FeedbackDto } from '../../retrospectives/retrospectives.dto';
import { RetrospectivesService } from '../../retrospectives/retrospectives.service';
import { formVersion, parseForm } from '../http/form-errors';
import { PageRequest } from '../http/page-request';
import { OrderFormFields, OrderPage } from '../orders/order-page';

/**
 * The requester's actions on the order page, each through the service its API route calls.
 * Success: back to the order page saying what happened. Invalid input: the page again with
 * the error summary. A stale version: the 409 page (from the error filter).
 */
@ApiExcludeController()
@RequireRole('requester')
@Controller('orders/:id')
export class RequesterOrderActionsController {
  constructor(
    private readonly queries: OrderQueries,
    private readonly consultation: ConsultationService,
    private readonly delivery: DeliveryService,
    private readonly changes: ChangeRequestsService,
    private readonly retrospectives: RetrospectivesService,
    private readonly orderPage: OrderPage,
    private readonly intake: IntakeService,
  ) {}

  /** Takes the answers the open advice suggests (`revise` with `followedAdvice`). */
  @Post('follow-advice')
  async followAdvice(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    await this.act(req, res, actor, id, 'followed', {}, async () => {
      const version = formVersion(body);
      const order = await this.queries.get(actor, id);
      const suggested = Object.assign(
        {},
        ...order.messages.filter((m) => m.kind === 'advice' && m.decision === null).map((m) => m.suggestedAnswers ?? {}),
      );
      await this.consultation.revise(actor, id, { version, answers: { ...order.answers, ...suggested }, followedAdvice: true });
    });
  }

  /** Back to the support unit after answering its questions (no advice to decide on). */
  @Post('revise')
  async revise(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    await this.act(req, res, actor, id, 'revised', {}, () => this.consultation.revise(actor, id, { version: formVersion(body) }));
  }

  @Post('keep')
  async keep(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = { reason: { id: 'keep-reason', label: 'actions.keepReason' } };
    await this.act(req, res, actor, id, 'kept', fields, async () =>
      this.consultation.keep(actor, id, await parseForm(ReasonDto, body, { numbers: ['version'] })),
    );
  }

  @Post('messages')
  async message(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = {
      body: { id: 'message-body', label: 'actions.message' },
      attachmentIds: { id: 'message-files', label: 'files.choose' },
    };
    await this.act(req, res, actor, id, 'message', fields, async () =>
      this.consultation.message(actor, id, await parseForm(MessageDto, withList(body, 'attachmentIds'), { numbers: ['version'] }), 'web'),
    );
  }

  @Post('accept-delivery')
  async acceptDelivery(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    await this.act(req, res, actor, id, 'accept_delivery', {}, () => this.delivery.acceptDelivery(actor, id, formVersion(body)));
  }

  @Post('reopen')
  async reopen(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = { reason: { id: 'reopen-reason', label: 'actions.reopenReason' } };
    await this.act(req, res, actor, id, 'reopen', fields, async () => {
      const dto = await parseForm(ReasonDto, body, { numbers: ['version'] });
      return this.delivery.reopen(actor, id, dto.version, dto.reason);
    });
  }

  @Post('cancel')
  async cancel(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = {
      reason: { id: 'cancel-reason', label: 'actions.cancelReason' },
      stoppedBy: { id: 'cancel-stoppedBy', label: 'stop.question', choice: true },
    };
    await this.act(req, res, actor, id, 'cancel', fields, async () => {
      const dto = await parseForm(CancelDto, withoutEmpty(body, 'stoppedBy'), { numbers: ['version'], optional: ['stoppedBy'] });
      return this.delivery.cancel(actor, id, dto.version, dto.reason, dto.stoppedBy);
    });
  }

  /** Deleting a draft, confirmed by the form's own button; "what stopped you?" is optional. */
  @Post('delete')
  async deleteDraft(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = {
      stoppedBy: { id: 'delete-stoppedBy', label: 'stop.question', choice: true },
      note: { id: 'delete-note', label: 'stop.note' },
    };
    await this.orderPage.act(
      req,
      res,
      actor,
      id,
      'deleted',
      fields,
      async () => {
        const dto = await parseForm(DeleteDraftDto, withoutEmpty(withoutEmpty(body, 'stoppedBy'), 'note'), {
          numbers: ['version'],
          optional: ['stoppedBy', 'note'],
        });
        await this.intake.deleteDraft(actor, id, dto.version, { stoppedBy: dto.stoppedBy, note: dto.note });
      },
      '/?done=deleted',
    );
  }

  @Post('feedback')
  async feedback(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = {
      satisfaction: { id: 'feedback-satisfaction', label: 'feedback.satisfaction', choice: true },
      purposeAchieved: { id: 'feedback-purposeAchieved', label: 'feedback.purposeAchieved', choice: true },
      comment: { id: 'feedback-comment', label: 'feedback.comment' },
    };
    await this.act(req, res, actor, id, 'feedback', fields, async () =>
      this.retrospectives.writeFeedback(
        actor,
        id,
        await parseForm(FeedbackDto, body, { numbers: ['version', 'satisfaction'], optional: ['comment'] }),
      ),
    );
  }

  @Post('change-requests')
  async proposeChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    const fields: OrderFormFields = {
      '': { id: 'change-purpose', label: 'change.newPurpose' },
      reason: { id: 'change-reason', label: 'change.reason' },
      purpose: { id: 'change-purpose', label: 'change.newPurpose' },
      attachmentIds: { id: 'change-files', label: 'files.choose' },
    };
    await this.act(req, res, actor, id, 'change_proposed', fields, async () =>
      this.changes.propose(
        actor,
        id,
        await parseForm(ChangeRequestDto, withList(body, 'attachmentIds'), { numbers: ['version'], optional: ['purpose'] }),
      ),
    );
  }

  @Post('change-requests/:crId/approve')
  async approve(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('crId') crId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    await this.act(req, res, actor, id, 'change_approved', {}, async () => {
      const dto = await parseForm(DecisionNoteDto, body, { numbers: ['version'], optional: ['note'] });
      return this.changes.decide(actor, id, crId, 'approved', dto.note, dto.version);
    });
  }

  @Post('change-requests/:crId/reject')
  async reject(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('crId') crId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    await this.act(req, res, actor, id, 'change_rejected', {}, async () => {
      const dto = await parseForm(DecisionNoteDto, body, { numbers: ['version'], optional: ['note'] });
      return this.changes.decide(actor, id, crId, 'rejected', dto.note, dto.version);
    });
  }

  private act(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    done: string,
    fields: OrderFormFields,
    run: () => Promise<unknown>,
  ) {
    return this.orderPage.act(req, res, actor, id, done, fields, run);
  }
}

/** An optional field left empty (the "rather not say" radio, an empty text box) is no answer. */
function withoutEmpty(body: Record<string, unknown>, name: string): Record<string, unknown> {
  if (body[name] !== '') return body;
  const { [name]: _empty, ...rest } = body;
  return rest;
}

/** Checkboxes send a field once per ticked box: as a list always, so that one ticked box is a list too. */
function withList(body: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = body[name];
  if (value === undefined) return body;
  return { ...body, [name]: Array.isArray(value) ? value : [value] };
}
