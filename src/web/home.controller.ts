import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../identity/access/access.decorators';
import { PageRequest, pageLanguage } from './http/page-request';
import { translator } from './i18n/i18n';
import { PageRenderer } from './render/page-renderer';

/** The front door: what this is, and the way in. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly pages: PageRenderer) {}

  @Public()
  @Get()
  home(@Req() req: PageRequest, @Res() res: Response): void {
    const t = translator(pageLanguage(req));
    this.pages.render(req, res, 'landing.njk', { pageTitle: t('landing.title') });
  }
}
