import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
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
import { AttachmentIdsDto, VersionDto } from '../orders/orders.dto';
import { RECOMMENDATION_CATEGORIES, RecommendationCategory, RecommendationStatus } from './entities/recommendation.entity';

/** The categories a recommendation can have, for forms outside this module. */
export { RECOMMENDATION_CATEGORIES } from './entities/recommendation.entity';

// How the OpenAPI document shows the checks below (class-validator's rules are not read by the scan).
const uuid = { type: String, format: 'uuid' } as const;
const text = (maxLength: number) => ({ type: String, minLength: 1, maxLength }) as const;
const RECOMMENDATION_STATUSES: RecommendationStatus[] = ['open', 'adopted', 'declined', 'expired'];

export class RecommendationDto {
  @ApiProperty({ ...text(2000), example: 'Order invitations to parents as a digital newsletter item as well as on paper.' })
  @IsString()
  @Length(1, 2000)
  text!: string;

  @ApiProperty({ ...text(5000), description: 'The purpose behind the advice: why this serves the requester better.' })
  @IsString()
  @Length(1, 5000)
  rationale!: string;

  @ApiProperty({ enum: RECOMMENDATION_CATEGORIES, enumName: 'RecommendationCategory' })
  @IsIn(RECOMMENDATION_CATEGORIES)
  category!: RecommendationCategory;

  @ApiPropertyOptional({ ...uuid, description: 'A service of the delivering unit; omit to address every order to this support unit.' })
  @IsOptional()
  @IsUUID()
  targetServiceId?: string;
}

export class RetrospectiveDto extends IntersectionType(VersionDto, AttachmentIdsDto) {
  @ApiProperty({ ...text(10000), description: 'What came of the order, against its stated purpose.' })
  @IsString()
  @Length(1, 10000)
  outcome!: string;

  @ApiProperty(text(10000))
  @IsString()
  @Length(1, 10000)
  purposeAssessment!: string;

  @ApiProperty({ type: [RecommendationDto], maxItems: 20, description: 'May be empty; each is addressed to the requesting unit.' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecommendationDto)
  recommendations!: RecommendationDto[];
}

export class FeedbackDto extends VersionDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;

  @ApiProperty({ enum: ['yes', 'partly', 'no'], enumName: 'PurposeAchieved' })
  @IsIn(['yes', 'partly', 'no'])
  purposeAchieved!: 'yes' | 'partly' | 'no';

  @ApiPropertyOptional({ type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class DecisionDto extends VersionDto {
  @ApiProperty({ enum: ['adopted', 'declined'] })
  @IsIn(['adopted', 'declined'])
  decision!: 'adopted' | 'declined';

  @ApiPropertyOptional({ type: String, maxLength: 5000, description: 'Required when declining.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class RecommendationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...uuid, description: 'Addressed to, or issued by, this unit.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ ...uuid, description: 'Aimed at this service, or at every service of the unit that offers it.' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional({
    enum: RECOMMENDATION_STATUSES,
    enumName: 'RecommendationStatus',
    description: 'An open one past its expiry counts as expired.',
  })
  @IsOptional()
  @IsIn(RECOMMENDATION_STATUSES)
  status?: RecommendationStatus;

  @ApiPropertyOptional({
    enum: RECOMMENDATION_CATEGORIES,
    enumName: 'RecommendationCategory',
    description: '`questionnaire` lists the catalog backlog.',
  })
  @IsOptional()
  @IsIn(RECOMMENDATION_CATEGORIES)
  category?: RecommendationCategory;
}
