import { AuditEventEntity } from '../audit/audit-event.entity';
import { LoginFailureEntity } from '../identity/entities/login-attempt.entity';
import { MembershipEntity } from '../identity/entities/membership.entity';
import { SessionEntity } from '../identity/entities/session.entity';
import { UnitEntity } from '../identity/entities/unit.entity';
import { UserEntity } from '../identity/entities/user.entity';

/** Every entity the data source maps, module by module. */
export const ENTITIES: Function[] = [
  // identity
  UnitEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  LoginFailureEntity,
  // audit
  AuditEventEntity,
];
