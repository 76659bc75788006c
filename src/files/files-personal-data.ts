import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry, RetentionCounts } from '../privacy/personal-data';
import { FILE_STORE, FileStore } from './file-store';

/**
 * Files' part of export, erasure and retention. The files a person uploaded to an order stay
 * with the order on erasure; retention removes the files of orders finished long ago (their
 * rows here; the bytes, which then nothing refers to, go with the cleanup sweep).
 */
@Injectable()
export class FilesPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = { attachments: ['uploaded_by', 'name'] };

  constructor(
    private readonly registry: PersonalDataRegistry,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    return {
      filesUploaded: await m.query(
        `SELECT id, order_id AS "orderId", name, size::int AS size, content_type AS "contentType", sha256, uploaded_at AS "uploadedAt"
           FROM attachments WHERE uploaded_by = $1 ORDER BY uploaded_at, id`,
        [s.userId],
      ),
    };
  }

  async filesOf(m: EntityManager, s: DataSubject): Promise<Array<{ id: string; name: string; sha256: string }>> {
    return m.query(`SELECT id, name, sha256 FROM attachments WHERE uploaded_by = $1 ORDER BY uploaded_at, id`, [s.userId]);
  }

  /** The bytes of a stored file. */
  read(sha256: string): Promise<Readable> {
    return this.store.read(sha256);
  }

  /** Nothing goes: the files belong to the orders they were sent with. */
  async erase(): Promise<void> {}

  async retire(m: EntityManager, orderIds: string[], dryRun: boolean): Promise<RetentionCounts> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM attachments WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    if (!dryRun) {
      await m.query(`DELETE FROM attachment_links WHERE order_id = ANY($1::uuid[])`, [orderIds]);
      await m.query(`DELETE FROM attachments WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    }
    return { files: n };
  }
}
