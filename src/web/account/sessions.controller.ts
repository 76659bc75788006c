import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { AuthService } from '../../identity/auth.service';
import { requestMeta } from '../../identity/request-meta';
import { SessionService } from '../../identity/session.service';
import { PageRequest, pageLanguage } from '../http/page-request';
import { Formats, translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';
import { pageQuery } from '../http/page-query';

/** The user's own sessions, with "sign out" for one and "sign out everywhere else". */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('account/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionService,
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { done } = pageQuery(req, ['done']);
    const language = pageLanguage(req);
    const t = translator(language);
    const fmt = new Formats(language);
    const sessions = await this.sessions.listActive(actor.userId);
    const rows = sessions.map((s) => ({
      id: s.id,
      current: s.id === actor.sessionId,
      started: fmt.time(s.createdAt),
      lastSeen: fmt.time(s.lastSeenAt),
      kind: t(s.kind === 'sso' ? 'sessions.kind.sso' : 'sessions.kind.password'),
      device: s.userAgent ?? t('sessions.unknownDevice'),
      address: s.ip ?? '',
    }));
    const notice = done === 'others' ? t('sessions.endedOthers') : done === 'one' ? t('sessions.ended') : null;
    this.pages.render(req, res, 'auth/sessions.njk', {
      pageTitle: t('sessions.title'),
      rows,
      others: rows.some((r) => !r.current),
      notice,
    });
  }

  /** Ends each other session as the API's `DELETE /api/v1/me/sessions/:id` does, audited one by one. */
  @Post('end-others')
  async endOthers(@CurrentActor() actor: Actor, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    for (const s of await this.sessions.listActive(actor.userId)) {
      if (s.id !== actor.sessionId) await this.auth.endSession(actor.userId, s.id, requestMeta(req));
    }
    this.pages.redirect(res, '/account/sessions?done=others');
  }

  @Post(':sessionId/end')
  async endOne(
    @CurrentActor() actor: Actor,
    @UuidParam('sessionId') sessionId: string,
    @Req() req: PageRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.auth.endSession(actor.userId, sessionId, requestMeta(req));
    this.pages.redirect(res, sessionId === actor.sessionId ? '/sign-in' : '/account/sessions?done=one');
  }
}
