import type { OrderStatus } from '../../orders/domain/order-lifecycle';
import type { Translate } from '../i18n/i18n';

/** govuk-frontend tag colours by status: grey for not started or over, yellow while someone must answer. */
const TAG_CLASSES: Record<OrderStatus, string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  in_consultation: 'govuk-tag--yellow',
  confirmed: 'govuk-tag--turquoise',
  in_progress: 'govuk-tag--light-blue',
  on_hold: 'govuk-tag--orange',
  delivered: 'govuk-tag--green',
  accepted: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  cancelled: 'govuk-tag--grey',
};

/** The arguments of govukTag for an order's status. */
export function statusTag(t: Translate, status: OrderStatus): { text: string; classes: string } {
  return { text: t(`status.${status}`), classes: TAG_CLASSES[status] };
}
