import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Writes per user, bucket and fixed time window, counted with one upsert in PostgreSQL so the
 * limit holds across instances. Old windows are deleted by the housekeeping sweep.
 */
@Entity('write_counts')
export class WriteCountEntity {
  @PrimaryColumn('uuid')
  userId!: string;

  @PrimaryColumn('text')
  bucket!: string;

  @PrimaryColumn('timestamptz')
  windowStart!: Date;

  @Column('integer')
  hits!: number;
}
