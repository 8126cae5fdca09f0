import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import pLimit from 'p-limit';
import type { Target } from '../config/settings';
import type { Encryption } from '../profile/types';
import { registerWritten } from './account';
import type { EngineContext } from './context';
import type { SseCKey } from './sse';
import { isSafePrefix, safeOnly } from './safe-key';
import { ListingPager, RUN_LISTING_BOUNDS, type ListingBounds } from './listing-bounds';
import { TRUSTED_MAX_ANSWER, TrustedBoundError } from './trusted-client';

/** A trusted-path step that failed: the case cannot be judged (ERROR), it did not fail. */
export class TrustedStepError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${step}: ${detail}`);
  }
}

export function sdkStatus(e: unknown): { status?: number; code?: string; message: string } {
  // Past a deadline or a size cap: no answer to judge, whatever status its head carried.
  if (e instanceof TrustedBoundError) return { message: e.message };
  const err = e as { $metadata?: { httpStatusCode?: number }; name?: string; Code?: string; message?: string };
  const status = err.$metadata?.httpStatusCode;
  if (!status) return { message: err.message ?? String(e) };
  // An answer: its status and code only. The SDK's message is the endpoint's text as its XML parser
  // rewrote it (entities, line ends), which no redaction can be sure of; the exchange's evidence
  // holds the answer's own excerpt, redacted (trusted-client.ts).
  const code = errorCodeOf(err.Code ?? err.name);
  return { status, code, message: code ? `${status} ${code}` : `${status}` };
}

/**
 * What a failure says in a reason: a trusted step's own text, or for an SDK error the answer's status
 * and code only (never the endpoint's message as the SDK rewrote it), or a harness error's message.
 */
export function failureText(e: unknown): string {
  return e instanceof TrustedStepError ? e.message : sdkStatus(e).message;
}

/** An error code as S3 writes one (letters, digits, '.', '_', '-'; at most 64); anything else is not quoted. */
export function errorCodeOf(code: string | undefined): string | undefined {
  if (code === undefined || code === '') return undefined;
  return /^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(code) ? code : 'an unreadable error code';
}

async function trusted<T>(step: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const s = sdkStatus(e);
    throw new TrustedStepError(step, s.status, s.code, s.message);
  }
}

/**
 * Which keys a trusted step uses: the object's own SSE-C key and the KMS key asked for (default:
 * the run's fixture SSE-C key and S3_KMS_KEY_ID).
 */
export interface KeyChoice {
  ssec?: SseCKey;
  kmsKeyId?: string;
}

/** SDK parameters asking for an encryption (same meaning as sseHeaders). */
export function sdkSse(ctx: EngineContext, enc: Encryption | null, k: KeyChoice = {}) {
  if (enc === 'sse-kms') return { ServerSideEncryption: 'aws:kms' as ServerSideEncryption, SSEKMSKeyId: 'kmsKeyId' in k ? k.kmsKeyId : ctx.target.kmsKeyId };
  return sdkKeyOnly(ctx, enc, k);
}

function sdkKeyOnly(ctx: EngineContext, enc: Encryption | null, k: KeyChoice = {}) {
  return enc === 'sse-c' ? sdkSseC(k.ssec ?? ctx.ssec) : {};
}

/** SDK parameters carrying one SSE-C key (algorithm, key, its MD5). */
export function sdkSseC(key: SseCKey) {
  return { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.keyB64, SSECustomerKeyMD5: key.md5B64 };
}

/**
 * What a bucket-level trusted step needs: the trusted client and the bucket. An EngineContext has
 * both; so has a BucketClient (./bucket-client.ts), which needs no engine.
 */
export interface TrustedBucket {
  trusted: S3Client;
  target: Pick<Target, 'bucket'>;
}

const c = (ctx: TrustedBucket): S3Client => ctx.trusted;
const Bucket = (ctx: TrustedBucket) => ctx.target.bucket;

export function putObject(ctx: EngineContext, key: string, enc: Encryption, body: Buffer, k?: KeyChoice) {
  registerWritten(ctx, key);
  return trusted(`arrange: PUT ${enc} object`, () => c(ctx).send(new PutObjectCommand({ Bucket: Bucket(ctx), Key: key, Body: body, ...sdkSse(ctx, enc, k) })));
}

export async function createUpload(ctx: EngineContext, key: string, enc: Encryption, k?: KeyChoice): Promise<string> {
  registerWritten(ctx, key);
  const out = await trusted(`arrange: initiate ${enc} multipart upload`, () =>
    c(ctx).send(new CreateMultipartUploadCommand({ Bucket: Bucket(ctx), Key: key, ...sdkSse(ctx, enc, k) })),
  );
  if (!out.UploadId) throw new TrustedStepError('arrange: initiate multipart upload', 200, undefined, 'no UploadId in the answer');
  return out.UploadId;
}

export async function uploadPart(ctx: EngineContext, key: string, uploadId: string, n: number, enc: Encryption, body: Buffer, k?: KeyChoice): Promise<string> {
  const out = await trusted(`arrange: upload part into ${enc} upload`, () =>
    c(ctx).send(new UploadPartCommand({ Bucket: Bucket(ctx), Key: key, UploadId: uploadId, PartNumber: n, Body: body, ...sdkKeyOnly(ctx, enc, k) })),
  );
  return out.ETag ?? '';
}

export function completeUpload(ctx: EngineContext, key: string, uploadId: string, parts: { n: number; etag: string }[], step = 'verify: complete upload') {
  return trusted(step, () =>
    c(ctx).send(
      new CompleteMultipartUploadCommand({
        Bucket: Bucket(ctx),
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.n, ETag: p.etag })) },
      }),
    ),
  );
}

export interface ReadBack {
  status: number;
  code?: string;
  body?: Buffer;
  headers: { sse?: string; kmsKeyId?: string; cAlg?: string; cMd5?: string };
}

/** What a read-back takes when its caller does not say how much it wrote (payloads are ~1.5 KiB). */
export const READ_BACK_MAX = 1024 * 1024;

/**
 * A GET through the trusted path that reports refusals instead of throwing (a refusal can be the point).
 * `maxBytes`: the size written; a longer answer is not read past it but stops the step (ERROR).
 */
export async function readObject(ctx: EngineContext, key: string, withKeyOf: Encryption | null, maxBytes?: number, k?: KeyChoice): Promise<ReadBack> {
  const limit = Math.min(maxBytes ?? READ_BACK_MAX, TRUSTED_MAX_ANSWER);
  const tooLarge = (detail: string) =>
    new TrustedStepError(
      'verify: trusted GET',
      undefined,
      undefined,
      `${maxBytes !== undefined ? `answer larger than written (${maxBytes} bytes)` : `answer larger than ${limit} bytes, the most a read-back takes`}: ${detail}`,
    );
  try {
    const out = await c(ctx).send(new GetObjectCommand({ Bucket: Bucket(ctx), Key: key, ...sdkKeyOnly(ctx, withKeyOf, k) }));
    const declared = out.ContentLength;
    if (declared !== undefined && declared > limit) {
      (out.Body as Readable | undefined)?.destroy?.();
      throw tooLarge(`Content-Length ${declared}`);
    }
    const body = await readCapped(out.Body as Readable, limit, () => tooLarge(`read stopped after ${limit} bytes`));
    return {
      status: out.$metadata.httpStatusCode ?? 200,
      body,
      headers: { sse: out.ServerSideEncryption, kmsKeyId: out.SSEKMSKeyId, cAlg: out.SSECustomerAlgorithm, cMd5: out.SSECustomerKeyMD5 },
    };
  } catch (e) {
    if (e instanceof TrustedStepError) throw e;
    if (e instanceof TrustedBoundError && e.kind === 'size') throw tooLarge(e.declared !== undefined ? `Content-Length ${e.declared}` : `read stopped after ${limit} bytes`);
    const s = sdkStatus(e);
    if (!s.status) throw new TrustedStepError('verify: trusted GET', undefined, undefined, s.message);
    return { status: s.status, code: s.code, headers: {} };
  }
}

/** The whole body, or `tooLarge()` as soon as it passes `limit` bytes (the stream is then destroyed). */
async function readCapped(body: Readable | undefined, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The encryption a stored object reports through a trusted HEAD (with its SSE-C key where it has one). */
export async function storedEncryption(ctx: EngineContext, key: string, withKeyOf: Encryption | null): Promise<ReadBack['headers']> {
  const out = await trusted('arrange: HEAD the source object', () =>
    c(ctx).send(new HeadObjectCommand({ Bucket: Bucket(ctx), Key: key, ...sdkKeyOnly(ctx, withKeyOf) })),
  );
  return { sse: out.ServerSideEncryption, kmsKeyId: out.SSEKMSKeyId, cAlg: out.SSECustomerAlgorithm, cMd5: out.SSECustomerKeyMD5 };
}

/** Whether a key exists (HEAD through the trusted path; SSE-C objects answer 400/403 without the key, which still means present). */
export async function objectExists(ctx: EngineContext, key: string): Promise<boolean> {
  try {
    await c(ctx).send(new HeadObjectCommand({ Bucket: Bucket(ctx), Key: key }));
    return true;
  } catch (e) {
    const s = sdkStatus(e);
    if (s.status === 404) return false;
    if (s.status === 400 || s.status === 403) return true;
    throw new TrustedStepError('verify: trusted HEAD', s.status, s.code, s.message);
  }
}

export async function listParts(ctx: EngineContext, key: string, uploadId: string): Promise<{ n: number; size: number; etag: string }[] | 'no-upload'> {
  try {
    const out = await c(ctx).send(new ListPartsCommand({ Bucket: Bucket(ctx), Key: key, UploadId: uploadId }));
    return (out.Parts ?? []).map((p) => ({ n: p.PartNumber ?? 0, size: p.Size ?? 0, etag: p.ETag ?? '' }));
  } catch (e) {
    const s = sdkStatus(e);
    if (s.status === 404) return 'no-upload';
    throw new TrustedStepError('verify: trusted list parts', s.status, s.code, s.message);
  }
}

/**
 * Every open upload under the prefix, all pages. Bounded (./listing-bounds.ts): a repeated or missing
 * marker pair, more uploads than the bound or a listing past its time budget is a TrustedStepError
 * whose `cause` is the ListingStopped saying why.
 */
export async function uploadsUnder(ctx: TrustedBucket, prefix: string, bounds?: Partial<ListingBounds>): Promise<{ key: string; uploadId: string }[]> {
  const step = 'list multipart uploads';
  const found: { key: string; uploadId: string }[] = [];
  const pager = new ListingPager('uploads', prefix, { ...runBounds(ctx, prefix), ...bounds });
  let KeyMarker: string | undefined;
  let UploadIdMarker: string | undefined;
  for (;;) {
    const out = await trusted(step, () => c(ctx).send(new ListMultipartUploadsCommand({ Bucket: Bucket(ctx), Prefix: prefix, KeyMarker, UploadIdMarker })));
    const stop = pager.afterPage(out.Uploads?.length ?? 0, out.IsTruncated, [out.NextKeyMarker, out.NextUploadIdMarker]);
    // Answers came (200s): what they said is what stops it, as deterministic as a 200 without an UploadId (not retried).
    if (stop) throw Object.assign(new TrustedStepError(step, 200, undefined, stop.message), { cause: stop });
    for (const u of out.Uploads ?? []) if (u.Key && u.UploadId && u.Key.startsWith(prefix)) found.push({ key: u.Key, uploadId: u.UploadId });
    if (!out.IsTruncated) return found;
    KeyMarker = out.NextKeyMarker;
    UploadIdMarker = out.NextUploadIdMarker;
  }
}

/** Every object key under the prefix, all pages; bounded as uploadsUnder is. */
export async function keysUnder(ctx: TrustedBucket, prefix: string, bounds?: Partial<ListingBounds>): Promise<string[]> {
  const step = 'list objects';
  const keys: string[] = [];
  const pager = new ListingPager('objects', prefix, { ...runBounds(ctx, prefix), ...bounds });
  let ContinuationToken: string | undefined;
  for (;;) {
    const out = await trusted(step, () => c(ctx).send(new ListObjectsV2Command({ Bucket: Bucket(ctx), Prefix: prefix, ContinuationToken })));
    const stop = pager.afterPage(out.Contents?.length ?? 0, out.IsTruncated, [out.NextContinuationToken]);
    if (stop) throw Object.assign(new TrustedStepError(step, 200, undefined, stop.message), { cause: stop });
    for (const o of out.Contents ?? []) if (o.Key?.startsWith(prefix)) keys.push(o.Key);
    if (!out.IsTruncated) return keys;
    ContinuationToken = out.NextContinuationToken;
  }
}

/** Inside the run's own prefix (an engine's context, whatever the key root), the tight bounds of one run. */
function runBounds(ctx: TrustedBucket, prefix: string): Partial<ListingBounds> {
  const own = (ctx as { prefix?: unknown }).prefix;
  return typeof own === 'string' && prefix.startsWith(own) ? RUN_LISTING_BOUNDS : {};
}

/** Uploads aborted (or objects deleted one by one) at once by a cleanup: one round trip each. */
const CLEANUP_CONCURRENCY = 8;

/** Waits for every one; then rethrows the first failure, in the order given. */
async function allOrFirstFailure(work: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Runs fn over items, at most `n` at a time; every item is tried, the first failure is rethrown after. */
function eachBounded<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  const limit = pLimit(n);
  return allOrFirstFailure(items.map((t) => limit(() => fn(t))));
}

/**
 * Deletes every object and aborts every upload under the prefix, and nothing else: each key is
 * checked against the prefix again before it is deleted. One failing step (an endpoint without
 * ListMultipartUploads or DeleteObjects) does not stop the others; the first failure is rethrown.
 * `keep`: keys left alone this time (the folders the late-write sweep has yet to look at).
 */
export async function cleanupPrefix(
  ctx: TrustedBucket,
  prefix: string,
  opts: { keep?: (key: string) => boolean; onListed?: (objects: string[], uploads: { key: string }[]) => void } = {},
): Promise<{ deleted: number; aborted: number; skipped: number }> {
  if (!isSafePrefix(prefix)) throw new Error(`refusing to clean up an unsafe prefix "${prefix}"`);
  const keep = opts.keep ?? (() => false);
  // Listed keys with dot or empty segments, control characters or another prefix: never deleted (lib/engine/safe-key.ts).
  const skipped: string[] = [];
  let aborted = 0;
  const abortUploads = async () => {
    const listed = await uploadsUnder(ctx, prefix);
    // What a cleanup lists is a witness too (./account.ts): everything, before the unsafe keys are set aside.
    opts.onListed?.([], listed);
    const uploads = safeOnly(listed, (x) => x.key, prefix, skipped).filter((u) => !keep(u.key));
    await eachBounded(uploads, CLEANUP_CONCURRENCY, async (u) => {
      await trusted('abort upload', () => c(ctx).send(new AbortMultipartUploadCommand({ Bucket: Bucket(ctx), Key: u.key, UploadId: u.uploadId })));
      aborted++;
    });
  };
  let deleted = 0;
  const deleteObjects = async () => {
    const listed = await keysUnder(ctx, prefix);
    opts.onListed?.(listed, []);
    const keys = safeOnly(listed, (k) => k, prefix, skipped).filter((k) => !keep(k));
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      try {
        const out = await trusted('delete objects', () =>
          c(ctx).send(new DeleteObjectsCommand({ Bucket: Bucket(ctx), Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
        );
        // A 200 listing per-key refusals deleted nothing of those: retried one by one, so a refusal surfaces.
        if (out.Errors?.length) throw new Error('multi-object delete refused some keys');
      } catch {
        // Endpoints without multi-object delete: one DELETE per key.
        await eachBounded(batch, CLEANUP_CONCURRENCY, async (Key) => {
          await trusted('delete object', () => c(ctx).send(new DeleteObjectCommand({ Bucket: Bucket(ctx), Key })));
        });
      }
      deleted += batch.length;
    }
  };
  // Independent of each other, so at once; the uploads' failure is the one told first.
  await allOrFirstFailure([abortUploads(), deleteObjects()]);
  return { deleted, aborted, skipped: skipped.length };
}
