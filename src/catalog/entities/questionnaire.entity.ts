import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Question } from '../domain/question';
import { ServiceEntity } from './service.entity';

/** One version of a service's questions. Drafts are editable; a published version never changes. */
@Entity('questionnaires')
@Check('questionnaires_status_check', `"status" IN ('draft', 'published')`)
@Check('questionnaires_published_at_check', `("status" = 'published') = ("published_at" IS NOT NULL)`)
@Index('questionnaires_service_version_key', ['serviceId', 'version'], { unique: true })
export class QuestionnaireEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  serviceId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;

  /** 1, 2, 3… per service. */
  @Column('int')
  version!: number;

  @Column('text')
  status!: 'draft' | 'published';

  @Column('jsonb')
  questions!: Question[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;
}
