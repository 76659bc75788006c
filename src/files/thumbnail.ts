import type { Readable } from 'node:stream';
import sharp from 'sharp';

// Thumbnails are made one at a time per image and not kept in libvips' cache: an upload's
// memory stays small whatever else the process does.
sharp.cache(false);
sharp.concurrency(1);

/** The raster types a preview is made of (never SVG: a picture that is a program stays a download). */
export const THUMBNAIL_SOURCE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/** The preview's type. */
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

/** The preview fits in a square of this many pixels (twice what the file list shows, for sharp screens). */
export const THUMBNAIL_EDGE = 160;

/**
 * The largest picture a preview is made of, in pixels (a 48-megapixel phone photo passes). A
 * larger one, or a header that claims to be (a decompression bomb), gets no preview: libvips
 * refuses it after reading the header, before decoding anything.
 */
export const THUMBNAIL_MAX_PIXELS = 50_000_000;

/** A preview that takes longer than this is given up (a hostile image kept small but slow to decode). */
const THUMBNAIL_TIMEOUT_SECONDS = 15;

/**
 * A small WebP preview of the image streamed from `source`, turned upright by its EXIF
 * orientation and without its metadata; `null` when the bytes are not an image libvips reads
 * within the pixel and time limits. Never throws for bad input: a file without a preview is
 * still a file.
 */
export async function makeThumbnail(source: Readable): Promise<Buffer | null> {
  const image = sharp({ limitInputPixels: THUMBNAIL_MAX_PIXELS, sequentialRead: true, failOn: 'error', animated: false })
    .rotate()
    .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .timeout({ seconds: THUMBNAIL_TIMEOUT_SECONDS });
  // A source that breaks off (the store's connection) never finishes sharp's input: it ends the preview itself.
  const broken = new Promise<never>((_, reject) => source.once('error', reject));
  broken.catch(() => undefined);
  source.pipe(image);
  try {
    return await Promise.race([image.toBuffer(), broken]);
  } catch {
    return null;
  } finally {
    // libvips may stop reading after the header: the rest of the source is not wanted.
    source.unpipe(image);
    source.destroy();
    image.destroy();
  }
}
