import { ApiProperty } from '@nestjs/swagger';
import { Exactly } from '../common/exactly';
import { METRIC_DEFINITIONS as DEFINED } from './domain/metrics';
import type { FeedbackLoopReportService, ReportRow } from './feedback-loop-report.service';

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
}

export class FeedbackLoopReportResponse implements Exactly<
  Awaited<ReturnType<FeedbackLoopReportService['report']>>,
  FeedbackLoopReportResponse
> {
  @ApiProperty({ type: [FeedbackLoopRowResponse], description: 'Months in order; other groupings by label.' })
  rows!: FeedbackLoopRowResponse[];
}
