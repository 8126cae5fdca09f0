import { S3Error } from './errors';
import type { RequestContext } from './request';
import { errorDocument, xmlDocument } from './xml';

function baseHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'x-amz-request-id': ctx.requestId,
    'x-amz-id-2': Buffer.from(ctx.requestId).toString('base64'),
    server: 'SSEConformanceReference',
    ...ctx.responseHeaders,
  };
}

/** Sends a response; a HEAD gets the headers (Content-Length included) and no body. */
export function send(ctx: RequestContext, status: number, headers: Record<string, string | number>, body?: Buffer | string): void {
  const { res } = ctx;
  if (res.headersSent) return;
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.writeHead(status, { ...baseHeaders(ctx), ...(payload ? { 'content-length': payload.length } : { 'content-length': 0 }), ...headers });
  if (ctx.method === 'HEAD' || !payload) res.end();
  else res.end(payload);
}

export function sendXml(ctx: RequestContext, status: number, root: string, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  send(ctx, status, { 'content-type': 'application/xml', ...headers }, xmlDocument(root, body));
}

export function sendError(ctx: RequestContext, e: unknown): void {
  const error = e instanceof S3Error ? e : new S3Error(500, 'InternalError');
  // eslint-disable-next-line no-console -- a bug in the reference endpoint itself must show on the stderr of whoever started it
  if (!(e instanceof S3Error)) console.error(`[reference-endpoint] ${ctx.method} ${JSON.stringify(ctx.rawPath.slice(0, 300))}: ${(e as Error)?.stack ?? String(e)}`);
  const resource = ctx.bucket ? `/${ctx.bucket}${ctx.key !== undefined ? `/${ctx.key}` : ''}` : ctx.rawPath;
  const doc = errorDocument(error, resource, ctx.requestId);
  const headers: Record<string, string | number> = { 'content-type': 'application/xml' };
  if (ctx.method === 'HEAD') headers['content-length'] = 0;
  // AWS-like: HEAD errors carry no body, only the status (and the code in a header, for debugging).
  headers['x-amz-error-code'] = error.code;
  send(ctx, error.status, headers, ctx.method === 'HEAD' ? undefined : doc);
}
