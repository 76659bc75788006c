import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { MembershipRole } from '../access/actor';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

@Entity('memberships')
@Check('memberships_role_check', `"role" IN ('requester', 'deliverer', 'manager')`)
@Index('memberships_unit_idx', ['unitId', 'role'])
export class MembershipEntity {
  @PrimaryColumn('uuid')
  userId!: string;

  @PrimaryColumn('uuid')
  unitId!: string;

  @PrimaryColumn('text')
  role!: MembershipRole;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;
}
