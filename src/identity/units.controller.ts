import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '../common/page';
import { CurrentActor, RequireRole } from './access/access.decorators';
import type { Actor } from './access/actor';
import { CreateUnitDto } from './identity.dto';
import { UnitPage, UnitResponse } from './identity.responses';
import { UnitsService } from './units.service';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @RequireRole('signedIn')
  @Get()
  @ApiOkResponse({ type: UnitPage, description: 'Every unit by name, on one page.' })
  async list(): Promise<Page<UnitResponse>> {
    return { items: await this.units.list(), nextCursor: null };
  }

  @RequireRole('admin')
  @Post()
  @ApiCreatedResponse({ type: UnitResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }
}
