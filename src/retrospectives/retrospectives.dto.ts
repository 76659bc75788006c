import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/page';
import { VersionDto } from '../orders/orders.dto';
import { RECOMMENDATION_CATEGORIES, RecommendationCategory, RecommendationStatus } from './entities/recommendation.entity';

/** The categories a recommendation can have, for forms outside this module. */
export { RECOMMENDATION_CATEGORIES } from './entities/recommendation.entity';

export class RecommendationDto {
  @ApiProperty({ example: 'Order invitations to parents as a digital newsletter item as well as on paper.' })
  @IsString()
  @Length(1, 2000)
  text!: string;

  @ApiProperty({ description: 'The purpose behind the advice: why this serves the requester better.' })
  @IsString()
  @Length(1, 5000)
  rationale!: string;

  @ApiProperty({ enum: RECOMMENDATION_CATEGORIES })
  @IsIn(RECOMMENDATION_CATEGORIES)
  category!: RecommendationCategory;

  @ApiPropertyOptional({ description: 'Omit to address every order to this support unit.' })
  @IsOptional()
  @IsUUID()
  targetServiceId?: string;
}

export class RetrospectiveDto extends VersionDto {
  @ApiProperty({ description: 'What came of the order, against its stated purpose.' })
  @IsString()
  @Length(1, 10000)
  outcome!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 10000)
  purposeAssessment!: string;

  @ApiProperty({ type: [RecommendationDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecommendationDto)
  recommendations!: RecommendationDto[];
}

export class FeedbackDto extends VersionDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;

  @ApiProperty({ enum: ['yes', 'partly', 'no'] })
  @IsIn(['yes', 'partly', 'no'])
  purposeAchieved!: 'yes' | 'partly' | 'no';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class DecisionDto extends VersionDto {
  @ApiProperty({ enum: ['adopted', 'declined'] })
  @IsIn(['adopted', 'declined'])
  decision!: 'adopted' | 'declined';

  @ApiPropertyOptional({ description: 'Required when declining.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class RecommendationQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional({ enum: ['open', 'adopted', 'declined', 'expired'] })
  @IsOptional()
  @IsIn(['open', 'adopted', 'declined', 'expired'])
  status?: RecommendationStatus;

  @ApiPropertyOptional({ enum: RECOMMENDATION_CATEGORIES, description: '`questionnaire` lists the catalog backlog.' })
  @IsOptional()
  @IsIn(RECOMMENDATION_CATEGORIES)
  category?: RecommendationCategory;
}
