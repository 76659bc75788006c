import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto } from '../common/page';
import { ORDER_EVENT_TYPES } from './event-types';
import { Optional } from '../common/validation';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread ones.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class OutboundMailListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'kept', 'failed', 'dropped'], description: 'Only mails in this status.' })
  @IsOptional()
  @IsIn(['pending', 'sent', 'kept', 'failed', 'dropped'])
  status?: 'pending' | 'sent' | 'kept' | 'failed' | 'dropped';
}

@ValidatorConstraint({ name: 'eventSwitches' })
class EventSwitches implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).every(([k, v]) => (ORDER_EVENT_TYPES as readonly string[]).includes(k) && typeof v === 'boolean')
    );
  }
  defaultMessage(): string {
    return 'must map event types to true or false';
  }
}

/** `{ "order.submitted": true, … }`: event types and their switches; read back with every type. */
export function eventSwitchesSchema(everyType: boolean): ApiPropertyOptions {
  return {
    type: 'object',
    properties: Object.fromEntries(ORDER_EVENT_TYPES.map((type) => [type, { type: 'boolean' as const }])),
    required: everyType ? [...ORDER_EVENT_TYPES] : [],
    additionalProperties: false,
  };
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Send mail (one per notification, or the daily digest).' })
  @IsBoolean()
  email!: boolean;

  @ApiProperty({ enum: ['off', 'daily'] })
  @IsIn(['off', 'daily'])
  digest!: 'off' | 'daily';

  @ApiProperty({
    ...eventSwitchesSchema(false),
    description: 'Event type → false to turn it off; types not named stay on.',
    example: { 'order.started': false },
  })
  @IsObject()
  @Validate(EventSwitches)
  events!: Record<string, boolean>;
}

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: 2000,
    example: 'https://hooks.example.org/support-orders',
    description: 'An https:// URL of a public host, without credentials.',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: ORDER_EVENT_TYPES, isArray: true, minItems: 1, example: ['order.delivered'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDER_EVENT_TYPES.length)
  @IsIn(ORDER_EVENT_TYPES as unknown as string[], { each: true })
  events!: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of orders to or from this unit.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: ORDER_EVENT_TYPES, isArray: true, minItems: 1 })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDER_EVENT_TYPES.length)
  @IsIn(ORDER_EVENT_TYPES as unknown as string[], { each: true })
  events?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: events of every unit.' })
  @IsOptional()
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ description: 'Turning a disabled webhook on again clears its failure count.' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
