import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AttachmentEntity } from './attachment.entity';

export type AttachmentRefKind = 'message' | 'delivery' | 'change_request' | 'retrospective';

/**
 * A message, delivery, change request or retrospective that refers to a file of the same order
 * (the composite key to attachments makes "of the same order" a constraint). A referred file
 * cannot be deleted: the key has no cascade.
 */
@Entity('attachment_links')
@Check('attachment_links_kind_check', `"kind" IN ('message', 'delivery', 'change_request', 'retrospective')`)
@Index('attachment_links_ref_idx', ['orderId', 'kind', 'refId'])
export class AttachmentLinkEntity {
  @PrimaryColumn('uuid')
  attachmentId!: string;

  @PrimaryColumn('text')
  kind!: AttachmentRefKind;

  /** The message, change request or retrospective; for a delivery, the order itself. */
  @PrimaryColumn('uuid')
  refId!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => AttachmentEntity)
  @JoinColumn([
    { name: 'attachment_id', referencedColumnName: 'id', foreignKeyConstraintName: 'attachment_links_attachment_fk' },
    { name: 'order_id', referencedColumnName: 'orderId' },
  ])
  attachment?: AttachmentEntity;
}
