import fc from 'fast-check';
import type { Actor, Membership } from '../identity/access/actor';
import { ORDER_STATUSES, type OrderStatus } from './domain/order-lifecycle';
import { canAnswer, conversationRights, openQuestions, seesInternalNotes, type ThreadMessage } from './order-access';

const ORDER = { requesterUnitId: 'school', supportUnitId: 'comms' };
const CONVERSATION: OrderStatus[] = ['submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered', 'accepted'];

function actor(memberships: Membership[], extra: Partial<Actor> = {}): Actor {
  return {
    userId: 'u',
    email: 'u@example.org',
    name: 'U',
    isAdmin: false,
    memberships,
    memberUnitIds: [...new Set(memberships.map((m) => m.unitId))],
    managedUnitIds: memberships.filter((m) => m.role === 'manager').map((m) => m.unitId),
    sessionId: 's',
    via: 'bearer',
    language: null,
    ...extra,
  };
}

const membership = fc.record({
  unitId: fc.constantFrom('school', 'comms', 'elsewhere'),
  role: fc.constantFrom('requester' as const, 'deliverer' as const, 'manager' as const),
});

describe('who writes on the conversation', () => {
  it('property: a comment from submitted to accepted by whoever acts for a side; an internal note by the delivering side only', () => {
    fc.assert(
      fc.property(fc.array(membership, { maxLength: 4 }), fc.constantFrom(...ORDER_STATUSES), (ms, status) => {
        const a = actor(ms);
        const requester = ms.some((m) => m.unitId === 'school' && m.role === 'requester');
        const deliverer = ms.some((m) => m.unitId === 'comms' && m.role === 'deliverer');
        const open = CONVERSATION.includes(status);
        expect(conversationRights(a, { ...ORDER, status })).toEqual({
          canComment: open && (requester || deliverer),
          canWriteInternal: open && deliverer,
        });
      }),
    );
  });

  it('property: internal notes are read by the support unit’s deliverers, its managers and admins, never by the requesting side', () => {
    fc.assert(
      fc.property(fc.array(membership, { maxLength: 4 }), fc.boolean(), (ms, isAdmin) => {
        const a = actor(ms, { isAdmin });
        const delivering = ms.some((m) => m.unitId === 'comms' && (m.role === 'deliverer' || m.role === 'manager'));
        expect(seesInternalNotes(a, ORDER)).toBe(isAdmin || delivering);
      }),
    );
    // A requester member of the support unit itself (the unit ordering from itself) is not its delivering side.
    expect(seesInternalNotes(actor([{ unitId: 'comms', role: 'requester' }]), ORDER)).toBe(false);
    const teacher = actor([{ unitId: 'school', role: 'requester' }]);
    const headOfSchool = actor([{ unitId: 'school', role: 'manager' }]);
    expect([seesInternalNotes(teacher, ORDER), seesInternalNotes(headOfSchool, ORDER)]).toEqual([false, false]);
  });
});

describe('answering', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const q = (minute: number): ThreadMessage => ({ kind: 'question', side: 'deliverer', createdAt: at(minute) });
  const answer = (minute: number): ThreadMessage => ({ kind: 'answer', side: 'requester', createdAt: at(minute) });

  it('counts the support unit’s questions after the requester’s last answer as open', () => {
    const first = q(1);
    const second = q(3);
    const third = q(5);
    const thread = [first, answer(2), second, { kind: 'comment', side: 'requester' as const, createdAt: at(4) }, third];
    expect(openQuestions(thread)).toEqual([second, third]);
    expect(openQuestions([...thread, answer(6)])).toEqual([]);
    expect(openQuestions([{ kind: 'question', side: 'requester', createdAt: at(1) }])).toEqual([]);
  });

  it('lets the requesting side answer an open question while the lifecycle lets it write', () => {
    const question = q(1);
    const open = new Set([question]);
    const teacher = actor([{ unitId: 'school', role: 'requester' }]);
    const officer = actor([{ unitId: 'comms', role: 'deliverer' }]);
    expect(canAnswer(teacher, { ...ORDER, status: 'in_consultation' }, question, open)).toBe(true);
    expect(canAnswer(teacher, { ...ORDER, status: 'submitted' }, question, open)).toBe(true);
    expect(canAnswer(teacher, { ...ORDER, status: 'accepted' }, question, open)).toBe(false);
    expect(canAnswer(teacher, { ...ORDER, status: 'in_consultation' }, question, new Set())).toBe(false);
    expect(canAnswer(officer, { ...ORDER, status: 'in_consultation' }, question, open)).toBe(false);
  });
});
