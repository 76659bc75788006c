import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
const uuidSchema = { type: String, format: 'uuid' } as const;

/** The order list's query parameters a view may keep: `GET /api/v1/orders` names them so. */
export const VIEW_FILTERS = [
  'status',
  'serviceId',
  'requesterUnitId',
  'supportUnitId',
  'assigneeId',
  'overdue',
  'waitingOnRequester',
  'submittedFrom',
  'submittedTo',
  'q',
  'sort',
  'order',
] as const;
export type ViewFilter = (typeof VIEW_FILTERS)[number];

export class SaveViewDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 80, example: 'Overdue print work' })
  @IsString()
  @Length(1, 80)
  name!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `The list's query as text, by name (${VIEW_FILTERS.join(', ')}), checked as the list checks it.`,
    example: { status: 'submitted,in_consultation', assigneeId: 'me', sort: 'due' },
  })
  @IsObject()
  filters!: Record<string, string>;

  @ApiPropertyOptional({ ...uuidSchema, description: 'Shared with this unit (one you deliver for); omitted: yours alone.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
