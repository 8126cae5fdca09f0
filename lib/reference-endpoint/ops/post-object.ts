import type { PostForm } from '../auth/post-form';
import { err } from '../errors';
import { checkKey, header, type RequestContext } from '../request';
import { send, sendXml } from '../respond';
import { newSseRecord, parseSseRequest, requestedEncryption, sseResponseHeaders, type Getter } from '../sse';
import { putObjectRecord } from '../storage/catalog';
import { writeSegment } from '../storage/data';
import { bucketOf, enforceInterface, objectHeaders, quote } from './common';

/** POST Object (browser form upload); the policy was verified with the form during authentication. */
export async function postObject(ctx: RequestContext, form: PostForm): Promise<void> {
  const bucket = bucketOf(ctx);
  const get: Getter = (n) => form.fields.get(n);
  const names = [...form.fields.keys()];
  enforceInterface(ctx, 'post-object', requestedEncryption(get, names));
  const sse = parseSseRequest(get, names);
  const file = form.file;
  if (!file) throw err.invalidArgument('POST requires exactly one file upload per request.', { ArgumentName: 'file' });
  const rawKey = form.fields.get('key');
  if (!rawKey) throw err.invalidArgument("Bucket POST must contain a field named 'key'.", { ArgumentName: 'key' });
  const key = rawKey.replace(/\$\{filename\}/g, file.filename);
  checkKey(key);
  const { record, dataKey } = newSseRecord(ctx.state, sse);
  const { segment, etag } = await writeSegment(ctx.state, dataKey, file.data);
  putObjectRecord(ctx.state, bucket, { key, size: file.data.length, etag, lastModified: ctx.state.now(), sse: record, segments: [segment], ...objectHeaders(get, names) });
  ctx.key = key;
  const location = `${ctx.protocol}://${header(ctx.headers, 'host') ?? 'localhost'}/${encodeURIComponent(bucket.name)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const headers = { etag: quote(etag), location, ...sseResponseHeaders(record) };
  const status = form.fields.get('success_action_status');
  if (status === '201') sendXml(ctx, 201, 'PostResponse', { Location: location, Bucket: bucket.name, Key: key, ETag: quote(etag) }, headers);
  else send(ctx, status === '200' ? 200 : 204, headers);
}
