import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { Page } from '../common/page';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CurrentActor, Public, RequireRole } from './access/access.decorators';
import type { Actor } from './access/actor';
import { clearSessionCookie, requestIsSecure, setSessionCookie } from './access/session-cookie';
import { AuthService } from './auth.service';
import { LoginDto, UpdateMeDto } from './identity.dto';
import { LoginResponse, MeResponse, SessionPage, SessionResponse } from './identity.responses';
import { requestMeta } from './request-meta';
import { SessionService } from './session.service';
import { UsersService } from './users.service';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns a bearer token for API clients and sets the session cookie for browsers. */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse, description: 'Also sets the session cookie.' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    const { token, csrfToken, user } = await this.auth.login(dto.email, dto.password, requestMeta(req));
    const secure = requestIsSecure(req, this.config.session.secureCookies);
    setSessionCookie(res, { token, csrfToken }, secure, this.config.session.absoluteHours * 3600_000);
    return { token, csrfToken, user: await this.users.get(user.id) };
  }

  @RequireRole('signedIn')
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out: the token or session is revoked and the cookie cleared.' })
  async logout(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(actor.userId, actor.sessionId, requestMeta(req));
    clearSessionCookie(res, requestIsSecure(req, this.config.session.secureCookies));
  }

  @RequireRole('signedIn')
  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): MeResponse {
    return {
      id: actor.userId,
      email: actor.email,
      name: actor.name,
      isAdmin: actor.isAdmin,
      memberships: actor.memberships,
      language: actor.language,
    };
  }

  /** The caller's own settings: for now the language of pages and mail. */
  @RequireRole('signedIn')
  @Patch('me')
  @ApiOkResponse({ type: MeResponse })
  async updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto): Promise<MeResponse> {
    const user = await this.users.setLanguage(actor, dto.language);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      memberships: user.memberships,
      language: user.language,
    };
  }

  @RequireRole('signedIn')
  @Get('me/sessions')
  @ApiOkResponse({ type: SessionPage, description: 'The active sessions, last used first, on one page.' })
  async mySessions(@CurrentActor() actor: Actor): Promise<Page<SessionResponse>> {
    const sessions = await this.sessions.listActive(actor.userId);
    return {
      items: sessions.map((s) => ({
        id: s.id,
        current: s.id === actor.sessionId,
        kind: s.kind,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        userAgent: s.userAgent,
        ip: s.ip,
      })),
      nextCursor: null,
    };
  }

  @RequireRole('signedIn')
  @Delete('me/sessions/:sessionId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is revoked.' })
  async endSession(@CurrentActor() actor: Actor, @UuidParam('sessionId') sessionId: string, @Req() req: Request): Promise<void> {
    await this.auth.endSession(actor.userId, sessionId, requestMeta(req));
  }
}
