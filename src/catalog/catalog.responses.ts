import { ApiProperty } from '@nestjs/swagger';
import { Exactly } from '../common/exactly';
import { PageOf } from '../common/page';
import { QuestionDto } from './catalog.dto';
import type { QuestionnaireView, ServiceView } from './catalog.service';
import { SERVICE_DECISIONS, type ServiceDecision } from './domain/service-decisions';
import type { ServiceNoteView } from './service-notes.service';

export class ServiceResponse implements Exactly<ServiceView, ServiceResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  supportUnitId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Target lead time in business days.' })
  targetLeadTimeDays!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Years the personal data of its finished orders is kept; null: RETENTION_YEARS.',
  })
  retentionYears!: number | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: 'string', nullable: true, description: 'Mail to `<local>+<emailAlias>@<domain>` starts a draft for this service.' })
  emailAlias!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The questionnaire new orders are answered with; null while none is published.',
  })
  publishedQuestionnaireVersion!: number | null;
}

export const ServicePage = PageOf(ServiceResponse);

export class QuestionnaireResponse implements Exactly<QuestionnaireView, QuestionnaireResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ enum: ['draft', 'published'], description: 'A published version never changes.' })
  status!: 'draft' | 'published';

  @ApiProperty({ type: [QuestionDto] })
  questions!: QuestionDto[];

  @ApiProperty({ type: Date, format: 'date-time', nullable: true })
  publishedAt!: Date | null;
}

export class ServiceNoteResponse implements Exactly<ServiceNoteView, ServiceNoteResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ type: String, enum: SERVICE_DECISIONS })
  decision!: ServiceDecision;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  authorId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class ServiceNotesResponse {
  @ApiProperty({ type: [ServiceNoteResponse], description: 'Newest first.' })
  items!: ServiceNoteResponse[];
}
