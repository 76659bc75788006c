import { ApiProperty } from '@nestjs/swagger';
import { Exactly } from '../common/exactly';
import type { AttachmentView } from './attachments.service';

export class AttachmentResponse implements Exactly<AttachmentView, AttachmentResponse> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The file name, cleaned of paths, control and bidi characters.' })
  name!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'In bytes.' })
  size!: number;

  @ApiProperty({ description: 'The type sniffed from the content (never from the name); application/octet-stream when unknown.' })
  contentType!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes, in hex.' })
  sha256!: string;

  @ApiProperty({ format: 'uuid' })
  uploadedBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  uploadedAt!: Date;

  @ApiProperty({ enum: ['clean', 'not_scanned'], enumName: 'AttachmentScan', description: 'not_scanned: no virus scanner is configured.' })
  scan!: 'clean' | 'not_scanned';

  @ApiProperty({
    description:
      'Whether a small preview (WebP, at most 160 pixels a side) is served at `GET /api/v1/orders/:id/attachments/:attachmentId/thumbnail`: made on upload of a PNG, JPEG, GIF, WebP or AVIF picture that could be read within the pixel limit.',
  })
  thumbnail!: boolean;
}

export class AttachmentListResponse implements Exactly<{ items: AttachmentView[] }, AttachmentListResponse> {
  @ApiProperty({ type: [AttachmentResponse] })
  items!: AttachmentResponse[];
}
