import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { SaveViewDto } from './saved-views.dto';
import { SavedViewListResponse, SavedViewResponse } from './saved-views.responses';
import { SavedViews } from './saved-views.service';

@ApiTags('workspace')
@ApiBearerAuth()
@RequireRole('signedIn')
@Controller('api/v1/me/views')
export class SavedViewsController {
  constructor(private readonly views: SavedViews) {}

  @Get()
  @ApiOkResponse({ type: SavedViewListResponse, description: 'Your own views, then those shared with the units you deliver for.' })
  list(@CurrentActor() actor: Actor) {
    return this.views.list(actor);
  }

  @Post()
  @ApiCreatedResponse({ type: SavedViewResponse })
  save(@CurrentActor() actor: Actor, @Body() dto: SaveViewDto) {
    return this.views.save(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed (by who saved it, or a manager of the unit it is shared with).' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.views.remove(actor, id);
  }
}
