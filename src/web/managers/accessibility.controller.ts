import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../identity/access/access.decorators';
import { PageRequest, pageLanguage } from '../http/page-request';
import { translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';

/** The accessibility statement (EU Directive 2016/2102): open to everyone, signed in or not. */
@ApiExcludeController()
@Controller('accessibility')
export class AccessibilityController {
  constructor(private readonly pages: PageRenderer) {}

  @Public()
  @Get()
  show(@Req() req: PageRequest, @Res() res: Response) {
    const t = translator(pageLanguage(req));
    this.pages.render(req, res, 'accessibility.njk', { pageTitle: t('a11y.title') });
  }
}
