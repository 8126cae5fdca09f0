import { md5, randomBytes } from '../crypto';
import { S3Error, err } from '../errors';
import { header, type RequestContext } from '../request';
import { send, sendXml } from '../respond';
import { SSE_C_PREFIX, dataKeyFor, newSseRecord, parseCustomerKey, parseSseRequest, requestedEncryption, sseResponseHeaders } from '../sse';
import { compareKeys, dropUpload, putObjectRecord, uploadOf } from '../storage/catalog';
import { releaseSegments, writeSegment } from '../storage/data';
import type { BucketRecord, PartRecord, Segment, UploadRecord } from '../storage/records';
import { parseXmlBody, text } from '../xml';
import { bucketOf, checkContentMd5, enforce, enforceInterface, headerGetter, headerNames, objectHeaders, partNumberOf, quote, unquote, uploadIdOf } from './common';
import { copySourceOf, copySourceRange, readCopySource } from './copy-source';
import { partDataKey } from './part-key';

export async function initiateMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const get = headerGetter(ctx);
  const names = headerNames(ctx);
  enforceInterface(ctx, 'initiate-multipart-upload', requestedEncryption(get, names));
  const sse = parseSseRequest(get, names);
  // SSE-KMS: one data key for the whole upload, generated now and kept only wrapped.
  const { record } = newSseRecord(ctx.state, sse);
  const uploadId = randomBytes(24).toString('base64url');
  bucket.uploads.set(uploadId, { uploadId, key: ctx.key!, initiated: ctx.state.now(), sse: record, parts: new Map(), ...objectHeaders(get, names) });
  sendXml(ctx, 200, 'InitiateMultipartUploadResult', { Bucket: bucket.name, Key: ctx.key, UploadId: uploadId }, sseResponseHeaders(record));
}

/** Stores a part if its upload is still open (it may have been completed or aborted meanwhile). */
function addPart(ctx: RequestContext, bucket: BucketRecord, upload: UploadRecord, part: PartRecord): void {
  if (bucket.uploads.get(upload.uploadId) !== upload) {
    releaseSegments(ctx.state, [part.segment]);
    throw err.noSuchUpload(upload.uploadId);
  }
  const old = upload.parts.get(part.partNumber);
  upload.parts.set(part.partNumber, part);
  if (old) releaseSegments(ctx.state, [old.segment]);
}

export async function uploadPart(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const uploadId = uploadIdOf(ctx);
  const partNumber = partNumberOf(ctx);
  const found = bucket.uploads.get(uploadId);
  enforceInterface(ctx, 'upload-part', requestedEncryption(headerGetter(ctx), headerNames(ctx)), found?.key === ctx.key ? found?.sse.kind : undefined);
  const upload = uploadOf(bucket, ctx.key!, uploadId);
  const dataKey = partDataKey(ctx, upload);
  checkContentMd5(ctx, ctx.body);
  const { segment, etag } = await writeSegment(ctx.state, dataKey, ctx.body);
  addPart(ctx, bucket, upload, { partNumber, etag, size: ctx.body.length, lastModified: ctx.state.now(), segment });
  send(ctx, 200, { etag: quote(etag), ...sseResponseHeaders(upload.sse) });
}

export async function uploadPartCopy(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const uploadId = uploadIdOf(ctx);
  const partNumber = partNumberOf(ctx);
  const upload = uploadOf(bucket, ctx.key!, uploadId);
  const src = copySourceOf(ctx);
  enforce(ctx, 'upload-part-copy', `${src.encryption}-to-${upload.sse.kind}`);
  const dataKey = partDataKey(ctx, upload);
  const plaintext = await readCopySource(ctx, src, copySourceRange(ctx, src.object.size));
  const { segment, etag } = await writeSegment(ctx.state, dataKey, plaintext);
  const lastModified = ctx.state.now();
  addPart(ctx, bucket, upload, { partNumber, etag, size: plaintext.length, lastModified, segment });
  sendXml(ctx, 200, 'CopyPartResult', { LastModified: lastModified, ETag: quote(etag) }, sseResponseHeaders(upload.sse));
}

function requestedParts(body: Buffer): { partNumber: number; etag: string }[] {
  const doc = parseXmlBody(body, 'CompleteMultipartUpload');
  const parts = doc.Part;
  if (!Array.isArray(parts) || parts.length === 0) throw err.malformedXml('The XML you provided must list at least one part.');
  return parts.map((p: Record<string, unknown>) => {
    const n = text(p?.PartNumber);
    const etag = text(p?.ETag);
    if (!n || !/^\d+$/.test(n) || etag === undefined) throw err.malformedXml('Each Part needs a PartNumber and an ETag.');
    return { partNumber: Number(n), etag: unquote(etag) };
  });
}

/**
 * Assembles the object from the stored part segments as they are: each part stays sealed under
 * the upload's key (SSE-C parts under the customer key), so completing needs no key and never
 * decrypts or re-encrypts anything.
 */
export async function completeMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const uploadId = uploadIdOf(ctx);
  const get = headerGetter(ctx);
  const found = bucket.uploads.get(uploadId);
  enforceInterface(ctx, 'complete-multipart-upload', requestedEncryption(get, headerNames(ctx)), found?.key === ctx.key ? found?.sse.kind : undefined);
  const upload = uploadOf(bucket, ctx.key!, uploadId);
  // SSE-C headers are optional here; when sent they must name the upload's key.
  const customer = parseCustomerKey(get, SSE_C_PREFIX);
  if (customer) dataKeyFor(ctx.state, upload.sse, customer, 'upload');
  if (get('x-amz-server-side-encryption') !== undefined) partDataKey(ctx, upload);
  checkContentMd5(ctx, ctx.body);
  const wanted = requestedParts(ctx.body);
  const chosen: PartRecord[] = [];
  wanted.forEach((w, i) => {
    if (i > 0 && w.partNumber <= wanted[i - 1]!.partNumber) throw new S3Error(400, 'InvalidPartOrder');
    const p = upload.parts.get(w.partNumber);
    if (!p || p.etag !== w.etag) throw new S3Error(400, 'InvalidPart', undefined, { PartNumber: String(w.partNumber), ETag: w.etag });
    chosen.push(p);
  });
  chosen.forEach((p, i) => {
    if (i < chosen.length - 1 && p.size < ctx.state.minPartSize) {
      throw new S3Error(400, 'EntityTooSmall', undefined, { PartNumber: String(p.partNumber), ProposedSize: String(p.size), MinSizeAllowed: String(ctx.state.minPartSize) });
    }
  });
  // From here on synchronous: the upload turns into the object atomically.
  const used = new Set(chosen.map((p) => p.partNumber));
  const segments: Segment[] = chosen.map((p) => p.segment);
  bucket.uploads.delete(uploadId);
  releaseSegments(ctx.state, [...upload.parts.values()].filter((p) => !used.has(p.partNumber)).map((p) => p.segment));
  const etag = `${md5(Buffer.concat(chosen.map((p) => Buffer.from(p.etag, 'hex')))).toString('hex')}-${chosen.length}`;
  putObjectRecord(ctx.state, bucket, {
    key: upload.key,
    size: chosen.reduce((n, p) => n + p.size, 0),
    etag,
    lastModified: ctx.state.now(),
    sse: upload.sse,
    segments,
    contentType: upload.contentType,
    stored: upload.stored,
    metadata: upload.metadata,
  });
  const location = `${ctx.protocol}://${header(ctx.headers, 'host') ?? 'localhost'}/${encodeURIComponent(bucket.name)}/${upload.key.split('/').map(encodeURIComponent).join('/')}`;
  sendXml(ctx, 200, 'CompleteMultipartUploadResult', { Location: location, Bucket: bucket.name, Key: upload.key, ETag: quote(etag) }, sseResponseHeaders(upload.sse));
}

export async function abortMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  dropUpload(ctx.state, bucket, uploadOf(bucket, ctx.key!, uploadIdOf(ctx)));
  send(ctx, 204, {});
}

function intParam(ctx: RequestContext, name: string, dflt: number, max: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return dflt;
  if (!/^\d+$/.test(raw)) throw err.invalidArgument(`Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: raw });
  return Math.min(Number(raw), max);
}

export async function listParts(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const upload = uploadOf(bucket, ctx.key!, uploadIdOf(ctx));
  const marker = intParam(ctx, 'part-number-marker', 0, 10000);
  const max = intParam(ctx, 'max-parts', 1000, 1000);
  const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  sendXml(ctx, 200, 'ListPartsResult', {
    Bucket: bucket.name,
    Key: upload.key,
    UploadId: upload.uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length ? page[page.length - 1]!.partNumber : marker,
    MaxParts: max,
    IsTruncated: truncated,
    StorageClass: 'STANDARD',
    Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: quote(p.etag), Size: p.size })),
  });
}

export async function listMultipartUploads(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const idMarker = ctx.query.get('upload-id-marker') ?? '';
  const max = intParam(ctx, 'max-uploads', 1000, 1000);
  const all = [...bucket.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.key, b.key) || (a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : 0))
    .filter((u) => {
      if (!keyMarker) return true;
      const c = compareKeys(u.key, keyMarker);
      return c > 0 || (c === 0 && idMarker !== '' && u.uploadId > idMarker);
    });
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  sendXml(ctx, 200, 'ListMultipartUploadsResult', {
    Bucket: bucket.name,
    KeyMarker: keyMarker,
    UploadIdMarker: idMarker,
    NextKeyMarker: truncated && last ? last.key : undefined,
    NextUploadIdMarker: truncated && last ? last.uploadId : undefined,
    Prefix: prefix,
    MaxUploads: max,
    IsTruncated: truncated,
    Upload: page.map((u) => ({ Key: u.key, UploadId: u.uploadId, Initiated: u.initiated, StorageClass: 'STANDARD' })),
  });
}
