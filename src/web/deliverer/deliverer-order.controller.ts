import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CatalogService } from '../../catalog/catalog.service';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { OrderQueries } from '../../orders/order-queries.service';
import type { OrderView } from '../../orders/order-views.service';
import { PageRequest, pageLanguage } from '../http/page-request';
import type { MessageKey } from '../i18n/en';
import { Formats, Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { DelivererPanels } from './deliverer-panel';
import { formatAnswer } from './answers-form';
import { OrderNames } from './order-names';
import { statusTag } from './status-tag';

/** What `?done=` after a deliverer's action says on the order page. */
export const DELIVERER_NOTICES: Record<string, MessageKey> = {
  asked: 'done.asked',
  advised: 'done.advised',
  transferred: 'done.transferred',
  accepted: 'done.accepted',
  assigned: 'done.assigned',
  started: 'done.started',
  held: 'done.held',
  resumed: 'done.resumed',
  checked: 'done.checked',
  proposed: 'done.proposed',
  delivered: 'done.delivered',
  retrospective: 'done.retrospective',
};

/**
 * The order page as the delivering side sees it: what was ordered, the consultation so far,
 * and the deliverer's actions (views/deliverer/_panel.njk, which the requester's order page
 * can include as it is).
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders')
export class DelivererOrderController {
  constructor(
    private readonly orders: OrderQueries,
    private readonly catalog: CatalogService,
    private readonly names: OrderNames,
    private readonly panels: DelivererPanels,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  async show(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('done') done?: string,
  ) {
    const language = pageLanguage(req);
    const t = translator(language);
    const order = await this.orders.get(actor, id);
    this.pages.render(req, res, 'deliverer/order.njk', {
      ...(await this.orderModel(order, t, new Formats(language))),
      deliverer: await this.panels.forOrder(actor, order, t),
      notice: done && DELIVERER_NOTICES[done] ? t(DELIVERER_NOTICES[done]) : null,
    });
  }

  private async orderModel(order: OrderView, t: Translate, fmt: Formats) {
    const units = await this.names.unitNames();
    const people = await this.names.people([order.assigneeId, ...order.messages.map((m) => m.authorId)]);
    const questions = (await this.catalog.questionnaire(order.questionnaireId)).questions;
    const answered = questions.filter(
      (q) => order.answers[q.key] !== undefined && order.answers[q.key] !== null && order.answers[q.key] !== '',
    );
    const kindKey = { question: 'order.message.question', advice: 'order.message.advice', answer: 'order.message.answer' } as const;
    return {
      pageTitle: t('order.title', { reference: order.reference }),
      order: {
        id: order.id,
        reference: order.reference,
        title: order.title,
        status: statusTag(t, order.status),
        rows: [
          [t('order.reference'), order.reference],
          [t('order.requestingUnit'), units.get(order.requesterUnitId) ?? ''],
          [t('order.service'), await this.names.serviceName(order.serviceId)],
          [t('order.purpose'), order.purpose],
          [t('order.desiredDate'), order.desiredDate ? fmt.day(order.desiredDate) : t('format.none')],
          [t('order.dueDate'), order.dueDate ? fmt.day(order.dueDate) : t('format.none')],
          [t('order.assignee'), order.assigneeId ? (people.get(order.assigneeId) ?? '') : t('order.nobody')],
          ...(order.deliveryNote ? [[t('order.deliveryNote'), order.deliveryNote]] : []),
          ...(order.professionalNote ? [[t('order.professionalNote'), order.professionalNote]] : []),
        ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
        answers: answered.map((q) => ({ key: { text: q.label }, value: { text: formatAnswer(q, order.answers[q.key], t) } })),
        messages: order.messages.map((m) => ({
          heading: t('order.message.by', { kind: t(kindKey[m.kind]), name: people.get(m.authorId) ?? '', time: fmt.time(m.createdAt) }),
          body: m.body,
          suggested: m.suggestedAnswers
            ? questions
                .filter((q) => m.suggestedAnswers![q.key] !== undefined)
                .map((q) => ({ key: { text: q.label }, value: { text: formatAnswer(q, m.suggestedAnswers![q.key], t) } }))
            : [],
          decision:
            m.decision === 'followed'
              ? t('order.message.decision.followed')
              : m.decision === 'kept_original'
                ? t('order.message.decision.kept_original', { reason: m.decisionReason ?? '' })
                : null,
        })),
      },
    };
  }
}
