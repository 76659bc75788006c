// The single source of truth for how an order moves between statuses.
// Pure data + lookups: services, controllers and UI hints all ask this module,
// so a rule change happens in exactly one place.

export const ORDER_STATUSES = [
  'draft',
  'submitted',
  'in_consultation',
  'confirmed',
  'in_progress',
  'on_hold',
  'delivered',
  'accepted',
  'closed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

// Deliberately no reject/decline/refuse: a deliverer may only ask, advise or
// transfer, so every order ends up served somewhere (enforced by a test).
export const ORDER_ACTIONS = [
  'submit',
  'ask',
  'advise',
  'revise',
  'keep',
  'transfer',
  'accept',
  'start',
  'hold',
  'resume',
  'deliver',
  'accept_delivery',
  'reopen',
  'close',
  'cancel',
  'edit',
  'change_request',
  'message_requester',
  'message_deliverer',
  'answer',
  'comment',
  'note_internal',
  'check_item',
  'assign',
  'feedback',
  'retrospective',
  'log_effort',
  'delete_draft',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export type ActorRole = 'requester' | 'deliverer' | 'system';
export const ACTOR_ROLES: readonly ActorRole[] = ['requester', 'deliverer', 'system'];

export type TransitionRefusal = 'not_allowed_in_status' | 'not_your_action';
export type Transition = { ok: true; to: OrderStatus } | { ok: false; reason: TransitionRefusal; allowed: OrderAction[] };

/** 'same' = the action is recorded but the status does not change. */
type Target = OrderStatus | 'same';

interface Rule {
  readonly action: OrderAction;
  readonly from: readonly OrderStatus[];
  readonly roles: readonly ActorRole[];
  readonly to: Target;
}

const OPEN_STATUSES: readonly OrderStatus[] = ['draft', 'submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold'];

const CONVERSATION_STATUSES: readonly OrderStatus[] = [
  'submitted',
  'in_consultation',
  'confirmed',
  'in_progress',
  'on_hold',
  'delivered',
  'accepted',
];

const RULES: readonly Rule[] = [
  { action: 'submit', from: ['draft'], roles: ['requester'], to: 'submitted' },
  { action: 'edit', from: ['draft'], roles: ['requester'], to: 'same' },
  // A draft nobody needs any more may go altogether (the figures keep a count of it).
  { action: 'delete_draft', from: ['draft'], roles: ['requester'], to: 'same' },
  // Consultation loop: deliverer asks/advises, requester revises or keeps the order as is.
  { action: 'ask', from: ['submitted', 'in_consultation'], roles: ['deliverer'], to: 'in_consultation' },
  { action: 'advise', from: ['submitted', 'in_consultation'], roles: ['deliverer'], to: 'in_consultation' },
  { action: 'revise', from: ['in_consultation'], roles: ['requester'], to: 'submitted' },
  { action: 'keep', from: ['in_consultation'], roles: ['requester'], to: 'submitted' },
  // Transfer hands the order to another support unit, which sees it freshly submitted.
  { action: 'transfer', from: ['submitted', 'in_consultation'], roles: ['deliverer'], to: 'submitted' },
  { action: 'accept', from: ['submitted'], roles: ['deliverer'], to: 'confirmed' },
  { action: 'start', from: ['confirmed'], roles: ['deliverer'], to: 'in_progress' },
  { action: 'hold', from: ['in_progress'], roles: ['deliverer'], to: 'on_hold' },
  { action: 'resume', from: ['on_hold'], roles: ['deliverer'], to: 'in_progress' },
  { action: 'deliver', from: ['in_progress'], roles: ['deliverer'], to: 'delivered' },
  { action: 'accept_delivery', from: ['delivered'], roles: ['requester'], to: 'accepted' },
  { action: 'reopen', from: ['delivered'], roles: ['requester'], to: 'in_progress' },
  // Closing is bookkeeping after acceptance (e.g. a scheduled job), not a human decision.
  { action: 'close', from: ['accepted'], roles: ['system'], to: 'closed' },
  { action: 'cancel', from: OPEN_STATUSES, roles: ['requester'], to: 'cancelled' },
  {
    action: 'change_request',
    from: ['confirmed', 'in_progress', 'on_hold'],
    roles: ['requester', 'deliverer'],
    to: 'same',
  },
  {
    action: 'message_requester',
    from: ['submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered'],
    roles: ['requester'],
    to: 'same',
  },
  // A deliverer's answer to a requester's message; questions and advice go through ask/advise.
  {
    action: 'message_deliverer',
    from: ['submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered'],
    roles: ['deliverer'],
    to: 'same',
  },
  // The requester's answer while the support unit waits on it: the order goes back to the unit in the same step.
  { action: 'answer', from: ['in_consultation'], roles: ['requester'], to: 'submitted' },
  // The conversation runs from submission to acceptance, for both sides, without moving the order.
  { action: 'comment', from: CONVERSATION_STATUSES, roles: ['requester', 'deliverer'], to: 'same' },
  // The delivering side's notes to itself, over the same span.
  { action: 'note_internal', from: CONVERSATION_STATUSES, roles: ['deliverer'], to: 'same' },
  // Ticking deliverables off, and choosing who in the support unit does the work.
  { action: 'check_item', from: ['confirmed', 'in_progress', 'on_hold'], roles: ['deliverer'], to: 'same' },
  {
    action: 'assign',
    from: ['submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold'],
    roles: ['deliverer'],
    to: 'same',
  },
  { action: 'feedback', from: ['delivered', 'accepted'], roles: ['requester'], to: 'same' },
  { action: 'retrospective', from: ['delivered', 'accepted'], roles: ['deliverer'], to: 'same' },
  // The time an order took, from acceptance on; a closed order too, as the retrospective takes time.
  {
    action: 'log_effort',
    from: ['confirmed', 'in_progress', 'on_hold', 'delivered', 'accepted', 'closed'],
    roles: ['deliverer'],
    to: 'same',
  },
];

type Cell = { readonly roles: ReadonlySet<ActorRole>; readonly to: OrderStatus };

// Precomputed status -> action -> cell index; also rejects ambiguous rules at load time.
const TABLE: ReadonlyMap<OrderStatus, ReadonlyMap<OrderAction, Cell>> = buildTable(RULES);

function buildTable(rules: readonly Rule[]): Map<OrderStatus, Map<OrderAction, Cell>> {
  const table = new Map<OrderStatus, Map<OrderAction, Cell>>();
  for (const status of ORDER_STATUSES) table.set(status, new Map());
  for (const rule of rules) {
    for (const status of rule.from) {
      const row = table.get(status)!;
      if (row.has(rule.action)) {
        throw new Error(`Duplicate lifecycle rule for ${status}/${rule.action}`);
      }
      row.set(rule.action, {
        roles: new Set(rule.roles),
        to: rule.to === 'same' ? status : rule.to,
      });
    }
  }
  return table;
}

export function allowedActions(status: OrderStatus, role: ActorRole): OrderAction[] {
  const row = TABLE.get(status);
  if (!row) return [];
  // Filter ORDER_ACTIONS (not map order) so the result order is stable and predictable.
  return ORDER_ACTIONS.filter((action) => row.get(action)?.roles.has(role) ?? false);
}

export function decide(status: OrderStatus, action: OrderAction, role: ActorRole): Transition {
  const cell = TABLE.get(status)?.get(action);
  if (cell && cell.roles.has(role)) return { ok: true, to: cell.to };
  // Distinguishing "wrong role" from "wrong moment" lets the API answer 403 vs 409.
  return {
    ok: false,
    reason: cell ? 'not_your_action' : 'not_allowed_in_status',
    allowed: allowedActions(status, role),
  };
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

// The SLA measures the deliverer's time. It pauses while waiting on the requester
// (in_consultation) or on an external cause (on_hold), and does not run before
// submission or once the work has been delivered.
const SLA_RUNNING: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['submitted', 'confirmed', 'in_progress']);

export function slaClockRuns(status: OrderStatus): boolean {
  return SLA_RUNNING.has(status);
}
