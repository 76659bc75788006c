import { Injectable } from '@nestjs/common';
import type { Actor } from '../../identity/access/actor';
import { UsersService } from '../../identity/users.service';
import type { OrderAction } from '../../orders/domain/order-lifecycle';
import { rolesOn } from '../../orders/order-access';
import type { OrderView } from '../../orders/order-views.service';
import { RetrospectivesService } from '../../retrospectives/retrospectives.service';
import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/i18n';

/** The deliverer's forms that have a page of their own, in the order the panel lists them. */
const FORM_LINKS: Array<{ action: OrderAction; path: string; text: MessageKey }> = [
  { action: 'ask', path: 'ask', text: 'deliverer.link.ask' },
  { action: 'advise', path: 'advise', text: 'deliverer.link.advise' },
  { action: 'transfer', path: 'transfer', text: 'deliverer.link.transfer' },
  { action: 'change_request', path: 'propose-change', text: 'deliverer.link.change' },
  { action: 'hold', path: 'hold', text: 'deliverer.link.hold' },
];

export interface ChecklistRow {
  id: string;
  label: string;
  done: boolean;
}

/** The view model of the deliverer's part of the order page (views/deliverer/_panel.njk). */
export interface DelivererPanel {
  orderId: string;
  version: number;
  accept: { assignees: SelectItem[] } | null;
  assign: { assignees: SelectItem[] } | null;
  start: boolean;
  resume: boolean;
  checklist: { items: ChecklistRow[]; editable: boolean } | null;
  /** The main next step as a button-styled link (deliver, write the retrospective). */
  primary: { href: string; text: string } | null;
  links: Array<{ href: string; text: string }>;
  /** Changes the requesting side proposed, for the delivering side to approve or reject. */
  changesToDecide: Array<{ id: string; reason: string }>;
  retrospective: {
    outcome: string;
    purposeAssessment: string;
    recommendations: Array<{ text: string; rationale: string; category: string; status: string }>;
  } | null;
  /** The form that logs time on the order, with the minutes logged so far. */
  effort: { minutes: number } | null;
  nothingToDo: boolean;
}

export interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

/**
 * What the delivering side may do on an order, from the order view's `allowedActions` (the
 * lifecycle table), shaped for the page. Null for a viewer who is not a deliverer of its unit.
 */
@Injectable()
export class DelivererPanels {
  constructor(
    private readonly users: UsersService,
    private readonly retrospectives: RetrospectivesService,
  ) {}

  async forOrder(actor: Actor, order: OrderView, t: Translate): Promise<DelivererPanel | null> {
    if (!rolesOn(actor, order).includes('deliverer')) return null;
    const allowed = new Set(order.allowedActions);
    const base = `/orders/${order.id}`;
    const deliverers = allowed.has('accept') || allowed.has('assign') ? await this.users.activeDeliverers(order.supportUnitId) : [];
    const written =
      allowed.has('retrospective') || ['accepted', 'closed'].includes(order.status)
        ? await this.retrospectives.ofOrder(actor, order.id)
        : null;

    const accept = allowed.has('accept')
      ? { assignees: deliverers.map((d) => ({ value: d.id, text: d.name, selected: d.id === (order.assigneeId ?? actor.userId) })) }
      : null;
    // Before acceptance the accept form chooses the assignee; after it, this form changes them.
    const assign =
      allowed.has('assign') && !accept
        ? {
            assignees: [
              { value: '', text: t('deliverer.assign.nobody'), selected: order.assigneeId === null },
              ...deliverers.map((d) => ({ value: d.id, text: d.name, selected: d.id === order.assigneeId })),
            ],
          }
        : null;
    const primary = allowed.has('deliver')
      ? { href: `${base}/deliver`, text: t('deliverer.link.deliver') }
      : allowed.has('retrospective') && !written
        ? { href: `${base}/retrospective`, text: t('deliverer.link.retrospective') }
        : null;
    const links = FORM_LINKS.filter((l) => allowed.has(l.action)).map((l) => ({ href: `${base}/${l.path}`, text: t(l.text) }));
    const checklist = order.checklist.length
      ? {
          items: order.checklist.map((i) => ({ id: i.id, label: i.label, done: i.done })),
          editable: allowed.has('check_item'),
        }
      : null;
    const panel: DelivererPanel = {
      orderId: order.id,
      version: order.version,
      accept,
      assign,
      start: allowed.has('start'),
      resume: allowed.has('resume'),
      checklist,
      primary,
      links,
      changesToDecide: order.changeRequests
        .filter((cr) => cr.canDecide && cr.proposedBySide === 'requester')
        .map((cr) => ({ id: cr.id, reason: cr.reason })),
      retrospective: written
        ? {
            outcome: written.outcome,
            purposeAssessment: written.purposeAssessment,
            recommendations: written.recommendations.map((r) => ({
              text: r.text,
              rationale: r.rationale,
              category: t(`category.${r.category}`),
              status: t(`deliverer.retro.recommendationStatus.${r.status}`),
            })),
          }
        : null,
      effort: allowed.has('log_effort') ? { minutes: order.effortMinutes } : null,
      nothingToDo: false,
    };
    panel.nothingToDo =
      !accept &&
      !assign &&
      !panel.start &&
      !panel.resume &&
      !primary &&
      !links.length &&
      !checklist?.editable &&
      !panel.changesToDecide.length;
    return panel;
  }
}
