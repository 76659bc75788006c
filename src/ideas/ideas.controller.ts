import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/page';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { IdeaLinkDto, IdeaQueryDto, IdeaResponseDto, RaiseIdeaDto } from './ideas.dto';
import { IdeaResponse } from './ideas.responses';
import { IdeasService } from './ideas.service';

@ApiTags('ideas')
@ApiBearerAuth()
@RequireRole('signedIn')
@Controller('api/v1/ideas')
export class IdeasController {
  constructor(private readonly ideas: IdeasService) {}

  @Get()
  @ApiOkResponse({ type: PageOf(IdeaResponse), description: 'Every idea, newest first; anyone signed in sees them all.' })
  list(@CurrentActor() actor: Actor, @Query() query: IdeaQueryDto) {
    return this.ideas.list(actor, query);
  }

  @Post()
  @ApiCreatedResponse({ type: IdeaResponse })
  raise(@CurrentActor() actor: Actor, @Body() dto: RaiseIdeaDto) {
    return this.ideas.raise(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: IdeaResponse })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.ideas.get(actor, id);
  }

  @Post(':id/support')
  @HttpCode(200)
  @ApiOkResponse({ type: IdeaResponse, description: 'One support a person; the author gets 403, a second support 409.' })
  support(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.ideas.support(actor, id);
  }

  @Delete(':id/support')
  @ApiOkResponse({ type: IdeaResponse })
  unsupport(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.ideas.unsupport(actor, id);
  }

  @Post(':id/response')
  @HttpCode(200)
  @ApiOkResponse({ type: IdeaResponse, description: 'By a manager or deliverer of its support unit; the reason is always required.' })
  respond(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: IdeaResponseDto) {
    return this.ideas.respond(actor, id, dto);
  }

  @Post(':id/links')
  @HttpCode(200)
  @ApiOkResponse({ type: IdeaResponse, description: 'What the idea changed: a service, a question, a recommendation.' })
  link(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: IdeaLinkDto) {
    return this.ideas.link(actor, id, dto);
  }
}
