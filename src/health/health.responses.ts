import { ApiProperty } from '@nestjs/swagger';

export class HealthStatusResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}
