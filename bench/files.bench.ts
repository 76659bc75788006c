import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

/**
 * Uploads and downloads of a 25 MB file against the app (a process of its own, as `npm start`
 * runs it), with its resident set sampled while 8 run at once, and downloads against a raw
 * `node:http` server that authenticates the same bearer token and streams the same file
 * (bench/raw-server.ts, `GET /raw-file`). Part of `npm run bench`; the figures are printed and
 * written with the API's.
 */

export const BENCH_FILE_MB = 25;
/** Transfers at once: what the resident set is measured under. */
export const FILE_CONCURRENCY = 8;

export interface FileFixtures {
  /** Bearer tokens of requesters, each with a draft of their own to attach to. */
  uploaders: Array<{ token: string; orderId: string }>;
}

export interface FileFigures {
  fileMb: number;
  concurrency: number;
  /** The first 8 at once in the process's life (one upload before): its one-time costs included. */
  firstUploads: { rssBeforeMb: number; rssPeakMb: number; rssGrowthMb: number };
  /** Two more rounds of 8 at once, measured from the resident set after the first. */
  upload: { transfers: number; seconds: number; mbPerSec: number; rssBeforeMb: number; rssPeakMb: number; rssGrowthMb: number };
  download: {
    app: { transfers: number; seconds: number; mbPerSec: number; rssBeforeMb: number; rssPeakMb: number; rssGrowthMb: number };
    raw: { transfers: number; seconds: number; mbPerSec: number };
    ratio: number;
  };
}

/** The file both servers send: random bytes (nothing to sniff, nothing to compress), written once per run. */
export async function writeBenchFile(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `upload-${BENCH_FILE_MB}mb.bin`);
  await writeFile(path, randomBytes(BENCH_FILE_MB * 1024 * 1024));
  return path;
}

/** A process's resident set in MB, from /proc (Linux). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Samples the resident set every 20 ms while `work` runs; the largest sample. */
async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = await rssMb(pid);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssMb(pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const result = await work();
    return { result, peakMb: peak };
  } finally {
    sampling = false;
    await sampler;
    peak = Math.max(peak, await rssMb(pid));
  }
}

/** One multipart upload streamed from disk; resolves with the attachment's id. */
function uploadOnce(base: string, orderId: string, token: string, file: string, size: number): Promise<string> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="artwork.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/v1/orders/${orderId}/attachments`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString();
          if (res.statusCode !== 201) return reject(new Error(`upload answered ${res.statusCode}: ${text.slice(0, 300)}`));
          resolve((JSON.parse(text) as { items: Array<{ id: string }> }).items[0].id);
        });
      },
    );
    req.on('error', reject);
    const body = new PassThrough();
    body.pipe(req);
    body.write(head);
    const stream = createReadStream(file);
    stream.on('error', reject);
    stream.pipe(body, { end: false });
    stream.on('end', () => body.end(tail));
  });
}

/** One download, its bytes counted and dropped; resolves with how many arrived. */
function downloadOnce(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`download ${url} answered ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `FILE_CONCURRENCY` loops downloading for `seconds`; MB/s over every byte received. */
async function downloadFor(url: string, token: string, seconds: number, size: number): Promise<{ transfers: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const until = Date.now() + seconds * 1000;
  let transfers = 0;
  await Promise.all(
    Array.from({ length: FILE_CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const bytes = await downloadOnce(url, token);
        if (bytes !== size) throw new Error(`download ${url} sent ${bytes} bytes of ${size}`);
        transfers++;
      }
    }),
  );
  return { transfers, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const mbPerSec = (transfers: number, seconds: number) => (transfers * BENCH_FILE_MB) / seconds;

/**
 * The upload, 8 at once, each into a requester's own draft: a first round (the process's first
 * burst, one-time costs included), then two more measured from where the first left the
 * resident set, as the API bench measures after a warm-up; then downloads from the app and
 * from the raw server in interleaved runs of `seconds / rounds` each, the app's resident set
 * sampled over its runs.
 */
export async function benchFiles(options: {
  app: { url: string; pid: number };
  raw: { url: string };
  file: string;
  fx: FileFixtures;
  seconds: number;
  rounds: number;
}): Promise<FileFigures> {
  const { app, raw, file, fx } = options;
  const size = BENCH_FILE_MB * 1024 * 1024;
  if (fx.uploaders.length < FILE_CONCURRENCY) throw new Error(`the files bench needs ${FILE_CONCURRENCY} uploaders`);
  const uploaders = fx.uploaders.slice(0, FILE_CONCURRENCY);

  // Warm-up: one upload and one download on each side, so that code paths are compiled.
  const warm = await uploadOnce(app.url, uploaders[0].orderId, uploaders[0].token, file, size);
  const appUrl = `${app.url}/api/v1/orders/${uploaders[0].orderId}/attachments/${warm}`;
  const rawUrl = `${raw.url}/raw-file`;
  await downloadOnce(appUrl, uploaders[0].token);
  await downloadOnce(rawUrl, uploaders[0].token);

  const uploadRound = () => Promise.all(uploaders.map((u) => uploadOnce(app.url, u.orderId, u.token, file, size)));
  const firstBefore = await rssMb(app.pid);
  const first = await peakRssDuring(app.pid, uploadRound);

  const uploadBefore = await rssMb(app.pid);
  const uploadStarted = process.hrtime.bigint();
  const uploads = await peakRssDuring(app.pid, async () => {
    for (let round = 0; round < 2; round++) await uploadRound();
  });
  const uploadSeconds = Number(process.hrtime.bigint() - uploadStarted) / 1e9;

  const downloadBefore = await rssMb(app.pid);
  const times = { app: { transfers: 0, seconds: 0 }, raw: { transfers: 0, seconds: 0 } };
  let downloadPeak = downloadBefore;
  for (let round = 0; round < options.rounds; round++) {
    const run = await peakRssDuring(app.pid, () => downloadFor(appUrl, uploaders[0].token, options.seconds / options.rounds, size));
    downloadPeak = Math.max(downloadPeak, run.peakMb);
    times.app.transfers += run.result.transfers;
    times.app.seconds += run.result.seconds;
    const baseline = await downloadFor(rawUrl, uploaders[0].token, options.seconds / options.rounds, size);
    times.raw.transfers += baseline.transfers;
    times.raw.seconds += baseline.seconds;
  }
  const appRate = mbPerSec(times.app.transfers, times.app.seconds);
  const rawRate = mbPerSec(times.raw.transfers, times.raw.seconds);
  return {
    fileMb: BENCH_FILE_MB,
    concurrency: FILE_CONCURRENCY,
    firstUploads: { rssBeforeMb: firstBefore, rssPeakMb: first.peakMb, rssGrowthMb: first.peakMb - firstBefore },
    upload: {
      transfers: 2 * FILE_CONCURRENCY,
      seconds: uploadSeconds,
      mbPerSec: mbPerSec(2 * FILE_CONCURRENCY, uploadSeconds),
      rssBeforeMb: uploadBefore,
      rssPeakMb: uploads.peakMb,
      rssGrowthMb: uploads.peakMb - uploadBefore,
    },
    download: {
      app: {
        ...times.app,
        mbPerSec: appRate,
        rssBeforeMb: downloadBefore,
        rssPeakMb: downloadPeak,
        rssGrowthMb: downloadPeak - downloadBefore,
      },
      raw: { ...times.raw, mbPerSec: rawRate },
      ratio: appRate / rawRate,
    },
  };
}

/** The figures as the bench prints them, with the targets beside them. */
export function printFileFigures(f: FileFigures): void {
  const mb = (v: number) => `${v.toFixed(1)} MB`;
  const pass = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`\nfiles: ${f.fileMb} MB, ${f.concurrency} at once`);
  console.log(
    `  first 8 uploads of the process: resident set ${mb(f.firstUploads.rssBeforeMb)} → peak ${mb(f.firstUploads.rssPeakMb)}: +${mb(f.firstUploads.rssGrowthMb)}`,
  );
  console.log(
    `  upload    ${f.upload.mbPerSec.toFixed(0).padStart(5)} MB/s  (${f.upload.transfers} uploads in ${f.upload.seconds.toFixed(1)} s)   resident set ${mb(f.upload.rssBeforeMb)} → peak ${mb(f.upload.rssPeakMb)}: +${mb(f.upload.rssGrowthMb)} (target < 32 MB: ${pass(f.upload.rssGrowthMb < 32)})`,
  );
  console.log(
    `  download  ${f.download.app.mbPerSec.toFixed(0).padStart(5)} MB/s  (${f.download.app.transfers} downloads in ${f.download.app.seconds.toFixed(1)} s)   resident set ${mb(f.download.app.rssBeforeMb)} → peak ${mb(f.download.app.rssPeakMb)}: +${mb(f.download.app.rssGrowthMb)} (target < 32 MB: ${pass(f.download.app.rssGrowthMb < 32)})`,
  );
  console.log(
    `  raw node:http download ${f.download.raw.mbPerSec.toFixed(0)} MB/s (${f.download.raw.transfers} in ${f.download.raw.seconds.toFixed(1)} s): app at ${(f.download.ratio * 100).toFixed(0)} % (target ≥ 70 %: ${pass(f.download.ratio >= 0.7)})`,
  );
}
