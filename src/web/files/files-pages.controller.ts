import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AttachmentsService } from '../../files/attachments.service';
import { sendAttachment } from '../../files/download';
import { CsrfInMultipartBody, CurrentActor, RequireRole } from '../../identity/access/access.decorators';
import type { AuthenticatedRequest } from '../../identity/access/access.guard';
import type { Actor } from '../../identity/access/actor';
import { digest } from '../../identity/tokens';
import { PageRequest, pageLanguage } from '../http/page-request';
import { translator } from '../i18n/i18n';
import { OrderPage } from '../orders/order-page';
import { PageRenderer } from '../render/page-renderer';
import { uploadErrorKey } from './files-presenter';

/**
 * Files on the order page: the upload form (a plain multipart/form-data post with the CSRF
 * token as its first field, streamed to the store like the API's upload) and the download link
 * (the same answer as the API's: always a download, nosniff, sandboxed).
 */
@ApiExcludeController()
@RequireRole('signedIn')
@Controller('orders')
export class FilesPagesController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly orderPage: OrderPage,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @CsrfInMultipartBody()
  @Post(':id/attachments')
  async upload(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @Req() req: PageRequest & AuthenticatedRequest,
    @Res() res: Response,
  ) {
    const pending = req.pendingCsrfHash;
    const checkFormToken = pending
      ? (token: string | null) => {
          if (!token || digest(token) !== pending) throw new DomainError('csrf_failed', 'The form is out of date: reload the page.');
        }
      : undefined;
    try {
      await this.attachments.upload(actor, id, req, { checkFormToken });
      this.pages.redirect(res, `/orders/${id}?done=files_added#files`);
    } catch (error) {
      const key = error instanceof DomainError ? uploadErrorKey(error) : null;
      if (!key || !(error instanceof DomainError)) throw error;
      const t = translator(pageLanguage(req));
      const text = t(key, { mb: Math.round(this.config.files.maxFileBytes / 1024 / 1024) });
      const status =
        { file_too_large: 413, file_type_refused: 415, file_infected: 422, scanner_unavailable: 503 }[error.code as string] ?? 400;
      await this.orderPage.render(
        req,
        res,
        actor,
        id,
        { errors: { list: [{ text, href: '#file' }], byField: { file: { text } } } },
        status,
      );
    }
  }

  @Get(':id/attachments/:attachmentId/thumbnail')
  async thumbnail(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('attachmentId') attachmentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const preview = this.attachments.thumbnailOf(await this.attachments.find(actor, id, attachmentId));
    await sendAttachment(req, res, preview, undefined, (r) => this.attachments.readBlob(preview.sha256, r));
  }

  @Get(':id/attachments/:attachmentId')
  async download(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('attachmentId') attachmentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const attachment = await this.attachments.find(actor, id, attachmentId);
    await sendAttachment(req, res, attachment, req.headers.range, (r) => this.attachments.read(attachment, r));
  }
}
