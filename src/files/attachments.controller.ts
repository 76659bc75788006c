import { Controller, Delete, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UuidParam } from '../common/uuid-param';
import { CurrentActor, RequireRole } from '../identity/access/access.decorators';
import type { Actor } from '../identity/access/actor';
import { AttachmentsService } from './attachments.service';
import { sendAttachment } from './download';
import { AttachmentListResponse } from './files.responses';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/v1/orders/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @RequireRole('signedIn')
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more parts named file.' } },
    },
  })
  @ApiCreatedResponse({ type: AttachmentListResponse, description: 'The files as stored, in the order they were sent.' })
  upload(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() req: Request) {
    return this.attachments.upload(actor, id, req);
  }

  @RequireRole('signedIn')
  @Get()
  @ApiOkResponse({ type: AttachmentListResponse, description: 'Oldest first.' })
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.attachments.list(actor, id);
  }

  @RequireRole('signedIn')
  @Get(':attachmentId')
  @ApiProduces('*/*')
  @ApiOkResponse({
    description:
      'The bytes, always as a download (`Content-Disposition: attachment`), typed by their sniffed content, with `nosniff` and a sandboxing CSP.',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 206, description: 'The requested `Range`.', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 416, description: 'The `Range` lies outside the file.' })
  async download(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('attachmentId') attachmentId: string,
    @Req() req: Request,
    @Res() res: Response,
    @Headers('range') range?: string,
  ): Promise<void> {
    const attachment = await this.attachments.find(actor, id, attachmentId);
    await sendAttachment(req, res, attachment, range, (r) => this.attachments.read(attachment, r));
  }

  @RequireRole('signedIn')
  @Get(':attachmentId/thumbnail')
  @ApiProduces('image/webp')
  @ApiOkResponse({
    description:
      'A small preview of an image attachment (WebP), for whoever may download the file; 404 when it has none (`thumbnail: false`). Sent like the file itself: as a download, with `nosniff` and a sandboxing CSP.',
    content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } },
  })
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

  @RequireRole('signedIn')
  @Delete(':attachmentId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; only its uploader removes a file, and only while nothing refers to it (else 409).' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('attachmentId') attachmentId: string): Promise<void> {
    await this.attachments.remove(actor, id, attachmentId);
  }
}
