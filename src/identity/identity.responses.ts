import { ApiProperty } from '@nestjs/swagger';
import { Exactly } from '../common/exactly';
import { PageOf } from '../common/page';
import { LANGUAGES, Language } from '../common/language';
import { MEMBERSHIP_ROLES, Membership, MembershipRole } from './access/actor';
import type { UnitView } from './units.service';
import type { UserView } from './users.service';

export class MembershipResponse implements Exactly<Membership, MembershipResponse> {
  @ApiProperty({ format: 'uuid' })
  unitId!: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  role!: MembershipRole;
}

export class UserResponse implements Exactly<UserView, UserResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Lower case.' })
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  isAdmin!: boolean;

  @ApiProperty({ description: 'false: cannot sign in, every session revoked.' })
  active!: boolean;

  @ApiProperty({ description: 'Erased (issue 27): the account shows "Former user" and can never sign in again.' })
  erased!: boolean;

  @ApiProperty({ type: [MembershipResponse] })
  memberships!: MembershipResponse[];

  @ApiProperty({ enum: [...LANGUAGES, null], nullable: true, description: 'null until the user picks one; pages then follow the browser.' })
  language!: Language | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;
}

export const UserPage = PageOf(UserResponse);

/** `GET /me` and `PATCH /me`: the caller as the API sees them. */
export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  isAdmin!: boolean;

  @ApiProperty({ type: [MembershipResponse] })
  memberships!: MembershipResponse[];

  @ApiProperty({ enum: [...LANGUAGES, null], nullable: true, description: 'null: pages follow the browser.' })
  language!: Language | null;
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`; opaque.' })
  token!: string;

  @ApiProperty({ description: 'For cookie-authenticated requests that change state: send as `X-CSRF-Token`.' })
  csrfToken!: string;

  @ApiProperty({ type: UserResponse })
  user!: UserResponse;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The session this request came with.' })
  current!: boolean;

  @ApiProperty({ enum: ['password', 'sso'], description: 'How it was signed in.' })
  kind!: 'password' | 'sso';

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt!: Date;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: Date;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;
}

export const SessionPage = PageOf(SessionResponse);

export class UnitResponse implements Exactly<UnitView, UnitResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ['core', 'support'] })
  kind!: 'core' | 'support';

  @ApiProperty({ description: 'Prefix of the references of orders to this unit, 2–5 capitals.', example: 'COM' })
  code!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for an organisation at the root.' })
  parentId!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;
}

export const UnitPage = PageOf(UnitResponse);
