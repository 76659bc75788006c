import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
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

/** A support unit's hourly cost. */
export class UnitCostDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 100000,
    description: 'What an hour of the unit’s work costs, two decimals at most; null clears it.',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100000)
  hourlyCost!: number | null;
}

/** The period of the open figures; by default this month and the eleven before it. */
export class OpenFiguresQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day of the period (by submission month), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day of the period, YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class LoopPatternsQueryDto {
  @ApiProperty({ type: String, format: 'uuid', description: 'A support unit the caller manages (any, for an admin).' })
  @IsUUID()
  supportUnitId!: string;
}
