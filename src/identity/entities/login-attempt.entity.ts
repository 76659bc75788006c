import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed sign-ins, counted in PostgreSQL so limits hold across app instances. */
@Entity('login_failures')
@Index('login_failures_email_idx', ['email', 'at'])
@Index('login_failures_ip_idx', ['ip', 'at'])
export class LoginFailureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column('text')
  email!: string;

  /** The address as counted: an IPv4 address, or the /64 prefix of an IPv6 one. */
  @Column('text')
  ip!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;
}
