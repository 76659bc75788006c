import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CurrentActor, Public, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { clearSessionCookie, requestIsSecure, setSessionCookie } from '../../identity/access/session-cookie';
import { AuthService } from '../../identity/auth.service';
import { requestMeta } from '../../identity/request-meta';
import { checkPreSessionToken, clearPreSessionToken } from '../http/form-csrf';
import { FormErrors, NO_ERRORS, formError } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import { safeNext } from '../http/safe-next';
import { translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { pageQuery } from '../http/page-query';

const DEFAULT_SSO_LABEL = 'Sign in with your organisation';

/** Sign-in with a password (or the SSO button when configured) and sign-out, as forms. */
@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  show(@Req() req: PageRequest, @Res() res: Response): void {
    const { next, signedOut } = pageQuery(req, ['next', 'signedOut']);
    if (req.actor) return this.pages.redirect(res, safeNext(next));
    this.page(req, res, { next: safeNext(next, ''), email: '', errors: NO_ERRORS, signedOut: signedOut === '1' });
  }

  @Public()
  @Post('sign-in')
  async signIn(@Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { absoluteHours } = this.config.session;
    const secureCookies = requestIsSecure(req, this.config.session.secureCookies);
    if (!checkPreSessionToken(req, secureCookies)) throw new DomainError('csrf_failed', 'The sign-in form has expired.');
    const t = translator(pageLanguage(req));
    const email = field(body, 'email').trim();
    const password = field(body, 'password');
    const next = safeNext(field(body, 'next'), '');
    if (!email || !password) {
      const errors: FormErrors = { list: [], byField: {} };
      for (const [id, key] of [
        ['email', 'signIn.emailMissing'],
        ['password', 'signIn.passwordMissing'],
      ] as const) {
        if (id === 'email' ? email : password) continue;
        errors.list.push({ text: t(key), href: `#${id}` });
        errors.byField[id] = { text: t(key) };
      }
      return this.page(req, res, { next, email, errors }, 400);
    }
    try {
      const session = await this.auth.login(email, password, requestMeta(req));
      setSessionCookie(res, session, secureCookies, absoluteHours * 3600_000);
      clearPreSessionToken(res, secureCookies);
      this.pages.redirect(res, next || '/');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'unauthenticated') {
        return this.page(req, res, { next, email, errors: formError(t('signIn.failed'), 'email') }, 401);
      }
      if (error.code === 'rate_limited') {
        const seconds = Number(error.extra.retryAfterSeconds ?? 60);
        res.setHeader('Retry-After', String(seconds));
        const minutes = Math.max(1, Math.ceil(seconds / 60));
        return this.page(req, res, { next, email, errors: formError(t('signIn.rateLimited', { minutes }), 'email') }, 429);
      }
      throw error;
    }
  }

  @RequireRole('signedIn')
  @Post('sign-out')
  async signOut(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.auth.logout(actor.userId, actor.sessionId, requestMeta(req));
    clearSessionCookie(res, requestIsSecure(req, this.config.session.secureCookies));
    this.pages.redirect(res, '/sign-in?signedOut=1');
  }

  private page(
    req: PageRequest,
    res: Response,
    model: { next: string; email: string; errors: FormErrors; signedOut?: boolean },
    status = 200,
  ): void {
    const t = translator(pageLanguage(req));
    const oidc = this.config.oidc;
    this.pages.render(
      req,
      res,
      'auth/sign-in.njk',
      {
        ...model,
        pageTitle: t('signIn.title'),
        notice: model.signedOut ? t('signIn.signedOut') : null,
        ssoLabel: oidc ? (oidc.label === DEFAULT_SSO_LABEL ? t('signIn.sso') : oidc.label) : null,
      },
      status,
    );
  }
}
