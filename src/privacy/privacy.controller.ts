import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { EraseUserDto } from './privacy.dto';
import { ErasureResponse, PersonalDataExportResponse } from './privacy.responses';
import { PrivacyService } from './privacy.service';

const ZIP = { 'application/zip': { schema: { type: 'string', format: 'binary' } } };

/** The person's own data (GDPR art. 15), and an admin's export and erasure (art. 17) of anyone's. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @RequireRole('signedIn')
  @Get('me/export')
  @ApiOkResponse({ type: PersonalDataExportResponse, description: 'Everything the product holds about you, as JSON.' })
  myExport(@CurrentActor() actor: Actor) {
    return this.privacy.export(actor.userId);
  }

  @RequireRole('signedIn')
  @Get('me/export.zip')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: '`export.json` and the files you uploaded.', content: ZIP })
  async myExportZip(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await this.sendZip(res, actor.userId);
  }

  @RequireRole('admin')
  @Get('users/:id/export')
  @ApiOkResponse({ type: PersonalDataExportResponse, description: 'Everything the product holds about the person, as JSON.' })
  userExport(@UuidParam('id') id: string) {
    return this.privacy.export(id);
  }

  @RequireRole('admin')
  @Get('users/:id/export.zip')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: '`export.json` and the files the person uploaded.', content: ZIP })
  async userExportZip(@UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.sendZip(res, id);
  }

  /**
   * Erases the person: name, e-mail, SSO link, sessions, preferences, notifications and mails go;
   * orders, messages, feedback and retrospectives stay as "Former user". `409` (naming why in
   * `errors`) when a record that must be kept would break: the last admin, a unit's only manager.
   */
  @RequireRole('admin')
  @Post('users/:id/erase')
  @HttpCode(200)
  @ApiOkResponse({ type: ErasureResponse })
  erase(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: EraseUserDto) {
    return this.privacy.erase(actor, id, dto.reason);
  }

  private async sendZip(res: Response, userId: string): Promise<void> {
    const zip = await this.privacy.exportZip(userId);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="personal-data-${userId}.zip"`);
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(zip, res);
  }
}
