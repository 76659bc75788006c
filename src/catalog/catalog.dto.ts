import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CleanDisplayName } from '../common/display-name';
import { PageQueryDto } from '../common/page';
import { MAX_VERSION, Optional } from '../common/validation';
import { Exactly } from '../common/exactly';
import { EMAIL_ALIAS_PATTERN, normalEmailAlias } from './domain/email-alias';
import { QUESTION_TYPES, Question, QuestionOption, QuestionType, ShowIf } from './domain/question';
import { HELP_MAX_LENGTH, LABEL_MAX_LENGTH } from './domain/validate-questionnaire';
import { SERVICE_DECISIONS, type ServiceDecision } from './domain/service-decisions';

export class CreateServiceDto {
  @ApiProperty({ format: 'uuid', description: 'A support unit.' })
  @IsUUID()
  supportUnitId!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    example: 'News article on the intranet',
    description: 'Trimmed; control characters are removed.',
  })
  @CleanDisplayName()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 365, description: 'Target lead time in business days', example: 10 })
  @IsInt()
  @Min(0)
  @Max(365)
  targetLeadTimeDays!: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    nullable: true,
    description: 'Years the personal data of its closed or cancelled orders is kept; null or omitted: RETENTION_YEARS.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  retentionYears?: number | null;

  @ApiPropertyOptional({ description: 'true when omitted.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    pattern: EMAIL_ALIAS_PATTERN,
    example: 'news',
    description:
      'Mail to `<local>+<emailAlias>@<domain>` of REPLY_ADDRESS starts a draft for this service. Trimmed and lower-cased; unique; null or "" removes it.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalEmailAlias(value) || null : value))
  @IsString()
  @Matches(new RegExp(EMAIL_ALIAS_PATTERN), { message: 'emailAlias must be 1 to 40 lower-case letters, digits and inner hyphens' })
  emailAlias?: string | null;
}

export class UpdateServiceDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The version you read; a stale one is 409. Omitted: no check.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Hands the service to another support unit; orders already made stay with theirs.' })
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Trimmed; control characters are removed.' })
  @Optional()
  @CleanDisplayName()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 365 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(365)
  targetLeadTimeDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, nullable: true, description: 'null: RETENTION_YEARS.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  retentionYears?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    pattern: EMAIL_ALIAS_PATTERN,
    example: 'news',
    description:
      'Mail to `<local>+<emailAlias>@<domain>` of REPLY_ADDRESS starts a draft for this service. Trimmed and lower-cased; unique; null or "" removes it.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalEmailAlias(value) || null : value))
  @IsString()
  @Matches(new RegExp(EMAIL_ALIAS_PATTERN), { message: 'emailAlias must be 1 to 40 lower-case letters, digits and inner hyphens' })
  emailAlias?: string | null;
}

/**
 * The documented shape of a question, in a questionnaire sent and read back. Only documentation:
 * questions are data, checked by the pure `validateQuestionnaire` (pointers into the body).
 */
export class QuestionOptionDto implements Exactly<QuestionOption, QuestionOptionDto> {
  @ApiProperty({ minLength: 1, description: 'What the answer holds; no leading or trailing spaces, unique in the question.' })
  value!: string;

  @ApiProperty({ minLength: 1, maxLength: LABEL_MAX_LENGTH })
  label!: string;
}

const CONDITION_VALUE = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

export class ShowIfDto implements Exactly<ShowIf, ShowIfDto> {
  @ApiProperty({ description: 'The key of an earlier question.' })
  key!: string;

  @ApiPropertyOptional({ ...CONDITION_VALUE, description: 'Shown when that answer equals this; give either `equals` or `in`.' })
  equals?: unknown;

  @ApiPropertyOptional({ type: 'array', items: CONDITION_VALUE, minItems: 1, description: 'Shown when that answer is one of these.' })
  in?: unknown[];
}

export class QuestionDto implements Exactly<Question, QuestionDto> {
  @ApiProperty({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,62}$', description: 'Unique in the questionnaire; not title, purpose or desiredDate.' })
  key!: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  type!: QuestionType;

  @ApiProperty({ minLength: 1, maxLength: LABEL_MAX_LENGTH })
  label!: string;

  @ApiPropertyOptional({ maxLength: HELP_MAX_LENGTH })
  help?: string;

  @ApiPropertyOptional()
  required?: boolean;

  @ApiPropertyOptional({ type: [QuestionOptionDto], minItems: 1, description: 'choice and multichoice only, and required there.' })
  options?: QuestionOptionDto[];

  @ApiPropertyOptional({ description: 'number: the least value; multichoice: the fewest selections. Inclusive.' })
  min?: number;

  @ApiPropertyOptional({ description: 'number: the greatest value; multichoice: the most selections. Inclusive.' })
  max?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1 })
  maxLength?: number;

  @ApiPropertyOptional({ type: ShowIfDto })
  showIf?: ShowIfDto;
}

export class QuestionnaireDto {
  @ApiProperty({
    description: 'Questions in order; validated as data (types, options, limits, showIf pointing at an earlier question).',
    type: [QuestionDto],
  })
  @IsArray()
  questions!: Question[];
}

/** Without `limit` the whole (short) catalog comes at once. */
export class ServiceQueryDto extends PageQueryDto {
  // Validated as every list's limit; only the documentation differs: no default here.
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 200,
    description: 'Items per page; without it, the whole catalog on one page.',
  })
  override limit?: number = undefined;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;
}

/** A manager's decision about a service, recorded as a note on it. */
export class ServiceNoteDto {
  @ApiProperty({
    type: String,
    enum: SERVICE_DECISIONS,
    description: 'What was decided: change the service, change its questions, keep it as it is, or something else.',
  })
  @IsIn(SERVICE_DECISIONS)
  decision!: ServiceDecision;

  @ApiProperty({ type: String, minLength: 1, maxLength: 2000, description: 'The decision and why, in the manager’s words.' })
  @IsString()
  @Length(1, 2000)
  text!: string;
}
