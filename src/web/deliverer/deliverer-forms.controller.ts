import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CatalogService } from '../../catalog/catalog.service';
import { DomainError, FieldError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import type { OrderAction } from '../../orders/domain/order-lifecycle';
import { ChangeRequestsService } from '../../orders/change-requests.service';
import { ConsultationService } from '../../orders/consultation.service';
import { DeliveryService } from '../../orders/delivery.service';
import { OrderQueries } from '../../orders/order-queries.service';
import type { OrderView } from '../../orders/order-views.service';
import { sizeText } from '../files/files-presenter';
import { ChangeRequestDto, DeliverDto, HoldDto, MessageDto, TransferDto } from '../../orders/orders.dto';
import { RECOMMENDATION_CATEGORIES } from '../../retrospectives/retrospectives.dto';
import { RetrospectiveDto } from '../../retrospectives/retrospectives.dto';
import { RetrospectivesService } from '../../retrospectives/retrospectives.service';
import { FormErrors, NO_ERRORS, fieldId, formErrors, formVersion, parseForm } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import type { MessageKey } from '../i18n/en';
import { Translate, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { suggestedAnswersFromForm, suggestionFields } from './answers-form';
import { OrderNames } from './order-names';

type FormName = 'ask' | 'advise' | 'transfer' | 'hold' | 'propose-change' | 'deliver' | 'retrospective';

/** Each deliverer form with a page of its own: the action it takes, its title, and its fields' names for messages. */
const FORMS: Record<FormName, { action: OrderAction; title: MessageKey; fields: Record<string, MessageKey> }> = {
  ask: { action: 'ask', title: 'deliverer.ask.title', fields: { '/body': 'deliverer.ask.body' } },
  advise: { action: 'advise', title: 'deliverer.advise.title', fields: { '/body': 'deliverer.advise.body' } },
  transfer: {
    action: 'transfer',
    title: 'deliverer.transfer.title',
    fields: { '/serviceId': 'deliverer.transfer.service', '/note': 'deliverer.transfer.note' },
  },
  hold: { action: 'hold', title: 'deliverer.hold.title', fields: { '/note': 'deliverer.hold.note' } },
  'propose-change': {
    action: 'change_request',
    title: 'deliverer.change.title',
    fields: {
      '/reason': 'deliverer.change.reason',
      '/title': 'deliverer.change.newTitle',
      '/purpose': 'deliverer.change.newPurpose',
    },
  },
  deliver: {
    action: 'deliver',
    title: 'deliverer.deliver.title',
    fields: { '/deliveryNote': 'deliverer.deliver.note', '/professionalNote': 'deliverer.deliver.professional' },
  },
  retrospective: {
    action: 'retrospective',
    title: 'deliverer.retro.title',
    fields: { '/outcome': 'deliverer.retro.outcome', '/purposeAssessment': 'deliverer.retro.purpose' },
  },
};

/** The forms that refer to files of the order (a message, a proposed change, the delivery, the retrospective). */
const FILE_FORMS: ReadonlySet<FormName> = new Set(['ask', 'advise', 'propose-change', 'deliver', 'retrospective']);

const MAX_RECOMMENDATIONS = 20;
const REC_LABELS: Record<'text' | 'rationale' | 'category' | 'targetServiceId', MessageKey> = {
  text: 'deliverer.retro.text',
  rationale: 'deliverer.retro.rationale',
  category: 'deliverer.retro.category',
  targetServiceId: 'deliverer.retro.targetService',
};

/**
 * The deliverer's forms that need a page (ask, advise, transfer, hold, propose a change,
 * deliver, the retrospective). Each posts to the same services as the API with the version
 * the page was rendered with; invalid input shows the form again with the error summary, a
 * stale version the 409 page.
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders')
export class DelivererFormsController {
  constructor(
    private readonly orders: OrderQueries,
    private readonly consultation: ConsultationService,
    private readonly delivery: DeliveryService,
    private readonly changes: ChangeRequestsService,
    private readonly retrospectives: RetrospectivesService,
    private readonly catalog: CatalogService,
    private readonly names: OrderNames,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id/ask')
  askForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'ask', req, res);
  }

  @Post(':id/ask')
  ask(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.submit(actor, id, 'ask', req, res, body, async (version) => {
      const dto = await parseForm(MessageDto, {
        kind: 'question',
        body: field(body, 'body'),
        version,
        attachmentIds: fieldList(body, 'attachmentIds'),
      });
      await this.consultation.message(actor, id, dto, 'web');
      return 'asked';
    });
  }

  @Get(':id/advise')
  adviseForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'advise', req, res);
  }

  @Post(':id/advise')
  advise(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.submit(actor, id, 'advise', req, res, body, async (version, order) => {
      const questions = (await this.catalog.questionnaire(order.questionnaireId)).questions;
      const suggestedAnswers = suggestedAnswersFromForm(body, questions);
      const dto = await parseForm(MessageDto, {
        kind: 'advice',
        body: field(body, 'body'),
        version,
        attachmentIds: fieldList(body, 'attachmentIds'),
        ...(suggestedAnswers ? { suggestedAnswers } : {}),
      });
      await this.consultation.message(actor, id, dto, 'web');
      return 'advised';
    });
  }

  @Get(':id/transfer')
  transferForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'transfer', req, res);
  }

  @Post(':id/transfer')
  transfer(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.submit(actor, id, 'transfer', req, res, body, async (version) => {
      const dto = await parseForm(TransferDto, { serviceId: field(body, 'serviceId'), note: field(body, 'note'), version });
      await this.consultation.transfer(actor, id, dto);
      return 'transferred';
    });
  }

  @Get(':id/hold')
  holdForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'hold', req, res);
  }

  @Post(':id/hold')
  hold(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.submit(actor, id, 'hold', req, res, body, async (version) => {
      const dto = await parseForm(HoldDto, { note: field(body, 'note') });
      await this.delivery.hold(actor, id, version, dto.note);
      return 'held';
    });
  }

  @Get(':id/propose-change')
  changeForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'propose-change', req, res);
  }

  @Post(':id/propose-change')
  proposeChange(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.submit(actor, id, 'propose-change', req, res, body, async (version) => {
      const dto = await parseForm(
        ChangeRequestDto,
        {
          reason: field(body, 'reason'),
          title: field(body, 'title'),
          purpose: field(body, 'purpose'),
          version,
          attachmentIds: fieldList(body, 'attachmentIds'),
        },
        { optional: ['title', 'purpose'] },
      );
      await this.changes.propose(actor, id, dto);
      return 'proposed';
    });
  }

  @Get(':id/deliver')
  deliverForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'deliver', req, res);
  }

  @Post(':id/deliver')
  deliver(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    return this.submit(actor, id, 'deliver', req, res, body, async (version) => {
      const dto = await parseForm(
        DeliverDto,
        {
          deliveryNote: field(body, 'deliveryNote'),
          professionalNote: field(body, 'professionalNote'),
          attachmentIds: fieldList(body, 'attachmentIds'),
        },
        { optional: ['professionalNote'] },
      );
      await this.delivery.deliver(actor, id, version, dto.deliveryNote, dto.professionalNote, dto.attachmentIds);
      return 'delivered';
    });
  }

  @Get(':id/retrospective')
  retrospectiveForm(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response) {
    return this.show(actor, id, 'retrospective', req, res);
  }

  /** "Add another recommendation" posts here too and shows the form with one more row, saving nothing. */
  @Post(':id/retrospective')
  async retrospective(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ) {
    if (field(body, 'add')) {
      const rows = Math.min(recommendationRows(body) + 1, MAX_RECOMMENDATIONS);
      return this.show(actor, id, 'retrospective', req, res, { ...body, rows: String(rows) }, NO_ERRORS, 200, `rec-${rows - 1}-text`);
    }
    return this.submit(actor, id, 'retrospective', req, res, body, async (version) => {
      const filled: number[] = [];
      for (let i = 0; i < recommendationRows(body); i++) {
        if (['text', 'rationale', 'category'].some((f) => field(body, `rec-${i}-${f}`).trim())) filled.push(i);
      }
      try {
        const dto = await parseForm(RetrospectiveDto, {
          outcome: field(body, 'outcome'),
          purposeAssessment: field(body, 'purposeAssessment'),
          attachmentIds: fieldList(body, 'attachmentIds'),
          recommendations: filled.map((i) => {
            const target = field(body, `rec-${i}-targetServiceId`);
            return {
              text: field(body, `rec-${i}-text`),
              rationale: field(body, `rec-${i}-rationale`),
              category: field(body, `rec-${i}-category`),
              ...(target ? { targetServiceId: target } : {}),
            };
          }),
        });
        await this.retrospectives.writeRetrospective(actor, id, { ...dto, version });
      } catch (error) {
        throw renumber(error, filled);
      }
      return 'retrospective';
    });
  }

  /** Posts a form through `act`, then back to the order page; invalid input shows the form again. */
  private async submit(
    actor: Actor,
    id: string,
    form: FormName,
    req: PageRequest,
    res: Response,
    body: Record<string, unknown>,
    act: (version: number, order: OrderView) => Promise<string>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    try {
      const version = formVersion(body);
      const order = await this.orders.get(actor, id);
      const done = await act(version, order);
      this.pages.redirect(res, `/orders/${id}?done=${done}`);
    } catch (error) {
      const errors = error instanceof DomainError ? this.fieldErrors(t, form, error) : null;
      if (!errors) throw error;
      const status = (error as DomainError).code === 'checklist_incomplete' ? 409 : 400;
      await this.show(actor, id, form, req, res, body, errors, status);
    }
  }

  /** The field errors a form can show beside its fields, or null for errors that get their own page. */
  private fieldErrors(t: Translate, form: FormName, error: DomainError): FormErrors | null {
    if (error.code === 'checklist_incomplete') {
      const list = error.errors.map((e) => {
        const id = e.pointer.split('/').pop()!;
        return { text: t('deliverer.deliver.itemNotDone', { label: String(e.params?.item ?? '') }), href: `#checklist-${id}` };
      });
      return { list, byField: {} };
    }
    if (error.code !== 'validation_failed' || !error.errors.length || error.errors.some((e) => e.pointer === '/version')) return null;
    const labels = FORMS[form].fields;
    const recommendation = (pointer: string) => /^\/recommendations\/(\d+)\/(\w+)$/.exec(pointer);
    // A file that is not the order's (a forged or stale choice) is shown at the file list.
    const isFile = (pointer: string) => pointer.startsWith('/attachmentIds');
    return formErrors(
      t,
      error.errors,
      (pointer) => {
        const rec = recommendation(pointer);
        if (rec && rec[2] in REC_LABELS) {
          return t('deliverer.retro.rowField', { label: t(REC_LABELS[rec[2] as keyof typeof REC_LABELS]), n: Number(rec[1]) + 1 });
        }
        if (isFile(pointer)) return t('files.choose');
        return labels[pointer] ? t(labels[pointer]) : pointer.slice(1);
      },
      (pointer) => {
        const rec = recommendation(pointer);
        if (isFile(pointer)) return 'attachmentIds';
        return rec ? `rec-${rec[1]}-${rec[2]}` : fieldId(pointer);
      },
    );
  }

  /** The form page: the order it acts on, the form (with what was posted, when shown again), errors first. */
  private async show(
    actor: Actor,
    id: string,
    form: FormName,
    req: PageRequest,
    res: Response,
    posted: Record<string, unknown> = {},
    errors: FormErrors = NO_ERRORS,
    status = 200,
    focus: string | null = null,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    const order = await this.orders.get(actor, id);
    const { action, title } = FORMS[form];
    if (!order.allowedActions.includes(action)) {
      throw new DomainError('action_not_allowed', `An order in status ${order.status} does not allow ${action}.`);
    }
    const values = (name: string) => field(posted, name);
    const model: Record<string, unknown> = {
      pageTitle: t(title),
      order: { id: order.id, reference: order.reference, title: order.title, purpose: order.purpose },
      version: posted.version !== undefined ? values('version') : String(order.version),
      action: `/orders/${order.id}/${form}`,
      values,
      errors,
      focus,
    };
    if (form === 'advise') {
      const questions = (await this.catalog.questionnaire(order.questionnaireId)).questions;
      model.suggestions = suggestionFields(questions, order.answers, posted, t);
    }
    if (form === 'transfer') {
      const units = await this.names.unitNames();
      const services = (await this.catalog.list({})).items.filter((s) => s.id !== order.serviceId);
      model.services = [
        { value: '', text: t('deliverer.transfer.choose') },
        ...services.map((s) => ({
          value: s.id,
          text: `${s.name} (${units.get(s.supportUnitId) ?? ''})`,
          selected: s.id === values('serviceId'),
        })),
      ];
    }
    if (FILE_FORMS.has(form)) {
      // Files already on the order (added on the order page), to refer to; what was ticked stays ticked.
      const chosen = new Set(fieldList(posted, 'attachmentIds'));
      model.files = order.attachments.map((a) => ({ value: a.id, text: `${a.name} (${sizeText(a.size)})`, checked: chosen.has(a.id) }));
    }
    if (form === 'deliver') {
      model.checklist = {
        items: order.checklist.map((i) => ({ id: i.id, label: i.label, done: i.done })),
        editable: order.allowedActions.includes('check_item'),
      };
      model.deliverer = { orderId: order.id, version: order.version };
      model.checklistNext = `/orders/${order.id}/deliver`;
    }
    if (form === 'retrospective') {
      if (await this.retrospectives.ofOrder(actor, order.id)) throw new DomainError('duplicate', 'This order already has a retrospective.');
      const services = (await this.catalog.list({ supportUnitId: order.supportUnitId })).items;
      const categories = RECOMMENDATION_CATEGORIES.map((c) => ({ value: c, text: t(`category.${c}`) }));
      model.recommendations = Array.from({ length: recommendationRows(posted) }, (_, i) => ({
        n: i + 1,
        prefix: `rec-${i}`,
        categories: [
          { value: '', text: t('deliverer.retro.chooseCategory') },
          ...categories.map((c) => ({ ...c, selected: c.value === values(`rec-${i}-category`) })),
        ],
        services: [
          { value: '', text: t('deliverer.retro.anyService') },
          ...services.map((s) => ({ value: s.id, text: s.name, selected: s.id === values(`rec-${i}-targetServiceId`) })),
        ],
      }));
      model.rows = model.recommendations instanceof Array ? model.recommendations.length : 1;
      model.canAdd = (model.rows as number) < MAX_RECOMMENDATIONS;
    }
    this.pages.render(req, res, `deliverer/${form}.njk`, model, status);
  }
}

/** A field that checkboxes send once per ticked box: none, one (a string) or several. */
function fieldList(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
}

/** How many recommendation rows the form shows: as many as it had, at least one. */
function recommendationRows(body: Record<string, unknown>): number {
  const rows = Number(field(body, 'rows'));
  return Number.isInteger(rows) && rows >= 1 ? Math.min(rows, MAX_RECOMMENDATIONS) : 1;
}

/** The DTO numbers only the filled-in recommendations; the form's rows may have gaps. */
function renumber(error: unknown, filled: number[]): unknown {
  if (!(error instanceof DomainError) || error.code !== 'validation_failed') return error;
  const errors: FieldError[] = error.errors.map((e) => ({
    ...e,
    pointer: e.pointer.replace(/^\/recommendations\/(\d+)/, (_, k: string) => `/recommendations/${filled[Number(k)] ?? k}`),
  }));
  return DomainError.validation(errors, error.message);
}
