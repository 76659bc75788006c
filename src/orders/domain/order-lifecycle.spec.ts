import fc from 'fast-check';
import {
  ACTOR_ROLES,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  allowedActions,
  decide,
  isTerminal,
  slaClockRuns,
  type ActorRole,
  type OrderAction,
  type OrderStatus,
  type Transition,
} from './order-lifecycle';

// Expected table written out independently of the implementation, one allowed
// triple per line: "status action role -> target". Everything else must be refused.
const ALLOWED = `
draft            submit             requester -> submitted
draft            edit               requester -> draft
draft            cancel             requester -> cancelled
draft            delete_draft       requester -> draft
submitted        ask                deliverer -> in_consultation
submitted        advise             deliverer -> in_consultation
submitted        transfer           deliverer -> submitted
submitted        accept             deliverer -> confirmed
submitted        cancel             requester -> cancelled
submitted        message_requester  requester -> submitted
submitted        message_deliverer  deliverer -> submitted
submitted        assign             deliverer -> submitted
in_consultation  ask                deliverer -> in_consultation
in_consultation  advise             deliverer -> in_consultation
in_consultation  revise             requester -> submitted
in_consultation  keep               requester -> submitted
in_consultation  transfer           deliverer -> submitted
in_consultation  cancel             requester -> cancelled
in_consultation  message_requester  requester -> in_consultation
in_consultation  message_deliverer  deliverer -> in_consultation
in_consultation  assign             deliverer -> in_consultation
confirmed        start              deliverer -> in_progress
confirmed        cancel             requester -> cancelled
confirmed        change_request     requester -> confirmed
confirmed        change_request     deliverer -> confirmed
confirmed        message_requester  requester -> confirmed
confirmed        message_deliverer  deliverer -> confirmed
confirmed        assign             deliverer -> confirmed
confirmed        check_item         deliverer -> confirmed
in_progress      hold               deliverer -> on_hold
in_progress      deliver            deliverer -> delivered
in_progress      cancel             requester -> cancelled
in_progress      change_request     requester -> in_progress
in_progress      change_request     deliverer -> in_progress
in_progress      message_requester  requester -> in_progress
in_progress      message_deliverer  deliverer -> in_progress
in_progress      assign             deliverer -> in_progress
in_progress      check_item         deliverer -> in_progress
on_hold          resume             deliverer -> in_progress
on_hold          cancel             requester -> cancelled
on_hold          change_request     requester -> on_hold
on_hold          change_request     deliverer -> on_hold
on_hold          message_requester  requester -> on_hold
on_hold          message_deliverer  deliverer -> on_hold
on_hold          assign             deliverer -> on_hold
on_hold          check_item         deliverer -> on_hold
delivered        accept_delivery    requester -> accepted
delivered        reopen             requester -> in_progress
delivered        message_requester  requester -> delivered
delivered        message_deliverer  deliverer -> delivered
delivered        feedback           requester -> delivered
delivered        retrospective      deliverer -> delivered
accepted         close              system    -> closed
accepted         feedback           requester -> accepted
accepted         retrospective      deliverer -> accepted
confirmed        log_effort         deliverer -> confirmed
in_progress      log_effort         deliverer -> in_progress
on_hold          log_effort         deliverer -> on_hold
delivered        log_effort         deliverer -> delivered
accepted         log_effort         deliverer -> accepted
closed           log_effort         deliverer -> closed
in_consultation  answer             requester -> submitted
submitted        comment            requester -> submitted
submitted        comment            deliverer -> submitted
submitted        note_internal      deliverer -> submitted
in_consultation  comment            requester -> in_consultation
in_consultation  comment            deliverer -> in_consultation
in_consultation  note_internal      deliverer -> in_consultation
confirmed        comment            requester -> confirmed
confirmed        comment            deliverer -> confirmed
confirmed        note_internal      deliverer -> confirmed
in_progress      comment            requester -> in_progress
in_progress      comment            deliverer -> in_progress
in_progress      note_internal      deliverer -> in_progress
on_hold          comment            requester -> on_hold
on_hold          comment            deliverer -> on_hold
on_hold          note_internal      deliverer -> on_hold
delivered        comment            requester -> delivered
delivered        comment            deliverer -> delivered
delivered        note_internal      deliverer -> delivered
accepted         comment            requester -> accepted
accepted         comment            deliverer -> accepted
accepted         note_internal      deliverer -> accepted
`;

type Triple = { status: OrderStatus; action: OrderAction; role: ActorRole; to: OrderStatus };

const TRIPLES: Triple[] = ALLOWED.trim()
  .split('\n')
  .map((line) => {
    const [status, action, role, arrow, to] = line.trim().split(/\s+/);
    if (arrow !== '->') throw new Error(`bad fixture line: ${line}`);
    return { status, action, role, to } as Triple;
  });

function expected(status: OrderStatus, action: OrderAction, role: ActorRole): Transition {
  const hit = TRIPLES.find((t) => t.status === status && t.action === action && t.role === role);
  if (hit) return { ok: true, to: hit.to };
  const otherRole = TRIPLES.some((t) => t.status === status && t.action === action);
  const allowed = ORDER_ACTIONS.filter((a) => TRIPLES.some((t) => t.status === status && t.role === role && t.action === a));
  return { ok: false, reason: otherRole ? 'not_your_action' : 'not_allowed_in_status', allowed };
}

describe('order lifecycle table', () => {
  it('fixture only mentions known statuses, actions and roles', () => {
    for (const t of TRIPLES) {
      expect(ORDER_STATUSES).toContain(t.status);
      expect(ORDER_STATUSES).toContain(t.to);
      expect(ORDER_ACTIONS).toContain(t.action);
      expect(ACTOR_ROLES).toContain(t.role);
    }
    expect(TRIPLES).toHaveLength(83);
  });

  const rows = ORDER_STATUSES.flatMap((status) => ACTOR_ROLES.map((role) => [status, role] as const));

  // Exhaustive: every status x action x role cell (10 x 24 x 3 = 720), grouped per status/role.
  it.each(rows)('%s as %s: every action matches the expected table', (status, role) => {
    for (const action of ORDER_ACTIONS) {
      // Wrapping with the cell makes a failing diff name the exact cell.
      expect({ status, action, role, result: decide(status, action, role) }).toEqual({
        status,
        action,
        role,
        result: expected(status, action, role),
      });
    }
    expect(allowedActions(status, role)).toEqual(ORDER_ACTIONS.filter((a) => expected(status, a, role).ok));
  });

  it('covers all 840 cells with exactly 83 allowed', () => {
    let ok = 0;
    let cells = 0;
    for (const s of ORDER_STATUSES)
      for (const a of ORDER_ACTIONS)
        for (const r of ACTOR_ROLES) {
          cells++;
          if (decide(s, a, r).ok) ok++;
        }
    expect(cells).toBe(840);
    expect(ok).toBe(TRIPLES.length);
  });

  it('every action is usable somewhere (no dead names)', () => {
    for (const a of ORDER_ACTIONS) {
      expect(TRIPLES.some((t) => t.action === a)).toBe(true);
    }
  });

  it('has no reject/decline/refuse action by design', () => {
    for (const a of ORDER_ACTIONS) {
      expect(a).not.toMatch(/reject|decline|refuse/i);
    }
  });

  it('distinguishes wrong role from wrong status', () => {
    expect(decide('submitted', 'accept', 'requester')).toEqual({
      ok: false,
      reason: 'not_your_action',
      allowed: ['cancel', 'message_requester', 'comment'],
    });
    expect(decide('draft', 'accept', 'deliverer')).toEqual({
      ok: false,
      reason: 'not_allowed_in_status',
      allowed: [],
    });
    expect(decide('delivered', 'close', 'system')).toMatchObject({ ok: false, reason: 'not_allowed_in_status' });
    expect(decide('accepted', 'close', 'requester')).toMatchObject({ ok: false, reason: 'not_your_action' });
  });

  it('terminal statuses and SLA clock', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['closed', 'cancelled']);
    expect(ORDER_STATUSES.filter(slaClockRuns)).toEqual(['submitted', 'confirmed', 'in_progress']);
    expect(slaClockRuns('on_hold')).toBe(false);
    expect(slaClockRuns('in_consultation')).toBe(false);
  });

  it('terminal statuses allow nothing for anyone, but logging the time a closed order took', () => {
    for (const s of ORDER_STATUSES.filter(isTerminal))
      for (const r of ACTOR_ROLES) expect(allowedActions(s, r)).toEqual(s === 'closed' && r === 'deliverer' ? ['log_effort'] : []);
  });

  it('property: random walks of allowed actions stay valid and never leave a terminal status', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }), (steps) => {
        let status: OrderStatus = 'draft';
        for (const [roleIdx, actionIdx] of steps) {
          const role = ACTOR_ROLES[roleIdx % ACTOR_ROLES.length]!;
          const options = allowedActions(status, role);
          const wasTerminal = isTerminal(status);
          if (options.length === 0) continue;
          const result = decide(status, options[actionIdx % options.length]!, role);
          if (!result.ok) return false;
          if (wasTerminal) return false; // a terminal status must offer no options at all
          status = result.to;
          if (!ORDER_STATUSES.includes(status)) return false;
        }
        if (isTerminal(status)) {
          for (const a of ORDER_ACTIONS) for (const r of ACTOR_ROLES) if (decide(status, a, r).ok) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
