import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Auth, Protocol } from '../profile/types';
import { S3Error, err } from './errors';
import type { EndpointState } from './state';

export interface AuthResult {
  version: Auth;
  accessKeyId: string;
  /** How it was presented, for messages. */
  via: 'header' | 'query' | 'form';
}

/** One request as the handlers see it: addressing parsed, body buffered, auth done. */
export interface RequestContext {
  state: EndpointState;
  req: IncomingMessage;
  res: ServerResponse;
  protocol: Protocol;
  requestId: string;
  method: string;
  /** Path as sent, still URL-encoded (what signatures cover). */
  rawPath: string;
  /** Query string as sent, without '?'. */
  rawQuery: string;
  query: URLSearchParams;
  bucket?: string;
  key?: string;
  /** Path-style resource (`/bucket/key?query`) for the V2 canonical resource, also with virtual hosts. */
  v2Resource: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  auth?: AuthResult;
  /** Headers added to whatever the response turns out to be (success or error). */
  responseHeaders: Record<string, string>;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error(400, 'InvalidURI');
  }
}

/** Splits the request target into bucket and key: path-style, or `bucket.localhost` virtual-hosted. */
export function parseAddress(url: string, host: string | undefined): Pick<RequestContext, 'rawPath' | 'rawQuery' | 'query' | 'bucket' | 'key' | 'v2Resource'> {
  let target = url;
  if (/^https?:\/\//i.test(target)) target = target.replace(/^https?:\/\/[^/]*/i, '') || '/';
  if (!target.startsWith('/')) throw new S3Error(400, 'InvalidURI');
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(rawQuery);
  } catch {
    throw new S3Error(400, 'InvalidURI');
  }
  const vhost = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.localhost(?::\d+)?$/i.exec(host ?? '')?.[1]?.toLowerCase();
  let bucket: string | undefined;
  let key: string | undefined;
  let resourcePath: string;
  if (vhost) {
    bucket = vhost;
    key = rawPath.length > 1 ? decode(rawPath.slice(1)) : undefined;
    resourcePath = `/${vhost}${rawPath}`;
  } else {
    const rest = rawPath.slice(1);
    const slash = rest.indexOf('/');
    const b = slash < 0 ? rest : rest.slice(0, slash);
    bucket = b ? decode(b) : undefined;
    const k = slash < 0 ? '' : rest.slice(slash + 1);
    key = k ? decode(k) : undefined;
    resourcePath = rawPath;
  }
  return { rawPath, rawQuery, query, bucket, key, v2Resource: rawQuery ? `${resourcePath}?${rawQuery}` : resourcePath };
}

/**
 * What HTTP/1.1 (RFC 9112) requires of a request but Node's parser leaves to the application:
 * an HTTP/1.x version (llhttp also parses "HTTP/2.0" and HTTP/0.9 lines), exactly one Host in
 * HTTP/1.1, no Transfer-Encoding in HTTP/1.0 (faulty framing), and no second Host or
 * Authorization (Node keeps the first silently, so the request would be read one way here and
 * possibly another way by anything in front of us).
 */
export function checkMessage(req: IncomingMessage): void {
  if (req.httpVersion !== '1.1' && req.httpVersion !== '1.0') {
    throw new S3Error(505, 'HttpVersionNotSupported', `HTTP/${req.httpVersion} is not supported; use HTTP/1.1.`);
  }
  for (const name of ['host', 'authorization']) {
    if (req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length > 1) {
      throw err.invalidArgument(`The request has more than one ${name} header.`, { ArgumentName: name });
    }
  }
  if (req.httpVersion === '1.1' && req.headers.host === undefined) throw err.invalidRequest('An HTTP/1.1 request must have a Host header.');
  if (req.httpVersion === '1.0' && req.headers['transfer-encoding'] !== undefined) throw err.invalidRequest('Transfer-Encoding is not valid in an HTTP/1.0 request.');
}

export const MAX_KEY_BYTES = 1024;

/**
 * Object keys this endpoint refuses: over 1024 bytes (as AWS), with a NUL, or with a "." or ".."
 * segment (between slashes or backslashes). Such keys cannot escape dataDir here (blob names
 * never derive from keys), but clients and URL parsers normalise dot segments (WHATWG URL turns
 * `/b/a/../k` and `%2e%2e` into `/b/k`), so an object stored under one could not be addressed
 * reliably, or would alias another key.
 */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: String(MAX_KEY_BYTES) });
  if (key.includes('\0') || key.split(/[/\\]/).some((seg) => seg === '.' || seg === '..')) {
    throw err.invalidArgument('Object keys may not contain NUL characters or "." or ".." path segments.', { ArgumentName: 'key' });
  }
}

/** Buffers the body up to the cap; a larger body is refused without reading it all. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      reject(new S3Error(400, 'EntityTooLarge', undefined, { MaxSizeAllowed: String(limit), ProposedSize: declared }));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      total += c.length;
      if (total > limit) {
        done = true;
        req.pause();
        reject(new S3Error(400, 'EntityTooLarge', undefined, { MaxSizeAllowed: String(limit) }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks, total));
      done = true;
    });
    req.on('error', (e) => {
      if (!done) reject(err.invalidRequest(`request body: ${e.message}`));
      done = true;
    });
    req.on('aborted', () => {
      if (!done) reject(new S3Error(400, 'IncompleteBody'));
      done = true;
    });
  });
}

export type { ServerResponse };
