import type { Encryption } from '../../profile/types';
import { S3Error, err } from '../errors';
import { header, type RequestContext } from '../request';
import { COPY_SSE_C_PREFIX, SSE_C_PREFIX, dataKeyFor, parseCustomerKey } from '../sse';
import { readRange } from '../storage/data';
import type { ObjectRecord } from '../storage/records';
import { headerGetter } from './common';

export interface CopySource {
  bucket: string;
  key: string;
  object: ObjectRecord;
  encryption: Encryption;
}

/** `x-amz-copy-source: [/]bucket/key[?versionId=...]`, URL-encoded; the object must exist. */
export function copySourceOf(ctx: RequestContext): CopySource {
  const raw = header(ctx.headers, 'x-amz-copy-source') ?? '';
  const q = raw.indexOf('?');
  let path = q < 0 ? raw : raw.slice(0, q);
  try {
    path = decodeURIComponent(path);
  } catch {
    throw err.invalidArgument('Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source' });
  }
  if (path.startsWith('/')) path = path.slice(1);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw err.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source', ArgumentValue: raw });
  }
  const bucket = path.slice(0, slash);
  const key = path.slice(slash + 1);
  const b = ctx.state.buckets.get(bucket);
  if (!b) throw err.noSuchBucket(bucket);
  const object = b.objects.get(key);
  if (!object) throw err.noSuchKey(key);
  return { bucket, key, object, encryption: object.sse.kind };
}

/** The source's plaintext (or a byte range of it), unlocked with the copy-source SSE-C key when needed. */
export async function readCopySource(ctx: RequestContext, src: CopySource, range?: { start: number; end: number }): Promise<Buffer> {
  const get = headerGetter(ctx);
  const customer = ctx.state.fault === 'key-confusion' && src.object.sse.kind === 'sse-c' && get(`${SSE_C_PREFIX}key`) !== undefined ? parseCustomerKey(get, SSE_C_PREFIX) : parseCustomerKey(get, COPY_SSE_C_PREFIX);
  const dataKey = dataKeyFor(ctx.state, src.object.sse, customer, 'source object');
  return readRange(ctx.state, src.object.segments, dataKey, range?.start ?? 0, range?.end ?? src.object.size);
}

/** `x-amz-copy-source-range: bytes=a-b` (both ends required, inside the source). */
export function copySourceRange(ctx: RequestContext, size: number): { start: number; end: number } | undefined {
  const v = header(ctx.headers, 'x-amz-copy-source-range');
  if (v === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(v.trim());
  if (!m) throw err.invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: v });
  const start = Number(m[1]);
  const last = Number(m[2]);
  if (last < start || last >= size) throw new S3Error(400, 'InvalidArgument', `Range specified is not valid for source object of size: ${size}`, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: v });
  return { start, end: last + 1 };
}
