import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import type { Answers } from '../catalog/domain/question';
import { IsBoundedJson } from '../common/bounded-json';
import { PageQueryDto } from '../common/page';
import { IsCalendarDate, MAX_VERSION } from '../common/validation';
import { ORDER_STATUSES, OrderStatus } from './domain/order-lifecycle';

/**
 * A purpose says what the order should achieve and for whom: at least a short sentence. Two
 * words and ten characters, or fifteen characters in scripts written without spaces.
 */
export function isPurpose(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const text = value.trim();
  return text.length >= 15 || (text.length >= 10 && /\s/.test(text));
}
const PURPOSE_MESSAGE = 'purpose must say in a sentence what the order should achieve and for whom';

function IsPurpose(): PropertyDecorator {
  return ValidateBy({ name: 'isPurpose', validator: { validate: isPurpose, defaultMessage: () => PURPOSE_MESSAGE } });
}

export class CreateOrderDto {
  @ApiProperty()
  @IsUUID()
  serviceId!: string;

  @ApiProperty()
  @IsUUID()
  requesterUnitId!: string;

  @ApiPropertyOptional({ description: 'Start from a previous order of the unit: title, purpose and answers pre-filled.' })
  @IsOptional()
  @IsUUID()
  copyOf?: string;

  @ApiPropertyOptional({ example: 'Flyer for the open day' })
  @ValidateIf((o: CreateOrderDto) => !o.copyOf || o.title !== undefined)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ description: 'What the order should achieve, and for whom. Always required.' })
  @ValidateIf((o: CreateOrderDto) => !o.copyOf || o.purpose !== undefined)
  @IsString()
  @IsPurpose()
  @MaxLength(5000)
  purpose?: string;

  @ApiPropertyOptional({ example: '2026-12-15' })
  @IsOptional()
  @IsCalendarDate()
  desiredDate?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @IsBoundedJson()
  answers?: Answers;
}

export class VersionDto {
  @ApiPropertyOptional({ description: 'The version you read (or send If-Match); stale is 409.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

/** What an order says it wants: each part optional, for edits, revisions and change requests. */
export class SpecFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ description: 'What the order should achieve, and for whom.' })
  @IsOptional()
  @IsString()
  @IsPurpose()
  @MaxLength(5000)
  purpose?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @IsBoundedJson()
  answers?: Answers;
}

export class UpdateDraftDto extends IntersectionType(VersionDto, SpecFieldsDto) {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  desiredDate?: string | null;
}

export class ReviseDto extends IntersectionType(VersionDto, SpecFieldsDto) {
  @ApiPropertyOptional({ description: 'true when the revision follows the advice given.' })
  @IsOptional()
  @IsBoolean()
  followedAdvice?: boolean;
}

export class ChangeRequestDto extends IntersectionType(VersionDto, SpecFieldsDto) {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  reason!: string;
}

export class NoteDto extends VersionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class HoldDto extends VersionDto {
  @ApiProperty({ description: 'Why the work pauses; the SLA clock stops meanwhile.' })
  @IsString()
  @Length(1, 5000)
  note!: string;
}

export class ReasonDto extends VersionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  reason!: string;
}

export class AcceptDto extends VersionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class AssignDto extends VersionDto {
  @ApiProperty({ nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId!: string | null;
}

export class DeliverDto extends VersionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 10000)
  deliveryNote!: string;

  @ApiPropertyOptional({ description: '"Delivered as ordered; in my professional view…" Shown to the requester; never blocks delivery.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  professionalNote?: string;
}

export class TransferDto extends VersionDto {
  @ApiProperty()
  @IsUUID()
  serviceId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  note!: string;
}

export class MessageDto {
  @ApiProperty({ enum: ['question', 'advice', 'answer'] })
  @IsIn(['question', 'advice', 'answer'])
  kind!: 'question' | 'advice' | 'answer';

  @ApiProperty()
  @IsString()
  @Length(1, 10000)
  body!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Advice may suggest other answers.' })
  @IsOptional()
  @IsObject()
  @IsBoundedJson()
  suggestedAnswers?: Answers;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

/** Like every change to an order, may carry the version read (optional: ticking does not move the order). */
export class ChecklistDto extends VersionDto {
  @ApiProperty()
  @IsBoolean()
  done!: boolean;
}

export class DecisionNoteDto extends VersionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class OrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  requesterUnitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;

  @ApiPropertyOptional({ description: 'A user id, `me`, or `none` for unassigned.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  assigneeId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Waiting on the requester: in consultation.' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  waitingOnRequester?: boolean;

  @ApiPropertyOptional({ description: 'Searches reference, title and purpose.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Submitted on or after this day (UTC), YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  submittedFrom?: string;

  @ApiPropertyOptional({ description: 'Submitted on or before this day (UTC), YYYY-MM-DD.' })
  @IsOptional()
  @IsCalendarDate()
  submittedTo?: string;
}
