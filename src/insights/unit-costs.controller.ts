import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { UnitCostResponse } from './insights.responses';
import { UnitCostDto } from './report.dto';
import { UnitCostsService } from './unit-costs.service';

/** A support unit's hourly cost, which turns the effort logged on its orders into a cost per order. */
@ApiTags('insights')
@ApiBearerAuth()
@RequireRole('manager')
@Controller('api/v1/units')
export class UnitCostsController {
  constructor(private readonly costs: UnitCostsService) {}

  @Get(':id/hourly-cost')
  @ApiOkResponse({ type: UnitCostResponse })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.costs.get(actor, id);
  }

  @Put(':id/hourly-cost')
  @ApiOkResponse({ type: UnitCostResponse })
  set(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UnitCostDto) {
    return this.costs.set(actor, id, dto.hourlyCost);
  }
}
