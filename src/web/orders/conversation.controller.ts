import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { invalid } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { ConsultationService } from '../../orders/consultation.service';
import type { MessageKind } from '../../orders/domain/message-kinds';
import { MessageDto } from '../../orders/orders.dto';
import { parseForm } from '../http/form-errors';
import { field, PageRequest } from '../http/page-request';
import { OrderFormFields, OrderPage } from './order-page';

/** What the order page's conversation forms may write, and the notice each success shows. */
const KINDS: Partial<Record<MessageKind, string>> = { comment: 'commented', internal: 'noted', answer: 'answered' };

/**
 * The conversation box of the order page, for both sides: a comment, an internal note (the
 * delivering side's), or the requester's answer. Whether the caller may write is the service's
 * rule (`conversationRights`, the lifecycle table); the page shows the box from the order
 * view's `canComment`, `canWriteInternal` and each message's `canAnswer`. A comment carries
 * no version: it moves nothing, so an order that changed while it was written does not refuse it.
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders/:id/conversation')
export class ConversationController {
  constructor(
    private readonly consultation: ConsultationService,
    private readonly orderPage: OrderPage,
  ) {}

  @Post()
  async write(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const kind = (field(body, 'kind') || 'comment') as MessageKind;
    const answering = kind === 'answer';
    const fields: OrderFormFields = {
      body: answering ? { id: 'answer-body', label: 'conversation.answer' } : { id: 'comment-body', label: 'conversation.body' },
      kind: { id: 'comment-kind', label: 'conversation.visibility', choice: true },
    };
    // An answer that returned the order says so; one outside consultation is a message like any other.
    const done = (result: unknown) =>
      answering && (result as { status?: string }).status !== 'submitted' ? 'message' : (KINDS[kind] ?? 'commented');
    await this.orderPage.act(req, res, actor, id, done, fields, async () => {
      if (!KINDS[kind]) throw invalid('/kind', 'notAllowed', 'a comment, an internal note or an answer');
      const ids = body.attachmentIds;
      const dto = await parseForm(
        MessageDto,
        {
          kind,
          body: field(body, 'body'),
          ...(ids === undefined ? {} : { attachmentIds: Array.isArray(ids) ? ids : [ids] }),
          ...(answering ? { version: body.version } : {}),
        },
        { numbers: ['version'] },
      );
      return this.consultation.message(actor, id, dto, 'web');
    });
  }
}
