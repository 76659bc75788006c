import { Inject, Injectable, Logger } from '@nestjs/common';
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventPublisher } from '../events/event-publisher';
import type { Actor } from '../identity/access/actor';
import { OrdersFacade, OrderStanding } from '../orders/orders.facade';
import { ClamdScan, ScannerUnavailableError } from './clamd-scanner';
import { judgeContent, mayAttach, SniffedType, UploaderSide } from './domain/content-policy';
import { cleanFileName } from './domain/file-name';
import { AttachmentEntity } from './entities/attachment.entity';
import { AttachmentLinkEntity } from './entities/attachment-link.entity';
import { FILE_STORE, FileStore } from './file-store';
import { makeThumbnail, THUMBNAIL_CONTENT_TYPE, THUMBNAIL_SOURCE_TYPES } from './thumbnail';
import { TooLargeError, UploadMeter } from './upload-meter';

/** An attachment as the API answers it. */
export interface AttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
  scan: 'clean' | 'not_scanned';
  /** Whether an image preview is served at `…/attachments/:attachmentId/thumbnail`. */
  thumbnail: boolean;
}

export function attachmentView(a: AttachmentEntity): AttachmentView {
  return {
    id: a.id,
    name: a.name,
    size: a.size,
    contentType: a.contentType,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy,
    uploadedAt: a.uploadedAt,
    scan: a.scan,
    thumbnail: a.thumbnailSha256 !== null,
  };
}

/** A file whose bytes are stored under their hash, waiting for its row. */
interface StagedFile {
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  scan: 'clean' | 'not_scanned';
  /** The image preview, stored under its own hash. */
  thumbnail: { sha256: string; size: number } | null;
}

/** At most this many files in one upload request. */
const MAX_FILES = 20;

type FileTypeModule = { fileTypeFromBuffer(buffer: Uint8Array): Promise<SniffedType | undefined> };
let fileTypeModule: Promise<FileTypeModule> | null = null;
// file-type is an ES module only: loaded once, on the first upload.
const fileType = (): Promise<FileTypeModule> => (fileTypeModule ??= import('file-type') as Promise<FileTypeModule>);

/** What the upload request carries besides the file parts: the page form's CSRF token comes first. */
export interface UploadOptions {
  /** Called with the `_csrf` field when a form sends one, before any file part is read; throws to refuse. */
  checkFormToken?: (token: string | null) => void;
}

/**
 * Files on orders: uploaded by a side that may act on the order, streamed through the hash,
 * the type check and the virus scanner into the file store; the rows are committed only once
 * every file of the request is stored. Read by anyone who sees the order, as the order.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly db: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly orders: OrdersFacade,
    private readonly events: EventPublisher,
  ) {}

  /** The order the caller may see, or 404 as for the order. */
  async standing(actor: Actor, orderId: string, m?: EntityManager, lock = false): Promise<OrderStanding> {
    const order = await this.orders.visibleStanding(actor, orderId, m, lock);
    if (!order) throw DomainError.notFound('Order');
    return order;
  }

  /** The side the caller adds files for, or the reason they may not. */
  private sideFor(order: OrderStanding): UploaderSide {
    const sides = order.sides.filter((s): s is UploaderSide => s !== 'system' && mayAttach(order.status, s));
    if (sides.length) return sides.includes('requester') ? 'requester' : 'deliverer';
    if (order.sides.length) throw new DomainError('action_not_allowed', `Files cannot be added to an order that is ${order.status}.`);
    throw new DomainError('forbidden', 'Only the requesting and delivering sides of an order add files to it.');
  }

  /** MAX_UPLOAD_MB, for forms that say it. */
  get maxFileMb(): number {
    return Math.round(this.config.files.maxFileBytes / 1024 / 1024);
  }

  /** Whether the caller may add files to the order now: for pages, which show the upload form only then. */
  async mayAttachNow(actor: Actor, orderId: string): Promise<boolean> {
    const order = await this.orders.visibleStanding(actor, orderId);
    return order !== null && order.sides.some((s) => s !== 'system' && mayAttach(order.status, s));
  }

  /** How many bytes the caller may still add to this order in this hour. */
  private async allowance(actor: Actor, orderId: string, m: EntityManager = this.db.manager): Promise<{ order: number; user: number }> {
    const [row]: Array<{ order_bytes: string; user_bytes: string }> = await m.query(
      `SELECT (SELECT coalesce(sum(size), 0) FROM attachments WHERE order_id = $1) AS order_bytes,
              (SELECT coalesce(sum(size), 0) FROM attachments WHERE uploaded_by = $2 AND uploaded_at > now() - interval '1 hour') AS user_bytes`,
      [orderId, actor.userId],
    );
    return {
      order: this.config.files.maxOrderBytes - Number(row.order_bytes),
      user: this.config.files.maxUserBytesPerHour - Number(row.user_bytes),
    };
  }

  async list(actor: Actor, orderId: string): Promise<{ items: AttachmentView[] }> {
    await this.standing(actor, orderId);
    const rows = await this.db.getRepository(AttachmentEntity).find({ where: { orderId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    return { items: rows.map(attachmentView) };
  }

  /** One attachment of an order the caller sees, with its stored bytes' key. */
  async find(actor: Actor, orderId: string, attachmentId: string): Promise<AttachmentEntity> {
    await this.standing(actor, orderId);
    const row = await this.db.getRepository(AttachmentEntity).findOneBy({ id: attachmentId, orderId });
    if (!row) throw DomainError.notFound('Attachment');
    return row;
  }

  /** The stored bytes (or a range of them) of an attachment found with `find`. */
  read(attachment: AttachmentEntity, range?: { start: number; end: number }): Promise<Readable> {
    return this.store.read(attachment.sha256, range);
  }

  /** Stored bytes by their hash: for a preview that `thumbnailOf` named. */
  readBlob(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    return this.store.read(sha256, range);
  }

  /** An image attachment's preview, as a file to send; 404 when it has none (not an image, or one that could not be read). */
  thumbnailOf(attachment: AttachmentEntity): { name: string; size: number; contentType: string; sha256: string } {
    if (!attachment.thumbnailSha256 || !attachment.thumbnailSize) throw DomainError.notFound('Thumbnail');
    const base = attachment.name.replace(/\.[^.]*$/, '') || 'thumbnail';
    return {
      name: `${base}.webp`,
      size: attachment.thumbnailSize,
      contentType: THUMBNAIL_CONTENT_TYPE,
      sha256: attachment.thumbnailSha256,
    };
  }

  /** Its uploader removes a file nothing refers to; the bytes go with the cleanup job when no other row has them. */
  async remove(actor: Actor, orderId: string, attachmentId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const order = await this.standing(actor, orderId, m, true);
      const row = await m
        .getRepository(AttachmentEntity)
        .findOne({ where: { id: attachmentId, orderId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw DomainError.notFound('Attachment');
      if (row.uploadedBy !== actor.userId) throw new DomainError('forbidden', 'Only the person who added a file removes it.');
      if (order.status === 'closed' || order.status === 'cancelled') {
        throw new DomainError('action_not_allowed', `Files cannot be removed from an order that is ${order.status}.`);
      }
      if (await m.getRepository(AttachmentLinkEntity).existsBy({ attachmentId })) {
        throw new DomainError(
          'attachment_referenced',
          'A message, delivery or change request refers to this file; it stays with the order.',
        );
      }
      await m.delete(AttachmentEntity, { id: attachmentId });
    });
  }

  /**
   * Reads a multipart/form-data request: every part named `file` is streamed into the store
   * (hashed, size-limited, type-checked and scanned on the way), then one transaction writes
   * all their rows and publishes `attachment.added`. Nothing is kept of a refused request:
   * a file over the limit stops the upload at once and its partial bytes are discarded.
   */
  async upload(actor: Actor, orderId: string, req: IncomingMessage, options: UploadOptions = {}): Promise<{ items: AttachmentView[] }> {
    const order = await this.standing(actor, orderId);
    this.sideFor(order);
    const allowance = await this.allowance(actor, orderId);
    const staged = await this.receive(req, Math.min(allowance.order, allowance.user), options);
    if (!staged.length)
      throw DomainError.validation([{ pointer: '/file', code: 'required', detail: 'choose at least one file' }], 'No file was sent.');
    return this.keep(actor, orderId, staged);
  }

  /**
   * Files that came by mail, already in memory (the mail's size limit bounds them), through the
   * same checks as an upload. A file the checks refuse (a program, a virus, too large) is left
   * out and named in `refused`, so the rest of the mail still counts.
   */
  async attachReceived(
    actor: Actor,
    orderId: string,
    files: Array<{ name: string; content: Buffer }>,
  ): Promise<{ items: AttachmentView[]; refused: Array<{ name: string; code: string }> }> {
    const order = await this.standing(actor, orderId);
    this.sideFor(order);
    const allowance = await this.allowance(actor, orderId);
    let left = Math.min(allowance.order, allowance.user);
    const staged: StagedFile[] = [];
    const refused: Array<{ name: string; code: string }> = [];
    for (const file of files.slice(0, MAX_FILES)) {
      try {
        const one = await this.stageOne(Readable.from([file.content]), file.name, Math.min(this.config.files.maxFileBytes, left), left);
        left -= one.size;
        staged.push(one);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === 'scanner_unavailable') throw error;
        refused.push({ name: cleanFileName(file.name), code: error.code });
      }
    }
    for (const file of files.slice(MAX_FILES)) refused.push({ name: cleanFileName(file.name), code: 'file_too_large' });
    if (!staged.length) return { items: [], refused };
    return { ...(await this.keep(actor, orderId, staged)), refused };
  }

  /** One transaction writes the rows of files already in the store, and publishes attachment.added. */
  private async keep(actor: Actor, orderId: string, staged: StagedFile[]): Promise<{ items: AttachmentView[] }> {
    const rows = await this.db.transaction(async (m) => {
      // The order row is locked: two uploads to one order do not both pass its limit.
      const current = await this.standing(actor, orderId, m, true);
      const side = this.sideFor(current);
      const left = await this.allowance(actor, orderId, m);
      const total = staged.reduce((sum, f) => sum + f.size, 0);
      if (total > left.order) throw this.tooLarge('The files of this order together would pass their limit.', 'order');
      if (total > left.user) throw this.tooLarge('You have uploaded as much as one person may in an hour; try again later.', 'hour');
      // A cleanup with a grace period shorter than an upload could have removed a blob just
      // stored: then no row is written (the upload fails) rather than a row without its file.
      for (const f of staged) {
        if (!(await this.store.exists(f.sha256))) throw new Error(`the stored file ${f.sha256} is gone before its row was written`);
        // A preview is only a convenience: one gone as well is left out rather than failing the upload.
        if (f.thumbnail && !(await this.store.exists(f.thumbnail.sha256))) f.thumbnail = null;
      }
      const saved = await m.save(
        staged.map((f) =>
          m.create(AttachmentEntity, {
            orderId,
            name: f.name,
            size: f.size,
            contentType: f.contentType,
            sha256: f.sha256,
            uploadedBy: actor.userId,
            side,
            scan: f.scan,
            thumbnailSha256: f.thumbnail?.sha256 ?? null,
            thumbnailSize: f.thumbnail?.size ?? null,
          }),
        ),
      );
      // A draft is the requesting side's own business: nobody else hears of its files.
      if (current.status !== 'draft') {
        await this.events.publish(m, 'attachment.added', {
          ...(await this.orders.eventBaseOf(m, orderId, actor.userId)),
          side,
          attachments: saved.map((a) => ({ id: a.id, name: a.name, size: a.size })),
        });
      }
      return saved;
    });
    return { items: rows.map((r) => attachmentView(r)) };
  }

  private tooLarge(detail: string, limit: 'file' | 'order' | 'hour'): DomainError {
    return new DomainError('file_too_large', detail, [
      { pointer: '/file', code: 'tooLarge', params: { limit }, detail: `${limit} limit: ${detail}` },
    ]);
  }

  /** Streams the request's file parts into the store, one after another. */
  private receive(req: IncomingMessage, allowance: number, options: UploadOptions): Promise<StagedFile[]> {
    return new Promise<StagedFile[]>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          limits: { files: MAX_FILES, fields: 10, fieldSize: 1024, parts: MAX_FILES + 10, headerPairs: 100 },
          defParamCharset: 'utf8',
        });
      } catch {
        reject(
          DomainError.validation(
            [{ pointer: '/file', code: 'format', detail: 'send multipart/form-data with parts named file' }],
            'Not a multipart upload.',
          ),
        );
        return;
      }
      const staged: StagedFile[] = [];
      let chain: Promise<void> = Promise.resolve();
      let failed: unknown = null;
      let sawFile = false;
      let used = 0;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = error;
        // Answer at once: what is still coming is read and dropped (a client that keeps sending is cut off).
        req.unpipe(parser);
        req.resume();
        const cutOff = setTimeout(() => req.destroy(), 10_000);
        cutOff.unref();
        req.once('end', () => clearTimeout(cutOff));
        reject(error);
      };
      parser.on('field', (name, value) => {
        if (name === '_csrf' && !sawFile && options.checkFormToken) {
          try {
            options.checkFormToken(value);
            options.checkFormToken = undefined;
          } catch (error) {
            fail(error);
          }
        }
      });
      parser.on('file', (name, stream, info) => {
        sawFile = true;
        if (failed) return stream.resume();
        if (options.checkFormToken) {
          try {
            options.checkFormToken(null);
          } catch (error) {
            stream.resume();
            return fail(error);
          }
        }
        if (name !== 'file') {
          stream.resume();
          return fail(
            DomainError.validation(
              [{ pointer: `/${name}`, code: 'unknownField', detail: 'files are sent in parts named file' }],
              'Unknown part.',
            ),
          );
        }
        // A form without a chosen file still sends an empty part without a name.
        const filename = info.filename;
        if (!filename) {
          stream.resume();
          return;
        }
        const limit = Math.min(this.config.files.maxFileBytes, Math.max(0, allowance - used));
        chain = chain.then(async () => {
          if (failed) return void stream.resume();
          try {
            const file = await this.stageOne(stream, filename, limit, allowance - used);
            used += file.size;
            staged.push(file);
          } catch (error) {
            stream.resume();
            fail(error);
          }
        });
      });
      parser.on('filesLimit', () => fail(this.tooLarge(`At most ${MAX_FILES} files at a time.`, 'file')));
      parser.on('error', (error: Error) =>
        fail(
          DomainError.validation(
            [{ pointer: '/file', code: 'format', detail: `the multipart body is malformed: ${error.message}` }],
            'Malformed upload.',
          ),
        ),
      );
      parser.on('close', () => {
        void chain.then(() => {
          if (!failed) resolve(staged);
        });
      });
      req.on('aborted', () =>
        fail(DomainError.validation([{ pointer: '/file', code: 'interrupted', detail: 'the upload was interrupted' }], 'Interrupted.')),
      );
      req.pipe(parser);
    });
  }

  /** One file part: into a temporary object while hashed and scanned, then checked, then under its hash. */
  private async stageOne(stream: Readable, rawName: string, limit: number, allowance: number): Promise<StagedFile> {
    const name = cleanFileName(rawName);
    const clamav = this.config.files.clamav;
    let scan: ClamdScan | null = null;
    if (clamav) {
      try {
        scan = await ClamdScan.start(clamav);
      } catch (error) {
        throw this.unavailable(error);
      }
    }
    const meter = new UploadMeter(limit, scan);
    const tempId = randomUUID();
    // The store may report a broken body in its own words (an aborted multipart upload): the meter's own error is the cause.
    let meterError: unknown = null;
    meter.on('error', (error) => (meterError ??= error));
    stream.on('error', (error) => meter.destroy(error));
    try {
      await this.store.writeTemp(tempId, stream.pipe(meter));
      if (meter.size > limit) throw new TooLargeError(limit);
      const head = meter.head;
      const sniffed = await (await fileType()).fileTypeFromBuffer(head);
      const verdict = judgeContent(head, sniffed, name);
      if (!verdict.ok) {
        const detail = verdict.reason === 'executable' ? 'programs cannot be attached' : 'scripts cannot be attached';
        throw new DomainError('file_type_refused', `${name}: ${detail}.`, [{ pointer: '/file', code: 'fileType', detail }]);
      }
      if (scan) {
        const result = await scan.verdict().catch((error: unknown) => {
          throw this.unavailable(error);
        });
        if (!result.clean) {
          this.logger.warn(`refused an infected upload (${result.signature})`);
          throw new DomainError('file_infected', `${name} carries a virus (${result.signature}); it was not kept.`, [
            { pointer: '/file', code: 'infected', detail: 'the virus scanner found a virus in this file' },
          ]);
        }
      }
      const sha256 = meter.digest();
      await this.store.commit(tempId, sha256);
      const thumbnail = THUMBNAIL_SOURCE_TYPES.has(verdict.contentType) ? await this.storeThumbnail(sha256) : null;
      return { name, size: meter.size, contentType: verdict.contentType, sha256, scan: scan ? 'clean' : 'not_scanned', thumbnail };
    } catch (thrown) {
      const error = meterError ?? thrown;
      scan?.abort();
      await this.store.discard(tempId).catch(() => undefined);
      if (error instanceof TooLargeError) {
        const perFile = error.limit >= this.config.files.maxFileBytes || allowance > this.config.files.maxFileBytes;
        throw this.tooLarge(
          perFile
            ? `${name} is larger than ${Math.round(this.config.files.maxFileBytes / 1024 / 1024)} MB.`
            : `${name} would pass the limit of files for this order or for one person in an hour.`,
          perFile ? 'file' : 'order',
        );
      }
      if (error instanceof ScannerUnavailableError) throw this.unavailable(error);
      throw error;
    }
  }

  /**
   * Makes an image's preview from its stored bytes (read back from the store, so the upload
   * itself is never held in memory) and stores it under its own hash. Null when the image
   * gets none: unreadable, past the pixel limit, or the store failed for it.
   */
  private async storeThumbnail(sha256: string): Promise<{ sha256: string; size: number } | null> {
    const tempId = randomUUID();
    try {
      const preview = await makeThumbnail(await this.store.read(sha256));
      if (!preview) return null;
      const previewSha256 = createHash('sha256').update(preview).digest('hex');
      await this.store.writeTemp(tempId, Readable.from([preview]));
      await this.store.commit(tempId, previewSha256);
      return { sha256: previewSha256, size: preview.length };
    } catch (error) {
      this.logger.warn(`no preview for ${sha256}: ${error instanceof Error ? error.message : String(error)}`);
      await this.store.discard(tempId).catch(() => undefined);
      return null;
    }
  }

  private unavailable(error: unknown): DomainError {
    this.logger.error(`virus scanner: ${error instanceof Error ? error.message : String(error)}`);
    return new DomainError('scanner_unavailable', 'The virus scanner does not answer; the file was not kept. Try again later.');
  }
}
