import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { CleanDisplayName } from '../common/display-name';
import { PageQueryDto } from '../common/page';
import { MAX_VERSION } from '../common/validation';
import type { Question } from './domain/question';

export class CreateServiceDto {
  @ApiProperty()
  @IsUUID()
  supportUnitId!: string;

  @ApiProperty({ example: 'News article on the intranet', description: 'Trimmed; control characters are removed.' })
  @CleanDisplayName()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ description: 'Target lead time in business days', example: 10 })
  @IsInt()
  @Min(0)
  @Max(365)
  targetLeadTimeDays!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateServiceDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;

  @ApiPropertyOptional({ description: 'Hands the service to another support unit; orders already made stay with theirs.' })
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;

  @ApiPropertyOptional({ description: 'Trimmed; control characters are removed.' })
  @IsOptional()
  @CleanDisplayName()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  targetLeadTimeDays?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class QuestionnaireDto {
  @ApiProperty({
    description: 'Questions in order; validated as data (types, options, limits, showIf pointing at an earlier question).',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  questions!: Question[];
}

/** Without `limit` the whole (short) catalog comes at once. */
export class ServiceQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;
}
