import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../common/page';
import { IDEA_DECISIONS, IDEA_FILTERS, type IdeaDecisionValue, type IdeaFilter } from './domain/idea-rules';
import type { IdeaLinkKind } from './ideas.service';

const uuid = { type: String, format: 'uuid' } as const;
export const IDEA_LINK_KINDS: IdeaLinkKind[] = ['service', 'question', 'recommendation'];

export class RaiseIdeaDto {
  @ApiProperty({ ...uuid, description: 'The support unit the idea is for.' })
  @IsUUID()
  supportUnitId!: string;

  @ApiPropertyOptional({ ...uuid, description: 'One of its services, when the idea is about one.' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 10000, description: 'What to change, and why.' })
  @IsString()
  @Length(1, 10000)
  body!: string;
}

export class IdeaResponseDto {
  @ApiProperty({ enum: IDEA_DECISIONS, enumName: 'IdeaDecision' })
  @IsIn(IDEA_DECISIONS)
  decision!: IdeaDecisionValue;

  @ApiProperty({ type: String, minLength: 1, maxLength: 5000, description: 'Always required, whatever the decision.' })
  @IsString()
  @Length(1, 5000)
  reason!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The idea’s version as read; a stale one is 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class IdeaLinkDto {
  @ApiProperty({ enum: IDEA_LINK_KINDS, enumName: 'IdeaLinkKind' })
  @IsIn(IDEA_LINK_KINDS)
  kind!: IdeaLinkKind;

  @ApiPropertyOptional({ ...uuid, description: 'service, question: the service of its support unit that changed.' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional({ type: String, maxLength: 100, description: 'question: the key of the new or changed question.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  questionKey?: string;

  @ApiPropertyOptional({ ...uuid, description: 'recommendation: the recommendation the idea led to.' })
  @IsOptional()
  @IsUUID()
  recommendationId?: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class IdeaQueryDto extends PageQueryDto {
  @ApiPropertyOptional(uuid)
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;

  @ApiPropertyOptional({ enum: IDEA_FILTERS, description: '`unanswered`: open past its response date.' })
  @IsOptional()
  @IsIn(IDEA_FILTERS)
  @Type(() => String)
  status?: IdeaFilter;
}
