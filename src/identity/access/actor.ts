import type { Language } from '../../common/language';
/** Who is calling: the user, their memberships, and how they authenticated. */
export type MembershipRole = 'requester' | 'deliverer' | 'manager';
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['requester', 'deliverer', 'manager'];

export interface Membership {
  unitId: string;
  role: MembershipRole;
}

export interface Actor {
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
  memberships: Membership[];
  /** Units the user belongs to in any role. */
  memberUnitIds: string[];
  /** Units the user manages, and every unit below them. */
  managedUnitIds: string[];
  sessionId: string;
  via: 'bearer' | 'cookie';
  /** The language the user picked; null: follow the browser. */
  language: Language | null;
}

export function unitsWithRole(actor: Actor, role: MembershipRole): string[] {
  return actor.memberships.filter((m) => m.role === role).map((m) => m.unitId);
}

export function hasRole(actor: Actor, role: MembershipRole, unitId?: string): boolean {
  return actor.memberships.some((m) => m.role === role && (unitId === undefined || m.unitId === unitId));
}
