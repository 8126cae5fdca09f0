import type { Encryption, InterfaceId, TableId } from '../../profile/types';
import { md5 } from '../crypto';
import { S3Error, err } from '../errors';
import { header, type RequestContext } from '../request';
import type { Getter } from '../sse';
import type { BucketRecord, ObjectHeaders } from '../storage/records';

export function bucketOf(ctx: RequestContext): BucketRecord {
  const b = ctx.state.buckets.get(ctx.bucket!);
  if (!b) throw err.noSuchBucket(ctx.bucket!);
  return b;
}

export const headerGetter = (ctx: RequestContext): Getter => (name) => header(ctx.headers, name);
export const headerNames = (ctx: RequestContext): string[] => Object.keys(ctx.headers);

/** Looks the cell up in the profile and refuses when it says so. Called before any side effect. */
export function enforce(ctx: RequestContext, table: TableId, row: string): void {
  const decision = ctx.state.enforcer.decide(table, row, ctx.protocol, ctx.auth!.version);
  ctx.responseHeaders['x-sse-conformance-case'] = decision.caseId;
  if (!decision.allowed) throw ctx.state.enforcer.refusal(decision);
}

/**
 * Tables 1 and 2: the request's own SSE headers decide the table; failing those, the encryption
 * of what it reads or extends (object for HEAD/GET, upload for parts and complete).
 */
export function enforceInterface(ctx: RequestContext, row: InterfaceId, requested: Encryption, existing?: Encryption): void {
  const table = requested !== 'plain' ? requested : existing !== undefined && existing !== 'plain' ? existing : undefined;
  if (table) enforce(ctx, table, row);
}

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];

/** Content-Type, the standard headers S3 keeps, and x-amz-meta-*, from headers or form fields. */
export function objectHeaders(get: Getter, names: Iterable<string>): ObjectHeaders {
  const stored: Record<string, string> = {};
  for (const h of STORED_HEADERS) {
    let v = get(h);
    if (h === 'content-encoding' && v !== undefined) v = v.split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked').join(', ') || undefined;
    if (v !== undefined) stored[h] = v;
  }
  const metadata: Record<string, string> = {};
  for (const n of names) if (n.startsWith('x-amz-meta-')) metadata[n] = get(n) ?? '';
  return { contentType: get('content-type') ?? 'binary/octet-stream', stored, metadata };
}

export function headersForObject(h: ObjectHeaders): Record<string, string> {
  return { 'content-type': h.contentType, ...h.stored, ...h.metadata };
}

/** Content-MD5, when sent, must match the payload. */
export function checkContentMd5(ctx: RequestContext, payload: Buffer): void {
  const given = header(ctx.headers, 'content-md5');
  if (given === undefined) return;
  const decoded = Buffer.from(given, 'base64');
  if (decoded.length !== 16) throw new S3Error(400, 'InvalidDigest');
  if (!decoded.equals(md5(payload))) throw new S3Error(400, 'BadDigest');
}

export const quote = (etag: string): string => `"${etag}"`;
export const unquote = (etag: string): string => etag.trim().replace(/^"|"$/g, '');

export function httpDate(d: Date): string {
  return d.toUTCString();
}

/** Part numbers are 1..10000. */
export function partNumberOf(ctx: RequestContext): number {
  const raw = ctx.query.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) throw err.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: raw });
  return n;
}

export function uploadIdOf(ctx: RequestContext): string {
  const id = ctx.query.get('uploadId');
  if (!id) throw err.invalidArgument('uploadId is required');
  return id;
}
