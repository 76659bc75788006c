import { ORDER_STATUSES } from '../../orders/domain/order-lifecycle';
import { judgeContent, mayAttach } from './content-policy';
import { attachmentDisposition, cleanFileName } from './file-name';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('file names', () => {
  it('keeps the last path segment without control, bidi or zero-width characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\anna\\logo.png')).toBe('logo.png');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('a\u0000b\u0007c\u009f.txt')).toBe('abc.txt');
    expect(cleanFileName('zero\u200Bwidth.txt')).toBe('zerowidth.txt');
    expect(cleanFileName('  ..hidden. ')).toBe('hidden');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName('/')).toBe('file');
    expect(cleanFileName('Ka\u0308ytto\u0308.pdf')).toBe('Käyttö.pdf');
  });

  it('cuts long names to 200 characters and keeps the extension', () => {
    const name = cleanFileName(`${'x'.repeat(500)}.pdf`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('writes Content-Disposition as an attachment with the UTF-8 name and an ASCII fallback', () => {
    expect(attachmentDisposition('Äiti "ja" isä.pdf')).toBe(
      `attachment; filename="_iti _ja_ is_.pdf"; filename*=UTF-8''%C3%84iti%20%22ja%22%20is%C3%A4.pdf`,
    );
  });
});

describe('content policy', () => {
  it('refuses programs by their content whatever their name', () => {
    expect(judgeContent(bytes('MZ\x90\x00'), { mime: 'application/x-msdownload', ext: 'exe' }, 'flyer.pdf')).toEqual({
      ok: false,
      reason: 'executable',
    });
    expect(judgeContent(bytes('MZ\x90\x00'), undefined, 'flyer.pdf')).toEqual({ ok: false, reason: 'executable' });
    expect(judgeContent(bytes('\x7fELF\x02'), undefined, 'logo.png')).toEqual({ ok: false, reason: 'executable' });
    expect(judgeContent(bytes('#!/bin/sh\nrm -rf /'), undefined, 'notes.txt')).toEqual({ ok: false, reason: 'script' });
    expect(judgeContent(bytes('\xef\xbb\xbf#!/usr/bin/env node'), undefined, 'notes.txt')).toEqual({ ok: false, reason: 'script' });
    expect(judgeContent(bytes('echo hi'), undefined, 'run.BAT')).toEqual({ ok: false, reason: 'script' });
  });

  it('takes documents and pictures, typed by their content, and anything unknown as octet-stream', () => {
    expect(judgeContent(bytes('%PDF-1.7'), { mime: 'application/pdf', ext: 'pdf' }, 'x.exe.txt')).toEqual({
      ok: true,
      contentType: 'application/pdf',
    });
    expect(judgeContent(bytes('<html><script>'), undefined, 'page.html')).toEqual({ ok: true, contentType: 'application/octet-stream' });
  });

  it('lets the requesting side attach from the draft on, the delivering side from submitted on, nobody when finished', () => {
    for (const status of ORDER_STATUSES) {
      const finished = status === 'closed' || status === 'cancelled';
      expect(mayAttach(status, 'requester')).toBe(!finished);
      expect(mayAttach(status, 'deliverer')).toBe(!finished && status !== 'draft');
    }
  });
});
