import { Controller, HttpCode, Inject, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../identity/access/access.decorators';
import { InboundMailService } from './inbound-mail.service';
import { InboundMailReceipt } from './inbound-mail.responses';

/** The largest mail the route reads: a file at MAX_UPLOAD_MB, base64-encoded (4/3), and 1 MB for the rest. */
export function maxMailBytes(maxFileBytes: number): number {
  return Math.ceil((maxFileBytes * 4) / 3) + 1024 * 1024;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * For an MTA that pipes mail to HTTP. Public as far as sessions go: it has a bearer token of
 * its own (INBOUND_MAIL_TOKEN), and answers 404 while none is configured.
 */
@ApiTags('inbound mail')
@Controller('api/v1/inbound/mail')
export class InboundMailController {
  constructor(
    private readonly inbound: InboundMailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiConsumes('message/rfc822')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The raw mail as the MTA received it (RFC 5322).' })
  @ApiResponse({ status: 202, type: InboundMailReceipt, description: 'Taken (whatever became of it: see `outcome`).' })
  @ApiResponse({ status: 401, description: 'No INBOUND_MAIL_TOKEN as the bearer token.' })
  @ApiResponse({ status: 404, description: 'Mail in over HTTP is not configured (INBOUND_MAIL_TOKEN unset).' })
  @ApiResponse({ status: 413, description: 'The mail is larger than MAX_UPLOAD_MB allows (with its encoding).' })
  @ApiResponse({ status: 415, description: 'Not `Content-Type: message/rfc822`.' })
  async receive(@Req() req: Request): Promise<InboundMailReceipt> {
    const token = this.config.inboundMail.httpToken;
    if (!token || !this.inbound.configured) throw DomainError.notFound('Inbound mail');
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!timingSafeEqual(digest(presented), digest(token.reveal()))) {
      throw new DomainError('unauthenticated', 'Send INBOUND_MAIL_TOKEN as the bearer token.');
    }
    if (!isMailMediaType(req.headers['content-type']))
      throw new UnsupportedMediaTypeException('Send the raw mail as Content-Type: message/rfc822.');
    const raw = await readBody(req, maxMailBytes(this.config.files.maxFileBytes));
    const result = await this.inbound.receive(raw, 'http');
    return { outcome: result.outcome, reason: 'reason' in result ? result.reason : null };
  }
}

/** The route's one media type. */
export function isMailMediaType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'message/rfc822';
}

/** The request body, refused with 413 as soon as it passes `limit` bytes. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new DomainError('file_too_large', `The mail is larger than ${Math.floor(limit / 1024 / 1024)} MB.`, [
      { pointer: '', code: 'tooLarge', params: { limit: 'mail' }, detail: 'the mail is too large' },
    ]);
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', (error) => !failed && reject(error));
  });
}
