import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { CreatePanelDto, SendSurveyDto, SurveyAnswersDto } from './panels.dto';
import { PanelResponse, SurveyAnsweredResponse, SurveyResponse, SurveyResultsResponse, SurveysWaitingResponse } from './panels.responses';
import { PanelsService } from './panels.service';

@ApiTags('panels')
@ApiBearerAuth()
@Controller('api/v1')
export class PanelsController {
  constructor(private readonly panels: PanelsService) {}

  @RequireRole('manager')
  @Post('panels')
  @ApiCreatedResponse({ type: PanelResponse, description: 'By a manager of the support unit; members from outside it.' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePanelDto) {
    return this.panels.create(actor, dto);
  }

  @RequireRole('manager')
  @Get('panels')
  @ApiOkResponse({ type: [PanelResponse], description: 'The panels of the units the caller manages.' })
  list(@CurrentActor() actor: Actor) {
    return this.panels.list(actor);
  }

  @RequireRole('manager')
  @Get('panels/:id')
  @ApiOkResponse({ type: PanelResponse })
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.panels.panel(actor, id);
  }

  @RequireRole('manager')
  @Post('panels/:id/surveys')
  @ApiCreatedResponse({ type: SurveyResponse, description: 'Sent to the members at once (notification and mail).' })
  send(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: SendSurveyDto) {
    return this.panels.send(actor, id, dto);
  }

  @RequireRole('signedIn')
  @Get('me/surveys')
  @ApiOkResponse({ type: SurveysWaitingResponse, description: 'Open surveys waiting for the caller’s answer.' })
  async waiting(@CurrentActor() actor: Actor) {
    return { items: await this.panels.waiting(actor) };
  }

  @RequireRole('signedIn')
  @Get('surveys/:id')
  @ApiOkResponse({ type: SurveyResponse, description: 'To the panel’s members and managers.' })
  survey(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.panels.survey(actor, id);
  }

  @RequireRole('signedIn')
  @Post('surveys/:id/responses')
  @HttpCode(201)
  @ApiCreatedResponse({ type: SurveyAnsweredResponse, description: 'Once a member, before `closesAt`; a second answer is 409.' })
  respond(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: SurveyAnswersDto) {
    return this.panels.respond(actor, id, dto);
  }

  @RequireRole('signedIn')
  @Get('surveys/:id/results')
  @ApiOkResponse({ type: SurveyResultsResponse, description: '403 while fewer than 5 have answered.' })
  results(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.panels.results(actor, id);
  }
}
