import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { LogEffortDto } from './effort.dto';
import { EffortService } from './effort.service';
import { EffortResponse } from './orders.responses';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class EffortController {
  constructor(private readonly effort: EffortService) {}

  /** The delivering side logs time spent on the order; the order view sums it as `effortMinutes`. */
  @RequireRole('signedIn')
  @Post(':id/effort')
  @ApiCreatedResponse({ type: EffortResponse, description: 'The entry logged.' })
  log(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: LogEffortDto) {
    return this.effort.log(actor, id, dto);
  }
}
