import { ApiProperty } from '@nestjs/swagger';
import type { Exactly } from '../common/exactly';
import { AttachmentResponse } from '../files/files.responses';
import type { FeedbackEntity } from './entities/feedback.entity';
import { RECOMMENDATION_CATEGORIES, type RecommendationCategory, type RecommendationStatus } from './entities/recommendation.entity';
import type { RecommendationView } from './recommendations.service';
import type { RetrospectivesService } from './retrospectives.service';

// What the retrospectives routes answer, as the OpenAPI document describes it; each class is
// tied to the type its service returns by `Exactly<…>`.

const uuid = { type: String, format: 'uuid' } as const;
const dateTime = { type: String, format: 'date-time' } as const;

export class RecommendationResponse implements Exactly<RecommendationView, RecommendationResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty({ ...uuid, description: 'The delivered order whose retrospective made it.' })
  sourceOrderId!: string;

  @ApiProperty({ ...uuid, description: 'The unit that recommends.' })
  supportUnitId!: string;

  @ApiProperty({ ...uuid, description: 'The requesting unit it is addressed to.' })
  targetUnitId!: string;

  @ApiProperty({ ...uuid, nullable: true, description: 'null: every service of the support unit.' })
  targetServiceId!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({ description: 'The purpose behind the advice.' })
  rationale!: string;

  @ApiProperty({ enum: RECOMMENDATION_CATEGORIES, enumName: 'RecommendationCategory' })
  category!: RecommendationCategory;

  @ApiProperty({
    enum: ['open', 'adopted', 'declined', 'expired'],
    enumName: 'RecommendationStatus',
    description: 'An open one past `expiresAt` reads as expired.',
  })
  status!: RecommendationStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was declined (or a note on adopting it).' })
  decisionReason!: string | null;

  @ApiProperty({ ...dateTime, nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ ...uuid, nullable: true, description: 'The draft on which the decision was taken.' })
  decidedOnOrderId!: string | null;

  @ApiProperty(dateTime)
  expiresAt!: Date;

  @ApiProperty(dateTime)
  createdAt!: Date;
}

/** The delivering unit's look back at an order, with the recommendations it issued. */
export class RetrospectiveResponse implements Exactly<
  Omit<Awaited<ReturnType<RetrospectivesService['writeRetrospective']>>, 'order'>,
  RetrospectiveResponse
> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty(uuid)
  authorId!: string;

  @ApiProperty({ description: 'What came of the order, against its stated purpose.' })
  outcome!: string;

  @ApiProperty()
  purposeAssessment!: string;

  @ApiProperty(dateTime)
  createdAt!: Date;

  @ApiProperty({ type: [RecommendationResponse], description: 'Addressed to the requesting unit.' })
  recommendations!: RecommendationResponse[];

  @ApiProperty({ type: [AttachmentResponse], description: 'The files it refers to.' })
  attachments!: AttachmentResponse[];
}

/** The requester's verdict on a delivered order. */
export class FeedbackResponse implements Exactly<Omit<FeedbackEntity, 'order'>, FeedbackResponse> {
  @ApiProperty(uuid)
  id!: string;

  @ApiProperty(uuid)
  orderId!: string;

  @ApiProperty(uuid)
  authorId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  satisfaction!: number;

  @ApiProperty({ enum: ['yes', 'partly', 'no'], enumName: 'PurposeAchieved' })
  purposeAchieved!: 'yes' | 'partly' | 'no';

  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;

  @ApiProperty(dateTime)
  createdAt!: Date;
}
