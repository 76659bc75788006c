import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { Actor } from '../../identity/access/actor';
import { UsersService } from '../../identity/users.service';
import { EraseUserDto } from '../../privacy/privacy.dto';
import { PrivacyService } from '../../privacy/privacy.service';
import { FormErrors, NO_ERRORS, formErrors, parseForm } from '../http/form-errors';
import { PageRequest, field, pageLanguage } from '../http/page-request';
import { translator } from '../i18n/i18n';
import { PageRenderer } from '../render/page-renderer';

/** Downloads the export as a file (the API's JSON route would show it in the browser). */
async function sendExport(res: Response, privacy: PrivacyService, userId: string, kind: 'json' | 'zip'): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Disposition', `attachment; filename="personal-data.${kind}"`);
  if (kind === 'json') {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(JSON.stringify(await privacy.export(userId), null, 2));
    return;
  }
  res.setHeader('Content-Type', 'application/zip');
  await pipeline(await privacy.exportZip(userId), res);
}

/** "Your data": the signed-in person downloads everything held about them. */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('account/data')
export class YourDataPageController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  page(@Req() req: PageRequest, @Res() res: Response): void {
    const t = translator(pageLanguage(req));
    this.pages.render(req, res, 'privacy/your-data.njk', { pageTitle: t('privacy.data.title') });
  }

  @Get('export.json')
  async json(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await sendExport(res, this.privacy, actor.userId, 'json');
  }

  @Get('export.zip')
  async zip(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await sendExport(res, this.privacy, actor.userId, 'zip');
  }
}

/** An admin's export of a person, and their erasure behind a page that names its consequences. */
@ApiExcludeController()
@RequireRole('admin')
@Controller('admin/users/:id')
export class UserPrivacyPageController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('export.json')
  async json(@UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    await sendExport(res, this.privacy, id, 'json');
  }

  @Get('export.zip')
  async zip(@UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    await sendExport(res, this.privacy, id, 'zip');
  }

  @Get('erase')
  async confirm(@UuidParam('id') id: string, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.renderConfirm(req, res, id, '', NO_ERRORS, []);
  }

  @Post('erase')
  async erase(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    const reason = field(body, 'reason');
    try {
      const dto = await parseForm(EraseUserDto, { reason: reason.trim() });
      await this.privacy.erase(actor, id, dto.reason);
      this.pages.redirect(res, `/admin/users/${id}?erased=1`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'validation_failed') {
        const errors = formErrors(t, error.errors, () => t('privacy.erase.reason'));
        return this.renderConfirm(req, res, id, reason, errors, [], 400);
      }
      if (error.code === 'erasure_blocked') {
        const errors = formErrors(
          t,
          error.errors,
          () => t('privacy.erase.reason'),
          () => 'blocked',
        );
        const reasons = error.errors.map(
          (e) =>
            formErrors(
              t,
              [e],
              () => '',
              () => 'blocked',
            ).list[0].text,
        );
        return this.renderConfirm(req, res, id, reason, errors, reasons, 409);
      }
      throw error;
    }
  }

  private async renderConfirm(
    req: PageRequest,
    res: Response,
    id: string,
    reason: string,
    errors: FormErrors,
    blocked: string[],
    status = 200,
  ): Promise<void> {
    const t = translator(pageLanguage(req));
    const user = await this.users.get(id);
    const name = user.name;
    this.pages.render(
      req,
      res,
      'privacy/erase.njk',
      { pageTitle: t('privacy.erase.title', { name }), user, reason, errors, blocked },
      status,
    );
  }
}
