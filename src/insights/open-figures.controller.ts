import { Controller, Get, Header, Inject, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../identity/access/access.decorators';
import type { AuthenticatedRequest } from '../identity/access/access.guard';
import { openFiguresCsv } from './domain/open-figures';
import { OpenFiguresResponse } from './insights.responses';
import { OpenFiguresService } from './open-figures.service';
import { OpenFiguresQueryDto } from './report.dto';

/**
 * Open data: per support unit and month, the figures the units are held to. Readable by anyone
 * when OPEN_FIGURES=public, otherwise by anyone signed in (401 for the rest). Declared public so
 * the guard lets an anonymous caller reach the check that the setting decides.
 */
@ApiTags('insights')
@Public()
@Controller('api/v1')
export class OpenFiguresController {
  constructor(
    private readonly figures: OpenFiguresService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('open-figures')
  @ApiOkResponse({ type: OpenFiguresResponse, description: 'Per support unit and month; groups under 5 orders show null.' })
  async json(@Req() req: AuthenticatedRequest, @Query() query: OpenFiguresQueryDto) {
    this.mayRead(req);
    return this.figures.figures(query);
  }

  @Get('open-figures.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'The same rows as CSV: a comment line with the schema version and the licence, a header line, one line per unit and month.',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="open-figures.csv"')
  async csv(@Req() req: AuthenticatedRequest, @Query() query: OpenFiguresQueryDto): Promise<string> {
    this.mayRead(req);
    return openFiguresCsv((await this.figures.figures(query)).rows);
  }

  private mayRead(req: AuthenticatedRequest): void {
    if (this.config.openFigures !== 'public' && !req.actor) throw new DomainError('unauthenticated', 'Sign in to read the open figures.');
  }
}
