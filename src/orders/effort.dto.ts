import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/validation';

export class LogEffortDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1440, description: 'Minutes spent on the order (one day at most an entry).' })
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes!: number;

  @ApiPropertyOptional({ type: String, maxLength: 500, description: 'What the time went to.' })
  @Optional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
