import { err } from '../errors';
import type { RequestContext } from '../request';
import { sendXml } from '../respond';
import { compareKeys } from '../storage/catalog';
import type { ObjectRecord } from '../storage/records';
import { bucketOf, quote } from './common';

interface Listing {
  contents: ObjectRecord[];
  prefixes: string[];
  truncated: boolean;
  /** Last key or common prefix returned: where the next page starts after. */
  last?: string;
}

/** Keys after `after`, under `prefix`, rolled up at `delimiter`, at most `max` entries. */
function list(ctx: RequestContext, prefix: string, delimiter: string, after: string, max: number): Listing {
  const bucket = bucketOf(ctx);
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && (!after || compareKeys(k, after) > 0)).sort(compareKeys);
  const out: Listing = { contents: [], prefixes: [], truncated: false };
  for (const k of keys) {
    let entry: string | undefined;
    if (delimiter) {
      const i = k.indexOf(delimiter, prefix.length);
      if (i >= 0) entry = k.slice(0, i + delimiter.length);
    }
    if (entry !== undefined && out.prefixes[out.prefixes.length - 1] === entry) continue;
    if (entry !== undefined && after && compareKeys(entry, after) <= 0) continue;
    if (out.contents.length + out.prefixes.length >= max) {
      out.truncated = true;
      break;
    }
    if (entry !== undefined) out.prefixes.push(entry);
    else out.contents.push(bucket.objects.get(k)!);
    out.last = entry ?? k;
  }
  return out;
}

function maxKeys(ctx: RequestContext): number {
  const raw = ctx.query.get('max-keys');
  if (raw === null || raw === '') return 1000;
  if (!/^\d+$/.test(raw)) throw err.invalidArgument('Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: raw });
  return Math.min(Number(raw), 1000);
}

function encoder(ctx: RequestContext): (s: string) => string {
  const enc = ctx.query.get('encoding-type');
  if (enc !== null && enc !== 'url') throw err.invalidArgument('Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: enc });
  return enc === 'url' ? (s) => encodeURIComponent(s).replace(/%2F/g, '/') : (s) => s;
}

const entry = (e: (s: string) => string) => (o: ObjectRecord) => ({ Key: e(o.key), LastModified: o.lastModified, ETag: quote(o.etag), Size: o.size, StorageClass: 'STANDARD' });

export async function listObjectsV2(ctx: RequestContext): Promise<void> {
  const e = encoder(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const token = ctx.query.get('continuation-token');
  let after = ctx.query.get('start-after') ?? '';
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('k:')) throw err.invalidArgument('The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
    after = decoded.slice(2);
  }
  const max = maxKeys(ctx);
  const l = list(ctx, prefix, delimiter, after, max);
  sendXml(ctx, 200, 'ListBucketResult', {
    Name: ctx.bucket,
    Prefix: e(prefix),
    Delimiter: delimiter ? e(delimiter) : undefined,
    MaxKeys: max,
    KeyCount: l.contents.length + l.prefixes.length,
    IsTruncated: l.truncated,
    ContinuationToken: token ?? undefined,
    NextContinuationToken: l.truncated && l.last !== undefined ? Buffer.from(`k:${l.last}`).toString('base64url') : undefined,
    StartAfter: ctx.query.get('start-after') !== null ? e(ctx.query.get('start-after')!) : undefined,
    EncodingType: ctx.query.get('encoding-type') ?? undefined,
    Contents: l.contents.map(entry(e)),
    CommonPrefixes: l.prefixes.map((p) => ({ Prefix: e(p) })),
  });
}

export async function listObjects(ctx: RequestContext): Promise<void> {
  const e = encoder(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const marker = ctx.query.get('marker') ?? '';
  const max = maxKeys(ctx);
  const l = list(ctx, prefix, delimiter, marker, max);
  sendXml(ctx, 200, 'ListBucketResult', {
    Name: ctx.bucket,
    Prefix: e(prefix),
    Marker: e(marker),
    Delimiter: delimiter ? e(delimiter) : undefined,
    MaxKeys: max,
    IsTruncated: l.truncated,
    NextMarker: l.truncated && delimiter && l.last !== undefined ? e(l.last) : undefined,
    EncodingType: ctx.query.get('encoding-type') ?? undefined,
    Contents: l.contents.map(entry(e)),
    CommonPrefixes: l.prefixes.map((p) => ({ Prefix: e(p) })),
  });
}
