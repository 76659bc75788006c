import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, invalid } from '../../common/domain-error';
import { isLanguage } from '../../common/language';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { requestIsSecure } from '../../identity/access/session-cookie';
import { Public } from '../../identity/access/access.decorators';
import { UsersService } from '../../identity/users.service';
import { checkPreSessionToken } from '../http/form-csrf';
import { LANGUAGE_COOKIE, PageRequest, field } from '../http/page-request';
import { safeNext } from '../http/safe-next';

const ONE_YEAR_MS = 365 * 24 * 3600_000;

/**
 * The language switch on every page: remembered for the signed-in user (as `PATCH /api/v1/me`
 * does), and on this browser for pages seen before signing in.
 */
@ApiExcludeController()
@Controller()
export class LanguageController {
  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('language')
  async pick(@Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const secure = requestIsSecure(req, this.config.session.secureCookies);
    // The guard took the session's token already when it matched; otherwise the pre-session one must.
    if (!req.actor && !checkPreSessionToken(req, secure)) throw new DomainError('csrf_failed', 'The form has expired.');
    const language = field(body, 'language');
    if (!isLanguage(language)) throw invalid('/language', 'choice', 'must be one of: en, fi, sv');
    if (req.actor) await this.users.setLanguage(req.actor, language);
    res.cookie(LANGUAGE_COOKIE, language, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: ONE_YEAR_MS });
    res.redirect(303, safeNext(field(body, 'next')));
  }
}
