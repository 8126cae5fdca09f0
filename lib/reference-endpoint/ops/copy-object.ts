import { err } from '../errors';
import type { RequestContext } from '../request';
import { sendXml } from '../respond';
import { newSseRecord, parseSseRequest, requestedEncryption, sseResponseHeaders } from '../sse';
import { putObjectRecord } from '../storage/catalog';
import { writeSegment } from '../storage/data';
import type { ObjectHeaders } from '../storage/records';
import { bucketOf, enforce, headerGetter, headerNames, objectHeaders, quote } from './common';
import { copySourceOf, readCopySource } from './copy-source';

/**
 * PUT Object - Copy: the source is decrypted (SSE-C with the x-amz-copy-source-...-customer-*
 * key) and the target sealed as the request asks: SSE headers are not inherited from the source.
 */
export async function copyObject(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const get = headerGetter(ctx);
  const names = headerNames(ctx);
  const src = copySourceOf(ctx);
  enforce(ctx, 'copy', `${src.encryption}-to-${requestedEncryption(get, names)}`);
  let sse = parseSseRequest(get, names);
  if (ctx.state.fault === 'key-confusion' && sse.kind === 'sse-kms' && src.object.sse.kind === 'sse-kms') sse = { kind: 'sse-kms', keyId: src.object.sse.keyId };
  const directive = (get('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw err.invalidArgument('Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive });
  if (src.bucket === bucket.name && src.key === ctx.key && directive === 'COPY' && sse.kind === 'plain' && src.encryption === 'plain') {
    throw err.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const meta: ObjectHeaders =
    directive === 'REPLACE'
      ? objectHeaders(get, names)
      : { contentType: src.object.contentType, stored: { ...src.object.stored }, metadata: { ...src.object.metadata } };
  const plaintext = await readCopySource(ctx, src);
  const { record, dataKey } = newSseRecord(ctx.state, sse);
  const { segment, etag } = await writeSegment(ctx.state, dataKey, plaintext);
  const lastModified = ctx.state.now();
  putObjectRecord(ctx.state, bucket, { key: ctx.key!, size: plaintext.length, etag, lastModified, sse: record, segments: [segment], ...meta });
  sendXml(ctx, 200, 'CopyObjectResult', { LastModified: lastModified, ETag: quote(etag) }, sseResponseHeaders(record));
}
