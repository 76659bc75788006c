import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of every change (a trigger refuses UPDATE and DELETE). */
@Entity('audit_events')
@Index('audit_events_entity_idx', ['entity', 'entityId', 'at'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text')
  action!: string;

  @Column('text')
  entity!: string;

  @Column('text', { nullable: true })
  entityId!: string | null;

  @Column('jsonb', { nullable: true })
  before!: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after!: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  ip!: string | null;

  @Column('text', { nullable: true })
  requestId!: string | null;
}
