import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsObject, IsString, IsUUID, Length } from 'class-validator';
import { IsBoundedJson } from '../common/bounded-json';

const uuid = { type: String, format: 'uuid' } as const;

export class CreatePanelDto {
  @ApiProperty({ ...uuid, description: 'The support unit whose customers the panel speaks for.' })
  @IsUUID()
  supportUnitId!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 500,
    description: 'Active people outside the support unit, whether or not their units have ordered from it yet.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  memberIds!: string[];
}

export class SendSurveyDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    minItems: 1,
    maxItems: 50,
    description: 'Questions as a service’s questionnaire has them (types, options, limits, showIf), checked the same way.',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsBoundedJson()
  questions!: unknown[];

  @ApiProperty({ type: String, format: 'date-time', description: 'No answers after this; must be in the future.' })
  @IsDateString()
  closesAt!: string;
}

export class SurveyAnswersDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'One entry per question key, validated like an order’s answers.',
  })
  @IsObject()
  @IsBoundedJson()
  answers!: Record<string, unknown>;
}
