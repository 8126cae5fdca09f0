import { S3Error, err } from '../errors';
import { header, type RequestContext } from '../request';
import { send } from '../respond';
import { SSE_C_PREFIX, dataKeyFor, newSseRecord, parseCustomerKey, parseSseRequest, requestedEncryption, sseResponseHeaders } from '../sse';
import { deleteObjectRecord, putObjectRecord } from '../storage/catalog';
import { readRange, writeSegment } from '../storage/data';
import type { ObjectRecord } from '../storage/records';
import { bucketOf, checkContentMd5, enforceInterface, headerGetter, headerNames, headersForObject, httpDate, objectHeaders, quote } from './common';

export async function putObject(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const get = headerGetter(ctx);
  const names = headerNames(ctx);
  enforceInterface(ctx, 'put-object', requestedEncryption(get, names));
  const sse = parseSseRequest(get, names);
  checkContentMd5(ctx, ctx.body);
  const { record, dataKey } = newSseRecord(ctx.state, sse);
  const { segment, etag } = await writeSegment(ctx.state, dataKey, ctx.body);
  putObjectRecord(ctx.state, bucket, {
    key: ctx.key!,
    size: ctx.body.length,
    etag,
    lastModified: ctx.state.now(),
    sse: record,
    segments: [segment],
    ...objectHeaders(get, names),
  });
  send(ctx, 200, { etag: quote(etag), ...sseResponseHeaders(record) });
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` -> [start, end); undefined = whole object (invalid syntax is ignored, as S3 does). */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!value) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable = () => new S3Error(416, 'InvalidRange', undefined, { RangeRequested: value, ActualObjectSize: String(size) });
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Number(m[2]);
  if (m[2] !== '' && last < start) return undefined;
  if (start >= size) throw unsatisfiable();
  return { start, end: Math.min(last + 1, size) };
}

const OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'];

function conditional(ctx: RequestContext, obj: ObjectRecord): number | undefined {
  const ifMatch = header(ctx.headers, 'if-match');
  const ifNoneMatch = header(ctx.headers, 'if-none-match');
  const ifModifiedSince = Date.parse(header(ctx.headers, 'if-modified-since') ?? '');
  const ifUnmodifiedSince = Date.parse(header(ctx.headers, 'if-unmodified-since') ?? '');
  const etagIn = (list: string) => list.split(',').map((s) => s.trim().replace(/^W\//, '')).some((s) => s === '*' || s.replace(/"/g, '') === obj.etag);
  const modified = Math.floor(obj.lastModified.getTime() / 1000) * 1000;
  if (ifMatch !== undefined && !etagIn(ifMatch)) return 412;
  if (ifMatch === undefined && !Number.isNaN(ifUnmodifiedSince) && modified > ifUnmodifiedSince) return 412;
  if (ifNoneMatch !== undefined && etagIn(ifNoneMatch)) return 304;
  if (ifNoneMatch === undefined && !Number.isNaN(ifModifiedSince) && modified <= ifModifiedSince) return 304;
  return undefined;
}

/** GET and HEAD Object. */
export async function readObject(ctx: RequestContext): Promise<void> {
  const isHead = ctx.method === 'HEAD';
  const bucket = bucketOf(ctx);
  const obj = bucket.objects.get(ctx.key!);
  const get = headerGetter(ctx);
  enforceInterface(ctx, isHead ? 'head-object' : 'get-object', requestedEncryption(get, headerNames(ctx)), obj?.sse.kind);
  if (!obj) throw err.noSuchKey(ctx.key!);
  if (get('x-amz-server-side-encryption') !== undefined || get('x-amz-server-side-encryption-aws-kms-key-id') !== undefined) {
    throw err.invalidArgument('x-amz-server-side-encryption is not valid on GET or HEAD: the stored encryption applies');
  }
  const customer = parseCustomerKey(get, SSE_C_PREFIX);
  // The head-key-unchecked fault: a HEAD decrypts nothing, so any well-formed SSE-C key will do.
  const dataKey = isHead && ctx.state.fault === 'head-key-unchecked' && obj.sse.kind === 'sse-c' && customer ? null : dataKeyFor(ctx.state, obj.sse, customer);
  const headers: Record<string, string | number> = {
    ...headersForObject(obj),
    etag: quote(obj.etag),
    'last-modified': httpDate(obj.lastModified),
    'accept-ranges': 'bytes',
    ...sseResponseHeaders(obj.sse, 'read'),
  };
  for (const o of OVERRIDES) {
    const v = ctx.query.get(`response-${o}`);
    if (v !== null) headers[o] = v;
  }
  const cond = conditional(ctx, obj);
  if (cond === 412) throw new S3Error(412, 'PreconditionFailed');
  if (cond === 304) {
    send(ctx, 304, { etag: quote(obj.etag), 'last-modified': headers['last-modified'] as string });
    return;
  }
  const range = parseRange(get('range'), obj.size);
  const start = range?.start ?? 0;
  const end = range?.end ?? obj.size;
  if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${obj.size}`;
  const status = range ? 206 : 200;
  if (isHead) {
    send(ctx, status, { ...headers, 'content-length': end - start });
    return;
  }
  const body = await readRange(ctx.state, obj.segments, dataKey, start, end);
  send(ctx, status, headers, body);
}

export async function deleteObject(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  deleteObjectRecord(ctx.state, bucket, ctx.key!);
  send(ctx, 204, {});
}
