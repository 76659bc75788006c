import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { FilesConfig } from '../config/app-config';
import { assertSha256, assertTempId, ByteRange, FileStore, StoredObject } from './file-store';

/** The part size of a streamed upload: S3's smallest, so one upload holds about this much in memory. */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket (S3, MinIO, Ceph), shared by every instance: `blobs/<sha256>`
 * and `tmp/<id>`. An upload streams in parts (lib-storage); committing copies the temporary
 * object to its hash key on the server side and deletes the temporary one.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: NonNullable<FilesConfig['s3']>) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint ?? undefined,
      forcePathStyle: config.forcePathStyle,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey.reveal() }
          : undefined,
      // Checksums of streamed bodies need the whole part; the content hash is ours anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private blobKey(sha256: string): string {
    assertSha256(sha256);
    return `blobs/${sha256}`;
  }

  private tempKey(tempId: string): string {
    assertTempId(tempId);
    return `tmp/${tempId}`;
  }

  async init(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async writeTemp(tempId: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.tempKey(tempId), Body: body },
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
    });
    // A failed body (too large, refused) aborts the multipart upload: no part is left behind.
    body.once('error', () => void upload.abort().catch(() => undefined));
    await upload.done();
  }

  async commit(tempId: string, sha256: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256), CopySource: `${this.bucket}/${this.tempKey(tempId)}` }),
    );
    await this.discard(tempId);
  }

  async discard(tempId: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.tempKey(tempId) }));
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const answer = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.blobKey(sha256),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    return answer.Body as Readable;
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256) }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256) }));
  }

  async *list(): AsyncIterable<{ blobs: StoredObject[]; temps: StoredObject[] }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      const blobs: StoredObject[] = [];
      const temps: StoredObject[] = [];
      for (const item of page.Contents ?? []) {
        const at = item.LastModified ?? new Date(0);
        if (item.Key?.startsWith('blobs/')) blobs.push({ key: item.Key.slice(6), modifiedAt: at });
        else if (item.Key?.startsWith('tmp/')) temps.push({ key: item.Key.slice(4), modifiedAt: at });
      }
      yield { blobs, temps };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.client.destroy();
  }
}
