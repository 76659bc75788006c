import type { DomainError } from '../../common/domain-error';
import type { AttachmentView } from '../../files/files.facade';
import type { MessageKey } from '../i18n/en';
import type { Formats } from '../i18n/i18n';

/** The message key for a refused upload, or null when the error is not the form's to show. */
export function uploadErrorKey(error: DomainError): MessageKey | null {
  switch (error.code) {
    case 'file_too_large':
      return 'files.error.tooLarge';
    case 'file_type_refused':
      return 'files.error.type';
    case 'file_infected':
      return 'files.error.infected';
    case 'scanner_unavailable':
      return 'files.error.scanner';
    case 'validation_failed':
      return error.errors.some((e) => e.pointer === '/file') ? 'files.error.none' : null;
    default:
      return null;
  }
}

/** A size as people read it: bytes, kB or MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface FileRow {
  id: string;
  name: string;
  href: string;
  /** The image preview's address, when the file has one. */
  thumbnail: string | null;
  size: string;
  type: string;
  by: string;
  at: string;
}

/** Files as the order page lists them: name (a download link), size, type, who and when. */
export function fileRows(orderId: string, files: AttachmentView[], names: Map<string, string>, fmt: Formats): FileRow[] {
  return files.map((f) => ({
    id: f.id,
    name: f.name,
    href: `/orders/${orderId}/attachments/${f.id}`,
    thumbnail: f.thumbnail ? `/orders/${orderId}/attachments/${f.id}/thumbnail` : null,
    size: sizeText(f.size),
    type: f.contentType,
    by: names.get(f.uploadedBy) ?? '',
    at: fmt.time(f.uploadedAt),
  }));
}
