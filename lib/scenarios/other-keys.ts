// A key is checked, not only demanded. What must refuse a request without its SSE-C key must also
// refuse the same request with another key: a fresh one (never written under, registered with the
// redactor before it is sent), through the trusted path, after the cell's own request was accepted.
// S3 refuses each of these (403 AccessDenied, or 400); an endpoint that only looks for a key of the
// right shape passes every check that uses the right key.
import { CopyObjectCommand, HeadObjectCommand, UploadPartCommand, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import type { EngineContext } from '../engine/context';
import { otherSseCKey } from '../engine/keys';
import type { SseCKey } from '../engine/sse';
import { readObject, sdkSse, sdkSseC, sdkStatus, TrustedStepError } from '../engine/trusted-ops';
import { encodeKey } from '../transport/address';
import { PASS, type Arranged, type Check, type Shape } from './types';

/**
 * What a trusted request that must be refused for its SSE-C key (none, or another one than the
 * object's, upload's or source's) got: 2xx, the key is not checked (FAIL downgrade, `opens` says
 * what opened); a 4xx refusal passes, except 408 and 429 (busy, not a refusal); anything else
 * (5xx, a redirect) proves nothing (ERROR).
 */
export function keyRefusal(status: number, code: string | undefined, what: { opens: string; step: string }): Check {
  if (status >= 200 && status < 300) return { verdict: 'fail', severity: 'downgrade', reason: `${what.opens}: the key is not checked`, cause: 'opens-with-other-key' };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return PASS;
  return { verdict: 'error', reason: `${what.step} got ${status} ${code ?? ''}`.trim() };
}

/** The status of a trusted request that may be refused (the refusal is the point); no answer: TrustedStepError. */
async function statusOf(step: string, send: () => Promise<{ $metadata: { httpStatusCode?: number } }>): Promise<{ status: number; code?: string }> {
  try {
    return { status: (await send()).$metadata.httpStatusCode ?? 200 };
  } catch (e) {
    const s = sdkStatus(e);
    if (!s.status) throw new TrustedStepError(step, undefined, undefined, s.message);
    return { status: s.status, code: s.code };
  }
}

const sourceKeyParams = (k: SseCKey) => ({ CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: k.keyB64, CopySourceSSECustomerKeyMD5: k.md5B64 });

/**
 * An SSE-C object read with another key: a GET (the object opens), or a HEAD (HEAD cells: its
 * metadata and its key's MD5 are answered). Only the status counts: a GET's body is read up to
 * READ_BACK_MAX, so that an answer of another size than written is still an acceptance.
 */
export async function otherKeyRead(ctx: EngineContext, key: string, method: 'GET' | 'HEAD', what = 'stored object'): Promise<Check> {
  const other = otherSseCKey(ctx);
  const step = `verify: trusted ${method} with another SSE-C key`;
  const answer =
    method === 'GET'
      ? await readObject(ctx, key, 'sse-c', undefined, { ssec: other })
      : await statusOf(step, () => ctx.trusted.send(new HeadObjectCommand({ Bucket: ctx.target.bucket, Key: key, ...sdkSseC(other) })));
  return keyRefusal(answer.status, answer.code, { opens: `${what} ${method === 'GET' ? 'opens' : 'answers a HEAD'} with another SSE-C key`, step });
}

/**
 * A part with another key into the cell's SSE-C upload, by the cell's own kind of request
 * (UploadPart, or UploadPartCopy of the cell's source with the source's right key): S3 requires the
 * key the upload was initiated with on every part. Part 3 (1 is the cell's, 2 the witnesses'),
 * before the upload is completed with part 1 only.
 */
export async function otherKeyPart(ctx: EngineContext, s: Shape, a: Arranged, kind: 'part' | 'part-copy'): Promise<Check> {
  if (s.target !== 'sse-c') return PASS;
  const part = { Bucket: ctx.target.bucket, Key: a.key, UploadId: a.uploadId!, PartNumber: 3, ...sdkSseC(otherSseCKey(ctx)) };
  const step = `verify: trusted ${kind === 'part' ? 'UploadPart' : 'UploadPartCopy'} with another SSE-C key`;
  const answer = await statusOf(step, () =>
    kind === 'part'
      ? ctx.trusted.send(new UploadPartCommand({ ...part, Body: Buffer.from('a part under another key') }))
      : ctx.trusted.send(new UploadPartCopyCommand({ ...part, CopySource: copySourceOf(ctx, a), ...(s.source === 'sse-c' ? sourceKeyParams(ctx.ssec) : {}) })),
  );
  return keyRefusal(answer.status, answer.code, { opens: 'the SSE-C upload takes a part under another SSE-C key', step });
}

/**
 * The cell's copy again, with another copy-source key for its SSE-C source: S3 refuses it. A copy
 * (onto the cell's own target, already verified) or a part copy (part 4 of the cell's upload, before
 * it is completed with part 1 only); the target asks for what the cell's request asked for.
 */
export async function otherSourceKey(ctx: EngineContext, s: Shape, a: Arranged, kind: 'copy' | 'part-copy'): Promise<Check> {
  if (s.source !== 'sse-c') return PASS;
  const source = { CopySource: copySourceOf(ctx, a), ...sourceKeyParams(otherSseCKey(ctx)) };
  const step = `verify: trusted ${kind === 'copy' ? 'CopyObject' : 'UploadPartCopy'} with another copy-source SSE-C key`;
  const answer = await statusOf(step, () =>
    kind === 'copy'
      ? ctx.trusted.send(new CopyObjectCommand({ Bucket: ctx.target.bucket, Key: a.key, ...source, ...sdkSse(ctx, s.target, s.keys) }))
      : ctx.trusted.send(new UploadPartCopyCommand({ Bucket: ctx.target.bucket, Key: a.key, UploadId: a.uploadId!, PartNumber: 4, ...source, ...(s.target === 'sse-c' ? sdkSseC(s.keys.ssec) : {}) })),
  );
  return keyRefusal(answer.status, answer.code, { opens: `the ${kind === 'copy' ? 'copy' : 'part copy'} opens its SSE-C source with another SSE-C key`, step });
}

/** x-amz-copy-source of the cell's source object, as the SDK takes it. */
function copySourceOf(ctx: EngineContext, a: Arranged): string {
  return `${ctx.target.bucket}/${encodeKey(a.sourceKey!)}`;
}
