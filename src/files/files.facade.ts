import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { invalid } from '../common/domain-error';
import type { AttachmentView } from './attachments.service';
import { ATTACHMENT_JSON } from './attachments.sql';
import { AttachmentRefKind, AttachmentLinkEntity } from './entities/attachment-link.entity';
import { AttachmentEntity } from './entities/attachment.entity';

export type { AttachmentView } from './attachments.service';
export type { AttachmentRefKind } from './entities/attachment-link.entity';

/** An order's attachments as `ATTACHMENTS_OF_ORDER_SQL` reads them, each with what refers to it. */
export interface AttachmentWithLinks {
  attachment: Omit<AttachmentView, 'uploadedAt'> & { uploadedAt: string | Date };
  links: Array<{ kind: AttachmentRefKind; refId: string }>;
}

/**
 * What other modules ask of files: a message, delivery, change request or retrospective refers
 * to files of its order (`link`, in the caller's transaction), and reads back its own.
 */
@Injectable()
export class FilesFacade {
  constructor(private readonly db: DataSource) {}

  /**
   * Records that `refId` (of `kind`) refers to these attachments. Every id must be a file of
   * the same order, else a 400 naming `pointer` (e.g. `/attachmentIds/1`).
   */
  async link(
    m: EntityManager,
    orderId: string,
    attachmentIds: string[] | undefined,
    kind: AttachmentRefKind,
    refId: string,
    pointer = '/attachmentIds',
  ): Promise<void> {
    const ids = [...new Set(attachmentIds ?? [])];
    if (!ids.length) return;
    const found = await m.getRepository(AttachmentEntity).find({ select: { id: true }, where: { id: In(ids), orderId } });
    const known = new Set(found.map((a) => a.id));
    const index = (attachmentIds ?? []).findIndex((id) => !known.has(id));
    if (index >= 0) throw invalid(`${pointer}/${index}`, 'unknownReference', 'no such file on this order');
    await m
      .createQueryBuilder()
      .insert()
      .into(AttachmentLinkEntity)
      .values(ids.map((attachmentId) => ({ attachmentId, orderId, kind, refId })))
      .orIgnore()
      .execute();
  }

  /** The files each of `refIds` refers to, by ref id (empty lists for none). */
  async referredBy(kind: AttachmentRefKind, refIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, AttachmentView[]>> {
    const result = new Map<string, AttachmentView[]>(refIds.map((id) => [id, []]));
    if (!refIds.length) return result;
    const rows: Array<{ ref_id: string; attachment: AttachmentView & { uploadedAt: string } }> = await m.query(
      `SELECT l.ref_id, ${ATTACHMENT_JSON} AS attachment FROM attachment_links l JOIN attachments a ON a.id = l.attachment_id
        WHERE l.kind = $1 AND l.ref_id = ANY($2::uuid[]) ORDER BY a.uploaded_at, a.id`,
      [kind, refIds],
    );
    for (const row of rows) result.get(row.ref_id)?.push({ ...row.attachment, uploadedAt: new Date(row.attachment.uploadedAt) });
    return result;
  }
}
