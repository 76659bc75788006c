import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { Exactly } from '../common/exactly';
import { IDEA_DECISIONS, IDEA_STATUSES, type IdeaDecisionValue, type IdeaStatus } from './domain/idea-rules';
import { IDEA_LINK_KINDS } from './ideas.dto';
import type { IdeaAnswerView, IdeaLinkKind, IdeaLinkView, IdeaPermissionsView, IdeaView } from './ideas.service';

const uuid = { type: String, format: 'uuid' } as const;
const dateTime = { type: String, format: 'date-time' } as const;

export class IdeaLinkResponse implements Exactly<IdeaLinkView, IdeaLinkResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty({ enum: IDEA_LINK_KINDS, enumName: 'IdeaLinkKind' })
  kind!: IdeaLinkKind;

  @ApiProperty({ ...uuid, nullable: true })
  serviceId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  questionKey!: string | null;

  @ApiProperty({ ...uuid, nullable: true })
  recommendationId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty(dateTime)
  createdAt!: Date;
}

export class IdeaAnswerResponse implements Exactly<IdeaAnswerView, IdeaAnswerResponse> {
  @ApiProperty({ enum: IDEA_DECISIONS, enumName: 'IdeaDecision' })
  decision!: IdeaDecisionValue;

  @ApiProperty()
  reason!: string;

  @ApiProperty(dateTime)
  answeredAt!: Date;

  @ApiProperty({ description: 'The first answer came by `respondBy`.' })
  answeredInTime!: boolean;
}

export class IdeaPermissionsResponse implements Exactly<IdeaPermissionsView, IdeaPermissionsResponse> {
  @ApiProperty()
  isAuthor!: boolean;

  @ApiProperty({ description: 'The caller supports it.' })
  supports!: boolean;

  @ApiProperty()
  maySupport!: boolean;

  @ApiProperty({ description: 'The caller is a manager or deliverer of its support unit.' })
  mayRespond!: boolean;
}

@ApiExtraModels(IdeaAnswerResponse)
export class IdeaResponse implements Exactly<IdeaView, IdeaResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  supportUnitId!: string;

  @ApiProperty({ description: 'The support unit’s name.' })
  supportUnit!: string;

  @ApiProperty({ ...uuid, nullable: true })
  serviceId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The service’s name.' })
  service!: string | null;

  @ApiProperty(uuid)
  authorId!: string;

  @ApiProperty({ description: 'The author’s name.' })
  author!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'What to change, and why.' })
  body!: string;

  @ApiProperty({ enum: IDEA_STATUSES, enumName: 'IdeaStatus' })
  status!: IdeaStatus;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many support it.' })
  supporters!: number;

  @ApiProperty(dateTime)
  createdAt!: Date;

  @ApiProperty({ ...dateTime, description: 'The unit answers by then (IDEA_RESPONSE_DAYS after it was raised).' })
  respondBy!: Date;

  @ApiProperty({ description: 'Open past `respondBy`.' })
  unanswered!: boolean;

  @ApiProperty({ nullable: true, allOf: [{ $ref: getSchemaPath(IdeaAnswerResponse) }], description: 'null until the unit answers.' })
  answer!: IdeaAnswerResponse | null;

  @ApiProperty({ type: [IdeaLinkResponse], description: 'What the idea changed.' })
  links!: IdeaLinkResponse[];

  @ApiProperty({ type: IdeaPermissionsResponse, description: 'What the caller may do with it.' })
  you!: IdeaPermissionsResponse;

  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;
}
