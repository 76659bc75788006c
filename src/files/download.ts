import type { Request, Response } from 'express';
import rangeParser from 'range-parser';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sendProblem } from '../common/problem-details.filter';
import { attachmentDisposition } from './domain/file-name';
import type { ByteRange } from './file-store';

/**
 * Sends a stored file as a download that never runs in the product's origin: always
 * `Content-Disposition: attachment`, the sniffed type with `nosniff`, and a CSP that allows
 * nothing and sandboxes the document, should a browser render it anyway. `ETag` is the content
 * hash; a single `Range` is answered with 206 (several ranges: the whole file).
 */
export async function sendAttachment(
  req: Request,
  res: Response,
  file: { name: string; size: number; contentType: string; sha256: string },
  rangeHeader: string | undefined,
  open: (range?: ByteRange) => Promise<Readable>,
): Promise<void> {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', attachmentDisposition(file.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Accept-Ranges', 'bytes');
  let range: ByteRange | undefined;
  if (rangeHeader && file.size > 0) {
    const ifRange = req.headers['if-range'];
    const parsed = !ifRange || ifRange === `"${file.sha256}"` ? rangeParser(file.size, rangeHeader, { combine: true }) : -2;
    if (parsed === -1) {
      res.setHeader('Content-Range', `bytes */${file.size}`);
      res.removeHeader('Content-Disposition');
      sendProblem(req, res, {
        type: 'https://support-orders.example/problems/range-not-satisfiable',
        title: 'Range not satisfiable',
        status: 416,
        detail: `The file has ${file.size} bytes.`,
      });
      return;
    }
    if (Array.isArray(parsed) && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0];
  }
  const body = await open(range);
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.status(200);
    res.setHeader('Content-Length', String(file.size));
  }
  if (req.method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  await pipeline(body, res).catch(() => {
    // The client went away, or the store broke off: the response is cut short, nothing more to say.
    body.destroy();
  });
}
