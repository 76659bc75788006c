import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { UserEntity } from '../../identity/entities/user.entity';
import { OrderEntity } from '../../orders/entities/order.entity';

/** A file on an order: its name and type, who added it, and the SHA-256 its bytes are stored under. */
@Entity('attachments')
@Check('attachments_name_check', `length("name") BETWEEN 1 AND 255`)
@Check('attachments_size_check', `"size" >= 0`)
@Check('attachments_sha256_check', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('attachments_scan_check', `"scan" IN ('clean', 'not_scanned')`)
@Check('attachments_side_check', `"side" IN ('requester', 'deliverer')`)
@Check(
  'attachments_thumbnail_check',
  `("thumbnail_sha256" IS NULL) = ("thumbnail_size" IS NULL) AND ("thumbnail_sha256" IS NULL OR ("thumbnail_sha256" ~ '^[0-9a-f]{64}$' AND "thumbnail_size" > 0))`,
)
@Unique('attachments_id_order_key', ['id', 'orderId'])
@Index('attachments_order_idx', ['orderId', 'uploadedAt'])
@Index('attachments_sha256_idx', ['sha256'])
@Index('attachments_uploader_idx', ['uploadedBy', 'uploadedAt'])
@Index('attachments_thumbnail_sha256_idx', ['thumbnailSha256'], { where: '"thumbnail_sha256" IS NOT NULL' })
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'attachments_order_fk' })
  order?: OrderEntity;

  @Column('text')
  name!: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  size!: number;

  @Column('text')
  contentType!: string;

  @Column('char', { length: 64 })
  sha256!: string;

  @Column('uuid')
  uploadedBy!: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'attachments_uploader_fk' })
  uploader?: UserEntity;

  /** The side the uploader acted for: who is told about the file. */
  @Column('text')
  side!: 'requester' | 'deliverer';

  /** clock_timestamp(): the files of one upload keep the order they were sent in. */
  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  uploadedAt!: Date;

  @Column('text')
  scan!: 'clean' | 'not_scanned';

  /** An image's small preview (WebP), stored under its own hash in the same store; null for other files or an image that could not be read. */
  @Column('char', { length: 64, nullable: true })
  thumbnailSha256!: string | null;

  @Column('integer', { nullable: true })
  thumbnailSize!: number | null;
}
