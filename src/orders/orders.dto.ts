import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
  ValidateNested,
} from 'class-validator';
import type { Answers } from '../catalog/domain/question';
import { IsBoundedJson } from '../common/bounded-json';
import { PageQueryDto } from '../common/page';
import { IsCalendarDate, MAX_VERSION, Optional } from '../common/validation';
import { ORDER_STATUSES, OrderStatus } from './domain/order-lifecycle';
import { ORDER_SORTS, OrderSort, SORT_ORDERS, SortOrder } from './domain/order-sort';
import { MESSAGE_KINDS, type MessageKind } from './domain/message-kinds';
import { STOP_REASONS, type StopReason } from './domain/stop-reasons';

// How the OpenAPI document shows the checks below (class-validator's rules are not read by the scan).
const uuid = { type: String, format: 'uuid' } as const;
const day = { type: String, format: 'date', example: '2026-12-15' } as const;
const answers = { type: 'object', additionalProperties: true, description: 'Answers by question key.' } as const;
const text = (maxLength: number) => ({ type: String, minLength: 1, maxLength }) as const;
const PURPOSE_DOC = 'What the order should achieve, and for whom: a sentence (two words and ten characters at least).';

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
  @ApiProperty(uuid)
  @IsUUID()
  serviceId!: string;

  @ApiProperty({ ...uuid, description: 'The unit ordering; the caller must be one of its requesters.' })
  @IsUUID()
  requesterUnitId!: string;

  @ApiPropertyOptional({
    ...uuid,
    description: 'Start from a previous order of the unit: title and purpose, and the answers when the service is the same, pre-filled.',
  })
  @IsOptional()
  @IsUUID()
  copyOf?: string;

  @ApiPropertyOptional({ ...text(200), example: 'Flyer for the open day', description: 'Required unless `copyOf` is given.' })
  @ValidateIf((o: CreateOrderDto) => !o.copyOf || o.title !== undefined)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: String, maxLength: 5000, description: `${PURPOSE_DOC} Required unless \`copyOf\` is given.` })
  @ValidateIf((o: CreateOrderDto) => !o.copyOf || o.purpose !== undefined)
  @IsString()
  @IsPurpose()
  @MaxLength(5000)
  purpose?: string;

  @ApiPropertyOptional(day)
  @IsOptional()
  @IsCalendarDate()
  desiredDate?: string;

  @ApiPropertyOptional({ ...answers, description: 'Answers by question key; checked against the questionnaire on submit.' })
  @IsOptional()
  @IsObject()
  @IsBoundedJson()
  answers?: Answers;
}

export class VersionDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_VERSION,
    description: 'The version you read (or send If-Match); stale is 409.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

/** Files of the same order that a message, delivery or change request refers to (uploaded first). */
export class AttachmentIdsDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    maxItems: 20,
    description: 'Files of this order (POST /orders/:id/attachments first) that this refers to.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** What an order says it wants: each part optional, for edits, revisions and change requests. */
export class SpecFieldsDto {
  @ApiPropertyOptional(text(200))
  @Optional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: String, maxLength: 5000, description: PURPOSE_DOC })
  @Optional()
  @IsString()
  @IsPurpose()
  @MaxLength(5000)
  purpose?: string;

  @ApiPropertyOptional(answers)
  @Optional()
  @IsObject()
  @IsBoundedJson()
  answers?: Answers;
}

export class UpdateDraftDto extends IntersectionType(VersionDto, SpecFieldsDto) {
  @ApiPropertyOptional({ ...day, nullable: true, description: 'null clears it.' })
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

export class ChangeRequestDto extends IntersectionType(VersionDto, SpecFieldsDto, AttachmentIdsDto) {
  @ApiProperty({ ...text(5000), description: 'Why the change; propose at least one of title, purpose and answers.' })
  @IsString()
  @Length(1, 5000)
  reason!: string;
}

export class NoteDto extends VersionDto {
  @ApiPropertyOptional({ type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class HoldDto extends VersionDto {
  @ApiProperty({ ...text(5000), description: 'Why the work pauses; the SLA clock stops meanwhile.' })
  @IsString()
  @Length(1, 5000)
  note!: string;
}

export class ReasonDto extends VersionDto {
  @ApiProperty(text(5000))
  @IsString()
  @Length(1, 5000)
  reason!: string;
}

const stoppedBy = {
  type: String,
  enum: STOP_REASONS,
  description: '"What stopped you?" (optional): counted in the feedback-loop report (`stoppedBy`).',
} as const;

/** Cancelling: the reason as before, and optionally what stopped the requester. */
export class CancelDto extends ReasonDto {
  @ApiPropertyOptional(stoppedBy)
  @IsOptional()
  @IsIn(STOP_REASONS)
  stoppedBy?: StopReason;
}

/** Deleting a draft: all optional, in the body or the query (`?version=3&stoppedBy=other`). */
export class DeleteDraftDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_VERSION,
    description: 'The version you read (or send If-Match); stale is 409.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;

  @ApiPropertyOptional(stoppedBy)
  @IsOptional()
  @IsIn(STOP_REASONS)
  stoppedBy?: StopReason;

  @ApiPropertyOptional({
    type: String,
    maxLength: 500,
    description: 'In your own words (optional); kept in the audit log, not with the figures.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class AcceptDto extends VersionDto {
  @ApiPropertyOptional({ ...uuid, description: 'A deliverer of the support unit.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class AssignDto extends VersionDto {
  @ApiProperty({ ...uuid, nullable: true, description: 'A deliverer of the support unit; null unassigns.' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId!: string | null;
}

export class DeliverDto extends IntersectionType(VersionDto, AttachmentIdsDto) {
  @ApiProperty(text(10000))
  @IsString()
  @Length(1, 10000)
  deliveryNote!: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 10000,
    description: '"Delivered as ordered; in my professional view…" Shown to the requester; never blocks delivery.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  professionalNote?: string;
}

export class TransferDto extends VersionDto {
  @ApiProperty({ ...uuid, description: 'The service the order moves to.' })
  @IsUUID()
  serviceId!: string;

  @ApiProperty(text(5000))
  @IsString()
  @Length(1, 5000)
  note!: string;
}

export class MessageDto extends AttachmentIdsDto {
  @ApiProperty({
    enum: MESSAGE_KINDS,
    enumName: 'MessageKind',
    description:
      'Advice and internal notes are written by the delivering unit; an internal note is never shown to the requesting side. ' +
      "A comment (either side, from submitted to accepted) moves nothing; the requester's answer in consultation returns the order to submitted.",
  })
  @IsIn(MESSAGE_KINDS)
  kind!: MessageKind;

  @ApiProperty(text(10000))
  @IsString()
  @Length(1, 10000)
  body!: string;

  @ApiPropertyOptional({ ...answers, description: 'Advice only: the answers it suggests instead.' })
  @IsOptional()
  @IsObject()
  @IsBoundedJson()
  suggestedAnswers?: Answers;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_VERSION,
    description: 'The version you read (or send If-Match); stale is 409.',
  })
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
  @ApiPropertyOptional({ type: String, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class OrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: String,
    description: `One status or several, comma-separated (\`submitted,in_consultation\`): ${ORDER_STATUSES.join(', ')}.`,
    example: 'submitted,in_consultation',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayMaxSize(ORDER_STATUSES.length)
  @IsIn(ORDER_STATUSES, { each: true })
  status?: OrderStatus[];

  @ApiPropertyOptional({
    enum: ORDER_SORTS,
    description: 'Sort key: `created` (the default), `updated`, or `due` (orders without a due date last).',
  })
  @IsOptional()
  @IsIn(ORDER_SORTS)
  sort?: OrderSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, description: '`desc` by default; `asc` for `sort=due`.' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;

  @ApiPropertyOptional(uuid)
  @IsOptional()
  @IsUUID()
  serviceId?: string;

  @ApiPropertyOptional(uuid)
  @IsOptional()
  @IsUUID()
  requesterUnitId?: string;

  @ApiPropertyOptional(uuid)
  @IsOptional()
  @IsUUID()
  supportUnitId?: string;

  @ApiPropertyOptional({ type: String, maxLength: 40, description: 'A user id, `me`, or `none` for unassigned.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'Past the due date while confirmed or in progress.' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Waiting on the requester: in consultation.' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  waitingOnRequester?: boolean;

  @ApiPropertyOptional({ type: String, maxLength: 200, description: 'Searches reference, title and purpose.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ ...day, description: 'Submitted on or after this day (UTC).' })
  @IsOptional()
  @IsCalendarDate()
  submittedFrom?: string;

  @ApiPropertyOptional({ ...day, description: 'Submitted on or before this day (UTC).' })
  @IsOptional()
  @IsCalendarDate()
  submittedTo?: string;
}

export const BULK_ACTIONS = ['assign', 'accept', 'start'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export class BulkItemDto {
  @ApiProperty(uuid)
  @IsUUID()
  id!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_VERSION,
    description: 'The version you read; stale is a 409 for this item alone.',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version!: number;
}

export class BulkDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action!: BulkAction;

  @ApiProperty({ type: [BulkItemDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BulkItemDto)
  items!: BulkItemDto[];

  @ApiPropertyOptional({
    ...uuid,
    nullable: true,
    description: 'For `assign` (null unassigns) and `accept` (optional): a deliverer of the support unit.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;
}
