import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { FeedbackLoopReportService, reportCsv } from './feedback-loop-report.service';
import { renderBarChart } from './report-chart';
import { FeedbackLoopReportResponse, LoopPatternsResponse } from './insights.responses';
import { LoopPatternsService } from './loop-patterns.service';
import { FeedbackLoopChartQueryDto, FeedbackLoopQueryDto, LoopPatternsQueryDto } from './report.dto';

@ApiTags('insights')
@ApiBearerAuth()
@RequireRole('manager')
@Controller('api/v1/reports')
export class InsightsController {
  constructor(
    private readonly report: FeedbackLoopReportService,
    private readonly loopPatterns: LoopPatternsService,
  ) {}

  /** What keeps happening per service of a support unit, for its manager to decide on (see /reports/next). */
  @Get('next')
  @ApiOkResponse({ type: LoopPatternsResponse })
  next(@CurrentActor() actor: Actor, @Query() query: LoopPatternsQueryDto) {
    return this.loopPatterns.patterns(actor, query.supportUnitId);
  }

  @Get('feedback-loop')
  @ApiOkResponse({ type: FeedbackLoopReportResponse })
  feedbackLoop(@CurrentActor() actor: Actor, @Query() query: FeedbackLoopQueryDto) {
    return this.report.report(actor, query);
  }

  @Get('feedback-loop.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The same rows as CSV: a header line, then group, label, every metric and daysIn_<status> per row.',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="feedback-loop.csv"')
  async feedbackLoopCsv(@CurrentActor() actor: Actor, @Query() query: FeedbackLoopQueryDto): Promise<string> {
    return reportCsv((await this.report.report(actor, query)).rows);
  }

  /** One metric as a bar chart per group, for managers who would rather look than read. */
  @Get('feedback-loop.svg')
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'A bar chart of one metric per group.', content: { 'image/svg+xml': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async feedbackLoopChart(@CurrentActor() actor: Actor, @Query() query: FeedbackLoopChartQueryDto): Promise<string> {
    const { metric = 'orders', ...filters } = query;
    const { rows } = await this.report.report(actor, filters);
    return renderBarChart(
      metric,
      rows.map((r) => ({ label: r.group.label, value: r[metric] })),
    );
  }
}
