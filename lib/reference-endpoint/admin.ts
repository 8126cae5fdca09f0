// The at-rest admin route of a reference endpoint started by `serve`: the raw stored bytes of an
// object (ciphertext for SSE objects), so that `--at-rest builtin` works against a separate
// process. Only on the HTTP listener, only to loopback peers, only with the token `serve` printed.
// `/.sse-conformance/...` can never be an S3 path-style request: no bucket name starts with '.'.
import type * as http from 'node:http';
import { safeEqual } from './crypto';
import type { EndpointState } from './state';
import { readStored } from './storage/data';

export const ADMIN_PATH = '/.sse-conformance/at-rest';
export const ADMIN_TOKEN_HEADER = 'x-sse-conformance-admin-token';

export function isAdminRequest(req: http.IncomingMessage): boolean {
  return (req.url ?? '').startsWith('/.sse-conformance/');
}

function loopback(addr: string | undefined): boolean {
  return addr !== undefined && (/^127\./.test(addr) || addr === '::1' || /^::ffff:127\./.test(addr));
}

export async function handleAdmin(state: EndpointState, token: string | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const answer = (status: number, text: string): void => void res.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(`${text}\n`);
  // Nothing is read from a non-loopback peer or without a token, not even whether the route exists.
  const given = req.headers[ADMIN_TOKEN_HEADER];
  if (!token || !loopback(req.socket.remoteAddress) || typeof given !== 'string' || !safeEqual(given, token)) return answer(403, 'forbidden');
  const url = new URL(req.url ?? '/', 'http://admin');
  if (req.method !== 'GET' || url.pathname !== ADMIN_PATH) return answer(404, 'no such admin route');
  const bucket = url.searchParams.get('bucket');
  const key = url.searchParams.get('key');
  if (bucket === null || key === null) return answer(400, 'bucket and key are required');
  const obj = state.buckets.get(bucket)?.objects.get(key);
  if (!obj) return answer(404, 'not found');
  const bytes = await readStored(state, obj.segments);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'cache-control': 'no-store' }).end(bytes);
}
