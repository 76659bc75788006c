import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { RecommendationsService } from './recommendations.service';
import { DecisionDto, FeedbackDto, RecommendationQueryDto, RetrospectiveDto } from './retrospectives.dto';
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
  @Post('orders/:id/retrospective')
  writeRetrospective(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: RetrospectiveDto) {
    return this.retrospectives.writeRetrospective(actor, id, dto);
  }

  @RequireRole('signedIn')
  @Post('orders/:id/feedback')
  writeFeedback(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: FeedbackDto) {
    return this.retrospectives.writeFeedback(actor, id, dto);
  }

  @RequireRole('signedIn')
  @Post('orders/:id/recommendations/:recId/decision')
  @HttpCode(200)
  decide(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('recId') recId: string, @Body() dto: DecisionDto) {
    return this.retrospectives.decide(actor, id, recId, dto);
  }

  @RequireRole('signedIn')
  @Get('recommendations')
  async list(@CurrentActor() actor: Actor, @Query() query: RecommendationQueryDto) {
    return { items: await this.recommendations.list(actor, query), nextCursor: null };
  }
}
