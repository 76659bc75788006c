import { ApiProperty } from '@nestjs/swagger';
import { Exactly } from '../common/exactly';
import { type ChannelCounts, METRIC_DEFINITIONS as DEFINED, type StoppedByCounts } from './domain/metrics';
import type { AbandonedAt, FeedbackLoopReportService, ReportRow } from './feedback-loop-report.service';
import type { UnitCostView } from './unit-costs.service';
import type { OpenFigure } from './domain/open-figures';
import type { OpenFiguresView } from './open-figures.service';
import { ServiceNoteResponse } from '../catalog/catalog.responses';
import { type DeclinedRecommendation, PATTERN_MIN, type UnachievedPurpose } from './domain/loop-patterns';
import type { LoopPatternsView } from './loop-patterns.service';

/** A fraction in 0..1, null when nothing to divide by. */
const RATE = { type: 'number', minimum: 0, maximum: 1, nullable: true } as const;
const DAYS = { type: 'number', minimum: 0, nullable: true } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;

export class ReportGroupResponse implements Exactly<ReportRow['group'], ReportGroupResponse> {
  @ApiProperty({ description: 'The month (YYYY-MM) or the id of the service or unit.', example: '2026-03' })
  key!: string;

  @ApiProperty({ description: 'What to show: the month, or the service’s or unit’s name.' })
  label!: string;
}

export class ChannelCountsResponse implements Exactly<ChannelCounts, ChannelCountsResponse> {
  @ApiProperty({ ...COUNT, description: 'Started on the web pages.' })
  web!: number;

  @ApiProperty({ ...COUNT, description: 'Started by mail.' })
  email!: number;

  @ApiProperty({ ...COUNT, description: 'Started through the API.' })
  api!: number;
}

export class StoppedByResponse implements Exactly<StoppedByCounts, StoppedByResponse> {
  @ApiProperty({ ...COUNT, description: 'No longer needed.' })
  no_longer_needed!: number;

  @ApiProperty({ ...COUNT, description: 'Found another way.' })
  found_another_way!: number;

  @ApiProperty({ ...COUNT, description: 'The questions were too hard.' })
  questions_too_hard!: number;

  @ApiProperty({ ...COUNT, description: 'It takes too long.' })
  takes_too_long!: number;

  @ApiProperty({ ...COUNT, description: 'Something else.' })
  other!: number;
}

export class FeedbackLoopRowResponse implements Exactly<ReportRow, FeedbackLoopRowResponse> {
  @ApiProperty({ type: ReportGroupResponse })
  group!: ReportGroupResponse;

  @ApiProperty({ ...COUNT, description: DEFINED.orders })
  orders!: number;

  @ApiProperty({ ...RATE, description: DEFINED.consultationRate })
  consultationRate!: number | null;

  @ApiProperty({ ...RATE, description: DEFINED.adviceFollowedRate })
  adviceFollowedRate!: number | null;

  @ApiProperty({ ...RATE, description: DEFINED.changeRequestRate })
  changeRequestRate!: number | null;

  @ApiProperty({ ...RATE, description: DEFINED.firstTimeRightRate })
  firstTimeRightRate!: number | null;

  @ApiProperty({ ...DAYS, description: DEFINED.leadTimeMedianDays })
  leadTimeMedianDays!: number | null;

  @ApiProperty({ ...DAYS, description: DEFINED.leadTimeP90Days })
  leadTimeP90Days!: number | null;

  @ApiProperty({ ...RATE, description: DEFINED.onTimeRate })
  onTimeRate!: number | null;

  @ApiProperty({ type: 'number', minimum: 1, maximum: 5, nullable: true, description: DEFINED.satisfactionAvg })
  satisfactionAvg!: number | null;

  @ApiProperty({ ...RATE, description: DEFINED.purposeAchievedRate })
  purposeAchievedRate!: number | null;

  @ApiProperty({ ...COUNT, description: DEFINED.recommendationsIssued })
  recommendationsIssued!: number;

  @ApiProperty({ ...COUNT, description: DEFINED.recommendationsAdopted })
  recommendationsAdopted!: number;

  @ApiProperty({ ...RATE, description: DEFINED.recommendationAdoptionRate })
  recommendationAdoptionRate!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0 },
    description: `Order status → average days. ${DEFINED.timeInStatusDays}`,
    example: { submitted: 1.25, in_progress: 4.5 },
  })
  timeInStatusDays!: Record<string, number>;

  @ApiProperty({ type: 'number', minimum: 0, nullable: true, description: DEFINED.effortHoursPerOrder })
  effortHoursPerOrder!: number | null;

  @ApiProperty({ type: 'number', minimum: 0, nullable: true, description: DEFINED.costPerOrder })
  costPerOrder!: number | null;

  @ApiProperty({ type: ChannelCountsResponse, description: DEFINED.channels })
  channels!: ChannelCountsResponse;

  @ApiProperty({ ...RATE, description: DEFINED.intakeCompletionRate })
  intakeCompletionRate!: number | null;

  @ApiProperty({ ...COUNT, description: DEFINED.draftsAbandoned })
  draftsAbandoned!: number;

  @ApiProperty({ type: 'number', minimum: 0, nullable: true, description: DEFINED.firstResponseMedianHours })
  firstResponseMedianHours!: number | null;

  @ApiProperty({ type: StoppedByResponse, description: DEFINED.stoppedBy })
  stoppedBy!: StoppedByResponse;
}

export class AbandonedAtResponse implements Exactly<AbandonedAt, AbandonedAtResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  serviceId!: string;

  @ApiProperty({ description: 'The service’s name.' })
  service!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The key of the first required question left unanswered (or answered invalidly); null: every question was answered.',
  })
  questionKey!: string | null;

  @ApiProperty({ ...COUNT, description: 'Drafts left there.' })
  drafts!: number;
}

export class FeedbackLoopReportResponse implements Exactly<
  Awaited<ReturnType<FeedbackLoopReportService['report']>>,
  FeedbackLoopReportResponse
> {
  @ApiProperty({ type: [FeedbackLoopRowResponse], description: 'Months in order; other groupings by label.' })
  rows!: FeedbackLoopRowResponse[];

  @ApiProperty({
    type: [AbandonedAtResponse],
    description: 'Where the abandoned drafts of the period (by month started, same filters and scope) were left, most first (at most 20).',
  })
  abandonedAt!: AbandonedAtResponse[];
}

/** A support unit's hourly cost. */
export class UnitCostResponse implements Exactly<UnitCostView, UnitCostResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  unitId!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'null: not set, so the report shows no cost for the unit.' })
  hourlyCost!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: Date | null;
}

const OPEN_NOTE = 'null when the group has fewer than 5 orders.';

export class OpenFigureResponse implements Exactly<OpenFigure, OpenFigureResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  supportUnitId!: string;

  @ApiProperty({ description: 'The support unit’s name.' })
  supportUnit!: string;

  @ApiProperty({ example: '2026-03', description: 'The month orders were submitted in.' })
  month!: string;

  @ApiProperty({ ...COUNT, nullable: true, description: `${DEFINED.orders} ${OPEN_NOTE}` })
  orders!: number | null;

  @ApiProperty({ ...DAYS, description: `${DEFINED.leadTimeMedianDays} ${OPEN_NOTE}` })
  leadTimeMedianDays!: number | null;

  @ApiProperty({ ...RATE, description: `${DEFINED.onTimeRate} ${OPEN_NOTE}` })
  onTimeRate!: number | null;

  @ApiProperty({ type: 'number', minimum: 1, maximum: 5, nullable: true, description: `${DEFINED.satisfactionAvg} ${OPEN_NOTE}` })
  satisfactionAvg!: number | null;

  @ApiProperty({ ...RATE, description: `${DEFINED.purposeAchievedRate} ${OPEN_NOTE}` })
  purposeAchievedRate!: number | null;

  @ApiProperty({ ...RATE, description: `${DEFINED.adviceFollowedRate} ${OPEN_NOTE}` })
  adviceFollowedRate!: number | null;

  @ApiProperty({ ...COUNT, nullable: true, description: `${DEFINED.recommendationsAdopted} ${OPEN_NOTE}` })
  recommendationsAdopted!: number | null;

  @ApiProperty({ ...RATE, description: `Orders not started by mail (web pages or API), divided by all orders. ${OPEN_NOTE}` })
  digitalTakeUpRate!: number | null;

  @ApiProperty({ type: 'number', minimum: 0, nullable: true, description: `${DEFINED.firstResponseMedianHours} ${OPEN_NOTE}` })
  firstResponseMedianHours!: number | null;
}

export class IdeasAnsweredFigureResponse implements Exactly<OpenFiguresView['ideas'][number], IdeasAnsweredFigureResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  supportUnitId!: string;

  @ApiProperty({ description: 'The support unit’s name.' })
  supportUnit!: string;

  @ApiProperty({ ...COUNT, description: 'Ideas raised for the unit in the period.' })
  ideas!: number;

  @ApiProperty({ ...COUNT, description: 'Answered (first answer) by their response date.' })
  answeredInTime!: number;

  @ApiProperty({ ...COUNT, description: 'Answered after their response date.' })
  answeredLate!: number;

  @ApiProperty({ ...COUNT, description: 'Still open past their response date.' })
  unanswered!: number;

  @ApiProperty({
    ...RATE,
    description: 'answeredInTime / (answeredInTime + answeredLate + unanswered); ideas still within their time do not count.',
  })
  answeredInTimeRate!: number | null;
}

export class SurveyResponseFigureResponse implements Exactly<OpenFiguresView['surveys'][number], SurveyResponseFigureResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  supportUnitId!: string;

  @ApiProperty({ description: 'The support unit’s name.' })
  supportUnit!: string;

  @ApiProperty({ ...COUNT, description: 'Surveys of its panels that closed in the period.' })
  surveys!: number;

  @ApiProperty({ ...COUNT, description: 'Members they were sent to.' })
  invited!: number;

  @ApiProperty({ ...COUNT, description: 'Answers they got.' })
  responses!: number;

  @ApiProperty({ ...RATE, description: 'responses / invited.' })
  responseRate!: number | null;
}

export class OpenFiguresResponse implements Exactly<OpenFiguresView, OpenFiguresResponse> {
  @ApiProperty({ example: 'open-figures/2', description: 'The version of the columns; a change is a new version.' })
  schema!: string;

  @ApiProperty({ description: 'The licence the figures are published under.' })
  licence!: string;

  @ApiProperty({ type: String, format: 'date' })
  from!: string;

  @ApiProperty({ type: String, format: 'date' })
  to!: string;

  @ApiProperty({ type: [OpenFigureResponse], description: 'By support unit name, then month.' })
  rows!: OpenFigureResponse[];

  @ApiProperty({
    type: [IdeasAnsweredFigureResponse],
    description: 'Ideas answered in time per support unit, by ideas raised in the period.',
  })
  ideas!: IdeasAnsweredFigureResponse[];

  @ApiProperty({
    type: [SurveyResponseFigureResponse],
    description: 'Survey response rates per support unit, by surveys closed in the period.',
  })
  surveys!: SurveyResponseFigureResponse[];
}

export class DeclinedRecommendationResponse implements Exactly<DeclinedRecommendation, DeclinedRecommendationResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  serviceId!: string;

  @ApiProperty()
  service!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  recommendationId!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why the requesting unit declined it.' })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', description: 'The order whose retrospective made the recommendation.' })
  orderId!: string;

  @ApiProperty()
  reference!: string;
}

export class UnachievedPurposeResponse implements Exactly<UnachievedPurpose, UnachievedPurposeResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  serviceId!: string;

  @ApiProperty()
  service!: string;

  @ApiProperty({ type: String, format: 'uuid', description: 'The order (its page shows the retrospective).' })
  orderId!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  purpose!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The retrospective’s outcome; null: none written.' })
  outcome!: string | null;
}

export class ServicePatternResponse implements Exactly<LoopPatternsView['services'][number], ServicePatternResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  serviceId!: string;

  @ApiProperty()
  service!: string;

  @ApiProperty({ type: [DeclinedRecommendationResponse], description: `Declined recommendations, when at least ${PATTERN_MIN}.` })
  declined!: DeclinedRecommendationResponse[];

  @ApiProperty({ type: [UnachievedPurposeResponse], description: `Orders whose purpose was not achieved, when at least ${PATTERN_MIN}.` })
  notAchieved!: UnachievedPurposeResponse[];

  @ApiProperty({ type: [ServiceNoteResponse], description: 'Decisions already recorded on the service, newest first.' })
  notes!: ServiceNoteResponse[];
}

export class LoopPatternsResponse implements Exactly<LoopPatternsView, LoopPatternsResponse> {
  @ApiProperty({ type: String, format: 'uuid' })
  supportUnitId!: string;

  @ApiProperty({ type: [ServicePatternResponse], description: 'Services with a pattern, most items first.' })
  services!: ServicePatternResponse[];
}
