import * as aws4 from 'aws4';
import { safeEqual } from '../crypto';
import { S3Error, err } from '../errors';
import { checkSkew, parseAmzDate, secretFor, signatureMismatch, type Credentials, type SignedRequest } from './common';

/**
 * Signature V4 verification with aws4 (the harness signs with @smithy/signature-v4: two
 * independent implementations, so one library's bug cannot make both sides agree).
 * aws4 is a signer, so it is given exactly the headers the client says it signed and the
 * client's own date; it must not add headers of its own (doNotModifyHeaders) and must not
 * drop signed headers it ignores by default (range, user-agent...: extraHeadersToInclude).
 */

type Aws4Request = aws4.Request & { extraHeadersToInclude?: Record<string, boolean> };

export interface V4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** What later stages need: chunked payloads are signed chunk by chunk from this seed. */
export interface V4Result {
  accessKeyId: string;
  datetime: string;
  scope: V4Scope;
  signature: string;
  secretAccessKey: string;
}

const MAX_PRESIGN_EXPIRES = 7 * 24 * 3600;

function parseCredential(value: string, malformed: (m: string) => S3Error): V4Scope {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw malformed(`the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!/^\d{8}$/.test(date)) throw malformed(`Invalid credential date "${date}". This date is not the same as X-Amz-Date.`);
  return { accessKeyId, date, region, service };
}

function checkScope(scope: V4Scope, datetime: string, region: string, malformed: (m: string) => S3Error): void {
  if (scope.service !== 's3') throw malformed(`The service '${scope.service}' is wrong; expecting 's3'`);
  if (scope.region !== region) throw malformed(`The region '${scope.region}' is wrong; expecting '${region}'`);
  if (scope.date !== datetime.slice(0, 8)) throw malformed(`Invalid credential date "${scope.date}". This date is not the same as X-Amz-Date: "${datetime.slice(0, 8)}".`);
}

function signedHeaderValues(r: SignedRequest, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = r.headers[name];
    if (v === undefined) throw err.accessDenied(`Header ${name} is listed in SignedHeaders but absent from the request`);
    out[name] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

/** AWS refuses x-amz-* headers sent but not signed; so does this endpoint (SSE keys must be signed). */
function checkAllAmzSigned(r: SignedRequest, signed: Set<string>, exempt: string[] = []): void {
  const unsigned = Object.keys(r.headers).filter((h) => h.startsWith('x-amz-') && !signed.has(h) && !exempt.includes(h));
  if (unsigned.length) {
    throw new S3Error(403, 'AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: unsigned.join(', ') });
  }
}

interface Computed {
  signature: string;
  stringToSign: string;
  canonicalRequest: string;
}

function aws4Signature(req: Aws4Request, creds: Credentials, datetime: string): Computed {
  const signer = new aws4.RequestSigner(req, { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey });
  signer.datetime = datetime;
  return { signature: signer.signature(), stringToSign: signer.stringToSign(), canonicalRequest: signer.canonicalString() };
}

function mismatch(c: Computed, accessKeyId: string): S3Error {
  return signatureMismatch(c.stringToSign, accessKeyId, c.canonicalRequest);
}

export function verifyV4Header(r: SignedRequest, creds: Credentials, region: string, now: Date): V4Result {
  const malformed = (m: string) => new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; ${m}`);
  const auth = String(r.headers.authorization ?? '').trim();
  const fields = new Map<string, string>();
  for (const part of auth.replace(/^AWS4-HMAC-SHA256\s+/, '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) throw malformed('it must contain Credential, SignedHeaders and Signature.');
  const scope = parseCredential(credential, malformed);
  const secretAccessKey = secretFor(creds, scope.accessKeyId);

  const amzDate = r.headers['x-amz-date'] as string | undefined;
  const when = parseAmzDate(amzDate ?? (r.headers.date as string | undefined));
  if (!when) throw err.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  checkSkew(when, now);
  const datetime = amzDate && /^\d{8}T\d{6}Z$/.test(amzDate) ? amzDate : when.toISOString().replace(/[-:]|\.\d{3}/g, '');
  checkScope(scope, datetime, region, malformed);

  const names = signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const signed = new Set(names);
  if (!signed.has('host')) throw err.accessDenied('The host header must be signed');
  if (r.headers['x-amz-content-sha256'] === undefined) throw err.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  checkAllAmzSigned(r, signed);
  const headers = signedHeaderValues(r, names);

  const expected = aws4Signature(
    {
      method: r.method,
      host: headers.host,
      path: r.rawQuery ? `${r.rawPath}?${r.rawQuery}` : r.rawPath,
      headers,
      service: 's3',
      region: scope.region,
      doNotModifyHeaders: true,
      extraHeadersToInclude: Object.fromEntries(names.map((n) => [n, true])),
    },
    { accessKeyId: scope.accessKeyId, secretAccessKey },
    datetime,
  );
  if (!safeEqual(expected.signature, signature.toLowerCase())) throw mismatch(expected, scope.accessKeyId);
  return { accessKeyId: scope.accessKeyId, datetime, scope, signature: expected.signature, secretAccessKey };
}

export function verifyV4Query(r: SignedRequest, creds: Credentials, region: string, now: Date): V4Result {
  const bad = (m: string) => new S3Error(400, 'AuthorizationQueryParametersError', m);
  const q = r.query;
  const algorithm = q.get('X-Amz-Algorithm');
  const credential = q.get('X-Amz-Credential');
  const datetime = q.get('X-Amz-Date');
  const expires = q.get('X-Amz-Expires');
  const signedHeaders = q.get('X-Amz-SignedHeaders');
  const signature = q.get('X-Amz-Signature');
  if (algorithm !== 'AWS4-HMAC-SHA256') throw bad('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  if (!credential || !datetime || !expires || !signedHeaders || !signature) {
    throw bad('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const scope = parseCredential(credential, bad);
  const secretAccessKey = secretFor(creds, scope.accessKeyId);
  const when = /^\d{8}T\d{6}Z$/.test(datetime) ? parseAmzDate(datetime) : undefined;
  if (!when) throw bad('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGN_EXPIRES) {
    throw bad('X-Amz-Expires must be an integer between 1 and 604800 (seven days)');
  }
  checkScope(scope, datetime, region, bad);
  if (when.getTime() - now.getTime() > 15 * 60 * 1000) checkSkew(when, now);
  if (when.getTime() + Number(expires) * 1000 < now.getTime()) {
    throw new S3Error(403, 'AccessDenied', 'Request has expired', { 'X-Amz-Expires': expires, ServerTime: now.toISOString() });
  }
  const names = signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const signed = new Set(names);
  if (!signed.has('host')) throw err.accessDenied('The host header must be signed');
  checkAllAmzSigned(r, signed, ['x-amz-content-sha256']);
  const headers = signedHeaderValues(r, names);
  // The canonical query is every parameter but the signature itself.
  const query = r.rawQuery
    .split('&')
    .filter((p) => p && safeDecode(p.split('=')[0]!) !== 'X-Amz-Signature')
    .join('&');
  const expected = aws4Signature(
    {
      method: r.method,
      host: headers.host,
      path: `${r.rawPath}?${query}`,
      headers,
      service: 's3',
      region: scope.region,
      signQuery: true,
      extraHeadersToInclude: Object.fromEntries(names.map((n) => [n, true])),
    },
    { accessKeyId: scope.accessKeyId, secretAccessKey },
    datetime,
  );
  if (!safeEqual(expected.signature, signature.toLowerCase())) throw mismatch(expected, scope.accessKeyId);
  return { accessKeyId: scope.accessKeyId, datetime, scope, signature: expected.signature, secretAccessKey };
}

/** The V4 POST policy signature: hex HMAC of the base64 policy under the derived signing key. */
export function v4PolicySignature(policyBase64: string, secretAccessKey: string, scope: V4Scope, datetime: string): string {
  // aws4 derives the signing key; a POST policy signs the policy text instead of a canonical request.
  const signer = new aws4.RequestSigner({ service: scope.service, region: scope.region, path: '/', headers: { host: 'unused' } }, { accessKeyId: scope.accessKeyId, secretAccessKey });
  signer.datetime = datetime;
  signer.stringToSign = () => policyBase64;
  return signer.signature();
}

/** Chunk signatures of aws-chunked payloads share the signing key; aws4 derives it the same way. */
export function v4ChunkSignature(seed: V4Result, stringToSign: string): string {
  const signer = new aws4.RequestSigner({ service: 's3', region: seed.scope.region, path: '/', headers: { host: 'unused' } }, { accessKeyId: seed.accessKeyId, secretAccessKey: seed.secretAccessKey });
  signer.datetime = seed.datetime;
  signer.stringToSign = () => stringToSign;
  return signer.signature();
}

export { parseCredential };

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
