import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { sha256Hex } from './v4-key';

/**
 * Signature V4 for S3 through smithy's signer (the one the AWS SDK uses), with S3's rules:
 * service "s3", no double-encoding of the path, x-amz-content-sha256 always sent.
 */

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
}

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Max presign lifetime AWS accepts; smithy enforces it too (but rejects with a bare string). */
export const MAX_PRESIGN_EXPIRES_SEC = 7 * 24 * 3600;

function signer(creds: Credentials, region: string): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    region,
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: true,
  });
}

/** RFC 3986 strict: everything but unreserved characters (A-Z a-z 0-9 - . _ ~) is %XX. */
function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI S3-compatible servers compute: each segment of the path they received,
 * decoded, then strictly re-encoded. A no-op for strictly encoded paths (no double encoding);
 * it matters where WHATWG URL leaves characters such as ( ) ! * ' literal in the pathname.
 * A literal "+" stays "+" (%2B); callers should send %2B, as some servers read "+" as space.
 */
export function canonicalPathS3(pathname: string): string {
  return pathname
    .split('/')
    .map((seg) => {
      try {
        return strictEncode(decodeURIComponent(seg));
      } catch {
        return seg; // malformed %-escape: sign it as sent
      }
    })
    .join('/');
}

/** Query as smithy wants it (decoded; repeated names as arrays; `?uploads` as empty string). */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function toHttpRequest(req: OutgoingRequest, headers: Record<string, string>): HttpRequest {
  return new HttpRequest({
    method: req.method.toUpperCase(),
    protocol: req.url.protocol,
    hostname: req.url.hostname,
    port: req.url.port ? Number(req.url.port) : undefined,
    path: canonicalPathS3(req.url.pathname),
    query: queryOf(req.url),
    headers,
    body: req.body,
  });
}

/**
 * Returns the headers to send (input headers + host, x-amz-date, x-amz-content-sha256,
 * authorization), names lower-cased. Every input header except the ones smithy never signs
 * (user-agent, expect, ...) is signed. A caller's host and x-amz-content-sha256 are kept (so
 * tests can send deliberate values); date, x-amz-date and authorization are replaced/dropped
 * by smithy (it regenerates x-amz-date from opts.date).
 */
export async function signV4(
  req: OutgoingRequest,
  creds: Credentials,
  region: string,
  opts: { date?: Date; unsignedPayload?: boolean } = {},
): Promise<Record<string, string>> {
  const headers = lowerCaseHeaders(req.headers);
  headers.host ??= req.url.host; // url.host omits default ports, as HTTP clients do
  headers['x-amz-content-sha256'] ??= opts.unsignedPayload ? UNSIGNED_PAYLOAD : sha256Hex(req.body ?? Buffer.alloc(0));
  const signed = await signer(creds, region).sign(toHttpRequest(req, headers), { signingDate: opts.date ?? new Date() });
  return lowerCaseHeaders(signed.headers);
}

/**
 * Query-string (presigned) URL. Payload is UNSIGNED-PAYLOAD, as for every S3 presigned URL.
 * x-amz-* headers move into the query, except x-amz-server-side-encryption* ones: S3 wants
 * those (the SSE-C key above all) as headers, so they stay signed headers, as in the AWS SDK's
 * presigner. The caller sends req.headers unchanged with the returned URL.
 */
export async function presignV4(
  req: OutgoingRequest,
  creds: Credentials,
  region: string,
  expiresInSec: number,
  opts: { date?: Date } = {},
): Promise<URL> {
  if (!Number.isInteger(expiresInSec) || expiresInSec < 1 || expiresInSec > MAX_PRESIGN_EXPIRES_SEC) {
    throw new Error(`presignV4: expiresInSec must be an integer in 1..${MAX_PRESIGN_EXPIRES_SEC}, got ${expiresInSec}`);
  }
  const headers = lowerCaseHeaders(req.headers);
  headers.host ??= req.url.host;
  // Read by smithy as the payload hash, but neither signed nor hoisted: not part of the URL.
  headers['x-amz-content-sha256'] = UNSIGNED_PAYLOAD;
  const sse = Object.keys(headers).filter((h) => h.startsWith('x-amz-server-side-encryption'));
  const signed = await signer(creds, region).presign(toHttpRequest(req, headers), {
    signingDate: opts.date ?? new Date(),
    expiresIn: expiresInSec,
    unhoistableHeaders: new Set([...sse, 'x-amz-content-sha256']),
    unsignableHeaders: new Set(['x-amz-content-sha256']),
  });
  const query = Object.entries(signed.query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v ?? '']).map((one) => `${strictEncode(k)}=${strictEncode(one)}`),
  );
  const out = new URL(req.url.href);
  out.search = query.join('&');
  return out;
}
