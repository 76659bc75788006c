import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { makeThumbnail, THUMBNAIL_EDGE, THUMBNAIL_MAX_PIXELS, THUMBNAIL_SOURCE_TYPES } from './thumbnail';

/** A grey PNG whose header says `width` × `height`, over whatever `data` is (not checked against the size). */
function png(width: number, height: number, data: Buffer): Buffer {
  const chunk = (kind: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(kind, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed) >>> 0);
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(data)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('image previews', () => {
  it('makes a WebP that fits the square, keeping the proportions, upright by EXIF and without metadata', async () => {
    const photo = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#d4351c' } })
      .withMetadata({ orientation: 6 }) // "turn 90° clockwise to show"
      .jpeg()
      .toBuffer();
    const preview = await makeThumbnail(Readable.from([photo]));
    const meta = await sharp(preview!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', THUMBNAIL_EDGE / 2, THUMBNAIL_EDGE]);
    expect(meta.exif).toBeUndefined();
  });

  it('never enlarges a small picture', async () => {
    const icon = await sharp({ create: { width: 32, height: 16, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    const meta = await sharp((await makeThumbnail(Readable.from([icon])))!).metadata();
    expect([meta.width, meta.height]).toEqual([32, 16]);
  });

  it('gives none for a decompression bomb, refused from its header, nor for bytes that are no picture', async () => {
    const side = Math.ceil(Math.sqrt(THUMBNAIL_MAX_PIXELS)) + 1;
    expect(await makeThumbnail(Readable.from([png(side, side, Buffer.alloc(1024 * 1024))]))).toBeNull();
    expect(await makeThumbnail(Readable.from([png(100_000, 100_000, Buffer.alloc(4096))]))).toBeNull();
    expect(await makeThumbnail(Readable.from([png(2, 2, Buffer.from('not pixels'))]))).toBeNull();
    expect(await makeThumbnail(Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]))).toBeNull();
  });

  it('gives none when the store fails while reading', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('the store broke off'));
      },
    });
    expect(await makeThumbnail(broken)).toBeNull();
  });

  it('is made of raster pictures only, never of SVG (a picture that can carry a script)', () => {
    expect([...THUMBNAIL_SOURCE_TYPES].sort()).toEqual(['image/avif', 'image/gif', 'image/jpeg', 'image/png', 'image/webp']);
    expect(THUMBNAIL_SOURCE_TYPES.has('image/svg+xml')).toBe(false);
  });
});
