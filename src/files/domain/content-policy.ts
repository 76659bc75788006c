// Which uploads are refused by their content: pure, no NestJS or TypeORM.

/** Types `file-type` reports for programs a computer would run. */
const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/x-elf',
  'application/x-executable',
  'application/x-sharedlib',
  'application/x-mach-binary',
  'application/x-msi',
  'application/x-ms-installer',
  'application/x-ole-storage',
  'application/wasm',
  'application/java-archive',
  'application/java-vm',
  'application/x-java-archive',
  'application/vnd.android.package-archive',
  'application/x-apple-diskimage',
  'application/x-deb',
  'application/x-rpm',
  'application/x-shockwave-flash',
]);

const EXECUTABLE_EXTENSIONS = new Set([
  'exe',
  'dll',
  'elf',
  'macho',
  'msi',
  'wasm',
  'jar',
  'class',
  'apk',
  'dmg',
  'deb',
  'rpm',
  'swf',
  'cfb',
]);

/** Names that a desktop runs when opened, whatever their content looks like. */
const SCRIPT_NAME =
  /\.(?:exe|com|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|scr|pif|cpl|msi|msp|lnk|reg|sh|bash|zsh|command|app|jar|py|pl|rb|php)$/i;

export interface SniffedType {
  mime: string;
  ext: string;
}

export type ContentVerdict = { ok: true; contentType: string } | { ok: false; reason: 'executable' | 'script' };

/**
 * The type comes from the content: `sniffed` is what `file-type` found in the first bytes
 * (undefined when it recognised nothing, as for text). Programs are refused whatever their
 * name; so are scripts: a `#!` first line, a Windows program's `MZ` header, and names that a
 * desktop would run. What is allowed is served as its sniffed type, else as
 * `application/octet-stream`, and always as a download.
 */
export function judgeContent(head: Uint8Array, sniffed: SniffedType | undefined, name: string): ContentVerdict {
  if (sniffed && (EXECUTABLE_TYPES.has(sniffed.mime) || EXECUTABLE_EXTENSIONS.has(sniffed.ext))) return { ok: false, reason: 'executable' };
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3; // UTF-8 byte order mark
  if (head[start] === 0x4d && head[start + 1] === 0x5a) return { ok: false, reason: 'executable' }; // MZ
  if (head[start] === 0x7f && head[start + 1] === 0x45 && head[start + 2] === 0x4c && head[start + 3] === 0x46) {
    return { ok: false, reason: 'executable' }; // ELF
  }
  if (head[start] === 0x23 && head[start + 1] === 0x21) return { ok: false, reason: 'script' }; // #!
  if (SCRIPT_NAME.test(name)) return { ok: false, reason: 'script' };
  return { ok: true, contentType: sniffed?.mime ?? 'application/octet-stream' };
}

export type UploaderSide = 'requester' | 'deliverer';

/** Order statuses in which nobody adds files any more. */
const FINISHED = new Set(['closed', 'cancelled']);

/**
 * Who may add files to an order in a status: the requesting side from the draft on, the
 * delivering side from `submitted` on (a draft is not theirs to see), nobody once the order is
 * closed or cancelled.
 */
export function mayAttach(status: string, side: UploaderSide): boolean {
  if (FINISHED.has(status)) return false;
  return side === 'requester' || status !== 'draft';
}
