// How an uploaded file's name is kept: pure, no NestJS or TypeORM.

/** Bidirectional controls (they can make `gpj.exe` read as `exe.jpg`) and zero-width characters. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
// Control characters (C0, DEL, C1).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;
const MAX_LENGTH = 200;

/**
 * The name a file is shown and downloaded under: the last segment of whatever path the client
 * sent (either slash), without control, bidi or zero-width characters, without leading dots
 * (no hidden files) or trailing dots and spaces, NFC-normalised, at most 200 characters with
 * the extension kept; `file` when nothing is left.
 */
export function cleanFileName(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(CONTROL, '').replace(INVISIBLE, '');
  name = name.replace(/\s+/gu, ' ').trim();
  name = name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  const chars = [...name];
  if (chars.length > MAX_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keep = ext.length && ext.length <= 16 ? ext : [];
    name = chars.slice(0, MAX_LENGTH - keep.length).join('') + keep.join('');
  }
  return name || 'file';
}

/** `Content-Disposition: attachment` with the RFC 8187 name and a plain ASCII fallback. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
