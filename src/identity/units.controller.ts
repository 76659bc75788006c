import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole } from './access/access.decorators';
import type { Actor } from './access/actor';
import { CreateUnitDto } from './identity.dto';
import { UnitsService } from './units.service';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @RequireRole('signedIn')
  @Get()
  async list() {
    return { items: await this.units.list(), nextCursor: null };
  }

  @RequireRole('admin')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }
}
