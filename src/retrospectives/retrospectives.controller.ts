import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/page';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { IfMatch, versionOf } from '../orders/order-version';
import { RecommendationsService } from './recommendations.service';
import { DecisionDto, FeedbackDto, RecommendationQueryDto, RetrospectiveDto } from './retrospectives.dto';
import { FeedbackResponse, RecommendationResponse, RetrospectiveResponse } from './retrospectives.responses';
import { RetrospectivesService } from './retrospectives.service';

@ApiTags('retrospectives')
@ApiBearerAuth()
@Controller('api/v1')
export class RetrospectivesController {
  constructor(
    private readonly retrospectives: RetrospectivesService,
    private readonly recommendations: RecommendationsService,
  ) {}

  @RequireRole('signedIn')
  @IfMatch
  @Post('orders/:id/retrospective')
  @ApiCreatedResponse({ type: RetrospectiveResponse })
  writeRetrospective(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() dto: RetrospectiveDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.retrospectives.writeRetrospective(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post('orders/:id/feedback')
  @ApiCreatedResponse({ type: FeedbackResponse })
  writeFeedback(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Body() dto: FeedbackDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.retrospectives.writeFeedback(actor, id, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @IfMatch
  @Post('orders/:id/recommendations/:recId/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: RecommendationResponse, description: 'The recommendation with its decision.' })
  decide(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('recId') recId: string,
    @Body() dto: DecisionDto,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.retrospectives.decide(actor, id, recId, { ...dto, version: versionOf(dto, ifMatch) });
  }

  @RequireRole('signedIn')
  @Get('recommendations')
  @ApiOkResponse({ type: PageOf(RecommendationResponse), description: 'Visible ones, newest first.' })
  async list(@CurrentActor() actor: Actor, @Query() query: RecommendationQueryDto) {
    return this.recommendations.list(actor, query);
  }
}
