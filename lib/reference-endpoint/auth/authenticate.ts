import { err } from '../errors';
import type { AuthResult, RequestContext } from '../request';
import { verifyPayload } from './payload';
import { verifyV2Header, verifyV2Query } from './v2';
import { verifyV4Header, verifyV4Query, type V4Result } from './v4';

/** Which mechanism a request uses, before verifying it (so faults can key on it). */
export function detectAuth(ctx: RequestContext): 'v2-header' | 'v2-query' | 'v4-header' | 'v4-query' | 'none' {
  const authorization = ctx.headers.authorization;
  const v4q = ctx.query.has('X-Amz-Algorithm') || ctx.query.has('X-Amz-Signature') || ctx.query.has('X-Amz-Credential');
  const v2q = ctx.query.has('AWSAccessKeyId') || ctx.query.has('Signature');
  if (authorization !== undefined && (v4q || v2q)) throw err.invalidArgument('Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
  if (authorization !== undefined) {
    if (authorization.startsWith('AWS4-HMAC-SHA256')) return 'v4-header';
    if (authorization.startsWith('AWS ')) return 'v2-header';
    throw err.invalidArgument('Unsupported Authorization Type');
  }
  if (v4q) return 'v4-query';
  if (v2q) return 'v2-query';
  return 'none';
}

/** Header or query authentication; then the payload hash, which may rewrite ctx.body (aws-chunked). */
export function authenticate(ctx: RequestContext): AuthResult {
  const { credentials, region } = ctx.state;
  const now = ctx.state.now();
  const kind = detectAuth(ctx);
  let v4: V4Result | undefined;
  let result: AuthResult;
  switch (kind) {
    case 'none':
      throw err.accessDenied('Anonymous access is not allowed: sign the request');
    case 'v2-header':
      result = { version: 'v2', via: 'header', accessKeyId: verifyV2Header(ctx, credentials, now) };
      break;
    case 'v2-query':
      result = { version: 'v2', via: 'query', accessKeyId: verifyV2Query(ctx, credentials, now) };
      break;
    case 'v4-header':
      v4 = verifyV4Header(ctx, credentials, region, now);
      result = { version: 'v4', via: 'header', accessKeyId: v4.accessKeyId };
      break;
    case 'v4-query':
      result = { version: 'v4', via: 'query', accessKeyId: verifyV4Query(ctx, credentials, region, now).accessKeyId };
      break;
  }
  ctx.body = verifyPayload(ctx, ctx.body, kind === 'v4-header' ? v4 : undefined);
  return result;
}
