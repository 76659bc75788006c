import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../common/validation';
import { CHART_METRICS, ChartMetric } from './report-chart';

export const GROUP_BY = ['month', 'service', 'supportUnit', 'requesterUnit'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export class FeedbackLoopQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day of the period (by submission month), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day of the period (by submission month), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requesterUnitId?: string;

  @ApiPropertyOptional({ enum: GROUP_BY, default: 'month' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy?: GroupBy;
}

export class FeedbackLoopChartQueryDto extends FeedbackLoopQueryDto {
  @ApiPropertyOptional({ enum: CHART_METRICS, default: 'orders' })
  @IsOptional()
  @IsIn(CHART_METRICS)
  metric?: ChartMetric;
}
