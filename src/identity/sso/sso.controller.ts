import { Controller, Get, Inject, Redirect, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Public } from '../access/access.decorators';
import { requestIsSecure, setSessionCookie } from '../access/session-cookie';
import { AuthService } from '../auth.service';
import { requestMeta } from '../request-meta';
import { SSO_ATTEMPT_COOKIE, SSO_ATTEMPT_TTL_MS, SsoService } from './sso.service';

const ATTEMPT_COOKIE_PATH = '/api/v1/auth/sso';

@ApiTags('identity')
@Controller('api/v1/auth/sso')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends the browser to the identity provider; 404 when single sign-on is not configured. */
  @Public()
  @Get('start')
  @Redirect()
  @ApiFoundResponse({ description: 'Redirect to the identity provider.' })
  async start(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { url, attempt } = await this.sso.start();
    res.cookie(SSO_ATTEMPT_COOKIE, SsoService.encodeAttempt(attempt), { ...this.attemptCookie(req), maxAge: SSO_ATTEMPT_TTL_MS });
    return { url, statusCode: 302 };
  }

  /** Where the provider sends the browser back; signs in and redirects to the app. */
  @Public()
  @Get('callback')
  @Redirect()
  @ApiFoundResponse({ description: 'Signed in; redirect to the app with the session cookie set.' })
  async callback(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const cookies = (req as Request & { cookies?: Record<string, string> }).cookies ?? {};
    const attempt = SsoService.decodeAttempt(cookies[SSO_ATTEMPT_COOKIE]);
    res.clearCookie(SSO_ATTEMPT_COOKIE, this.attemptCookie(req)); // one use, whatever the outcome
    const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
    const meta = requestMeta(req);
    const user = await this.sso.finish(attempt, query, meta);
    const session = await this.auth.startSession(user, 'sso', meta);
    setSessionCookie(res, session, requestIsSecure(req, this.config.session.secureCookies), this.config.session.absoluteHours * 3600_000);
    return { url: '/', statusCode: 302 };
  }

  private attemptCookie(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: requestIsSecure(req, this.config.session.secureCookies), path: ATTEMPT_COOKIE_PATH };
  }
}
