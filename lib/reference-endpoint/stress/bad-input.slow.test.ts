import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../index';
import { TestClient, completeXml, customerKey, objectPath, sseCHeaders, uploadIdOf, type CustomerKeyMaterial } from '../test-support/client';
import { rng } from './support';
import {
  captureClientHello,
  delHeader,
  errorCode,
  getHeader,
  HANG_UP,
  httpExchange,
  md5B64,
  rawExchange,
  serialize,
  setHeader,
  sign,
  type Outcome,
  type RawPlan,
  type Req,
  type Signed,
} from './wire';

/**
 * Bad input: a corpus of malformed requests, generated as a table of named mutations applied to
 * a few valid base requests (each base is first shown to succeed unmutated). A mutation changes
 * the request before signing (validly signed nonsense), after signing (tampering), or on the wire
 * (raw net/tls bytes: framing, versions, garbage). Every case must be answered with an S3 error
 * document and a 4xx (501/505 where nothing else fits) or a closed connection: never a 2xx, never
 * a hang. After each category a valid request must still succeed; at the end the reference
 * objects written before the corpus read back byte for byte, their ciphertext unchanged, and the
 * bucket holds nothing the corpus tried to write. The traversal category runs again against a
 * dataDir endpoint, which must not get a file outside dataDir.
 */

jest.setTimeout(120_000);

type Category =
  | 'authorization'
  | 'mixed-signatures'
  | 'dates'
  | 'sse-c'
  | 'sse-kms'
  | 'xml'
  | 'huge-headers'
  | 'traversal'
  | 'unknown-operations'
  | 'body-length'
  | 'chunked'
  | 'http-version'
  | 'garbage'
  | 'tls';

type BaseName =
  | 'put-v4'
  | 'put-v4-http'
  | 'put-v2'
  | 'put-v2-http'
  | 'put-sse-c'
  | 'put-kms'
  | 'get-v4'
  | 'get-sse-c'
  | 'get-v2-http'
  | 'initiate-sse-c'
  | 'initiate-kms'
  | 'complete'
  | 'delete-objects'
  | 'presign-v4'
  | 'presign-v2';

interface Mutation {
  name: string;
  category: Category;
  bases: BaseName[];
  /** Before signing: what is signed is already wrong. */
  request?: (r: Req, x: Ctx) => void;
  /** After signing: tampering. */
  signed?: (s: Signed, x: Ctx) => void;
  /** The bytes to send on a raw socket instead of the request. */
  wire?: (s: Signed, x: Ctx) => RawPlan;
  /** Send the (signed, tampered) request on a raw socket rather than through http.request. */
  socket?: boolean;
  /** Acceptable error codes (any S3 error document when absent). */
  codes?: string[];
}

/** What a mutation may need: the endpoint's fixtures and a per-case random source. */
interface Ctx {
  ep: ReferenceEndpoint;
  bucket: string;
  refKey: CustomerKeyMaterial;
  marker: string;
  clientHello: Buffer;
  r: ReturnType<typeof rng>;
}

// ---------------------------------------------------------------------------------------------
// Fixtures: reference objects of every kind, written before the corpus and checked after it.

interface RefObject {
  key: string;
  data: Buffer;
  headers: Record<string, string>;
  stored?: Buffer;
}

async function writeReferences(client: TestClient, refKey: CustomerKeyMaterial): Promise<RefObject[]> {
  const ep = client.ep;
  const refs: RefObject[] = [
    { key: 'ref/plain', data: randomBytes(3000), headers: {} },
    { key: 'ref/sse-c', data: randomBytes(3000), headers: sseCHeaders(refKey) },
    { key: 'ref/sse-kms', data: randomBytes(3000), headers: { 'x-amz-server-side-encryption': 'aws:kms' } },
  ];
  for (const o of refs) {
    const r = await client.send({ method: 'PUT', path: objectPath(ep.bucket, o.key), headers: o.headers, body: o.data });
    if (r.status !== 200) throw new Error(`reference ${o.key}: ${r.status} ${r.text}`);
  }
  for (const [key, headers] of [['ref/mpu-sse-c', sseCHeaders(refKey)], ['ref/mpu-sse-kms', { 'x-amz-server-side-encryption': 'aws:kms' }]] as const) {
    const p = objectPath(ep.bucket, key);
    const id = uploadIdOf(await client.send({ method: 'POST', path: p, query: 'uploads', headers }));
    const parts = [randomBytes(2000), randomBytes(1000)];
    const partHeaders = key.endsWith('sse-c') ? sseCHeaders(refKey) : {};
    const etags = [];
    for (const [i, body] of parts.entries()) {
      const r = await client.send({ method: 'PUT', path: p, query: `partNumber=${i + 1}&uploadId=${encodeURIComponent(id)}`, headers: partHeaders, body });
      etags.push({ n: i + 1, etag: String(r.headers.etag) });
    }
    const done = await client.send({ method: 'POST', path: p, query: `uploadId=${encodeURIComponent(id)}`, body: completeXml(etags) });
    if (done.status !== 200) throw new Error(`reference ${key}: ${done.status} ${done.text}`);
    refs.push({ key, data: Buffer.concat(parts), headers: partHeaders });
  }
  for (const o of refs) o.stored = await ep.rawStoredBytes(ep.bucket, o.key);
  return refs;
}

async function checkReferences(client: TestClient, refs: RefObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of refs) {
    const r = await client.send({ method: 'GET', path: objectPath(client.ep.bucket, o.key), headers: o.key.includes('sse-c') ? o.headers : {} });
    if (r.status !== 200 || !r.body.equals(o.data)) problems.push(`${o.key}: ${r.status} ${r.code ?? ''}, ${r.body.length} bytes, content ${r.body.equals(o.data) ? 'same' : 'differs'}`);
    const stored = await client.ep.rawStoredBytes(client.ep.bucket, o.key);
    if (!stored || !stored.equals(o.stored!)) problems.push(`${o.key}: stored bytes changed`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Base requests: each valid as is (checked), keyed by `tag` so no two cases touch one object.

const xmlFor = (root: 'CompleteMultipartUpload' | 'Delete', inner: string) => `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`;

async function base(name: BaseName, client: TestClient, x: Ctx, tag: string): Promise<Req> {
  const { bucket, refKey } = x;
  const body = randomBytes(1024);
  const put = (protocol: Req['protocol'], auth: Req['auth'], headers: Record<string, string> = {}): Req => ({
    protocol,
    auth,
    method: 'PUT',
    path: objectPath(bucket, `${tag}/${name}`),
    query: '',
    // V2 signs no payload hash: Content-MD5 makes the body part of what is verified.
    headers: { 'content-type': 'application/octet-stream', ...(auth === 'v2' ? { 'content-md5': md5B64(body) } : {}), ...headers },
    body,
  });
  const get = (protocol: Req['protocol'], auth: Req['auth'], key: string, headers: Record<string, string> = {}): Req => ({ protocol, auth, method: 'GET', path: objectPath(bucket, key), query: '', headers, body: Buffer.alloc(0) });
  switch (name) {
    case 'put-v4':
      return put('https', 'v4');
    case 'put-v4-http':
      return put('http', 'v4');
    case 'put-v2':
      return put('https', 'v2');
    case 'put-v2-http':
      return put('http', 'v2');
    case 'put-sse-c':
      return put('https', 'v4', sseCHeaders(customerKey()));
    case 'put-kms':
      return put('https', 'v4', { 'x-amz-server-side-encryption': 'aws:kms' });
    case 'get-v4':
      return get('https', 'v4', 'ref/plain');
    case 'get-sse-c':
      return get('https', 'v4', 'ref/sse-c', sseCHeaders(refKey));
    case 'get-v2-http':
      return get('http', 'v2', 'ref/plain');
    case 'presign-v4':
      return get('https', 'v4-presign', 'ref/plain');
    case 'presign-v2':
      return get('https', 'v2-presign', 'ref/plain');
    case 'initiate-sse-c':
      return { protocol: 'https', auth: 'v4', method: 'POST', path: objectPath(bucket, `${tag}/${name}`), query: 'uploads', headers: sseCHeaders(customerKey()), body: Buffer.alloc(0) };
    case 'initiate-kms':
      return { protocol: 'https', auth: 'v4', method: 'POST', path: objectPath(bucket, `${tag}/${name}`), query: 'uploads', headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: Buffer.alloc(0) };
    case 'complete': {
      // A fresh upload with one part, so a case cannot spoil another's upload.
      const p = objectPath(bucket, `${tag}/${name}`);
      const id = uploadIdOf(await client.send({ method: 'POST', path: p, query: 'uploads', headers: { 'x-amz-server-side-encryption': 'aws:kms' } }));
      const part = await client.send({ method: 'PUT', path: p, query: `partNumber=1&uploadId=${encodeURIComponent(id)}`, body: 'the only part' });
      const xml = Buffer.from(xmlFor('CompleteMultipartUpload', `<Part><PartNumber>1</PartNumber><ETag>${String(part.headers.etag)}</ETag></Part>`));
      return { protocol: 'https', auth: 'v4', method: 'POST', path: p, query: `uploadId=${encodeURIComponent(id)}`, headers: { 'content-type': 'application/xml', 'content-md5': md5B64(xml) }, body: xml };
    }
    case 'delete-objects': {
      const xml = Buffer.from(xmlFor('Delete', `<Object><Key>${tag}/gone-1</Key></Object><Object><Key>${tag}/gone-2</Key></Object>`));
      return { protocol: 'https', auth: 'v4', method: 'POST', path: `/${bucket}`, query: 'delete', headers: { 'content-type': 'application/xml', 'content-md5': md5B64(xml) }, body: xml };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mutation helpers.

const PUTS_V4: BaseName[] = ['put-v4', 'put-v4-http', 'put-sse-c', 'put-kms'];
const V4_HEADER: BaseName[] = [...PUTS_V4, 'get-v4', 'get-sse-c', 'initiate-kms', 'complete', 'delete-objects'];
const V2_HEADER: BaseName[] = ['put-v2', 'put-v2-http', 'get-v2-http'];
const SSE_C_BASES: BaseName[] = ['put-sse-c', 'get-sse-c', 'initiate-sse-c', 'put-v4-http'];
const KMS_BASES: BaseName[] = ['put-kms', 'initiate-kms'];
const XML_BASES: BaseName[] = ['complete', 'delete-objects'];
const LISTENERS: BaseName[] = ['put-v4', 'put-v4-http'];

const authz = (s: Signed) => getHeader(s, 'authorization') ?? '';
const editAuthz = (f: (a: string) => string) => (s: Signed) => setHeader(s, 'authorization', f(authz(s)));
/** Replaces one query parameter of the target (or removes it with undefined), or appends raw text. */
function editQuery(s: Signed, name: string, value: string | undefined): void {
  const q = s.target.indexOf('?');
  const pathPart = q < 0 ? s.target : s.target.slice(0, q);
  const params = (q < 0 ? '' : s.target.slice(q + 1)).split('&').filter(Boolean).filter((p) => p.split('=')[0] !== name);
  if (value !== undefined) params.push(`${name}=${value}`);
  s.target = `${pathPart}?${params.join('&')}`;
}
const appendQuery = (s: Signed, extra: string) => (s.target += `${s.target.includes('?') ? '&' : '?'}${extra}`);
const flipLast = (sig: string) => sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
const flipV4Sig = (a: string) => a.replace(/Signature=([0-9a-f]+)/, (_m, g: string) => `Signature=${flipLast(g)}`);
const flipV2Sig = (a: string) => a.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`);
const amzStamp = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '');

/** The signed request with its Content-Length body framing replaced by the given raw body bytes. */
function framed(s: Signed, headerEdits: [string, string | undefined][], body: Buffer): Buffer {
  const copy: Signed = { ...s, headers: [...s.headers] };
  for (const [k, v] of headerEdits) {
    if (v === undefined) delHeader(copy, k);
    else setHeader(copy, k, v);
  }
  return serialize(copy, body);
}
const chunkedHeaders: [string, string | undefined][] = [['content-length', undefined], ['transfer-encoding', 'chunked']];
const GARBAGE_TAIL = Buffer.from('NOT-A-METHOD garbage\r\n\r\n'); // fails to parse at once: the server closes

/** A key (path after the bucket) sent as is; signed validly (aws4 keeps the path raw). */
const traversal = (name: string, codes: string[], key: (m: string) => string, bucketPath?: (b: string, m: string) => string): Mutation => ({
  name,
  category: 'traversal',
  codes,
  bases: ['put-v4', 'put-sse-c', 'put-kms', 'put-v2', 'get-sse-c'],
  socket: true,
  request: (r, x) => {
    r.path = bucketPath ? bucketPath(x.bucket, x.marker) : `/${x.bucket}/${key(x.marker)}`;
  },
});

function sseC(name: string, headers: (x: Ctx) => Record<string, string | undefined>, codes?: string[]): Mutation {
  return {
    name,
    category: 'sse-c',
    bases: SSE_C_BASES,
    codes,
    request: (r, x) => {
      if (!Object.keys(r.headers).some((h) => h.startsWith('x-amz-server-side-encryption-customer-'))) Object.assign(r.headers, sseCHeaders(customerKey()));
      for (const [k, v] of Object.entries(headers(x))) {
        if (v === undefined) delete r.headers[k];
        else r.headers[k] = v;
      }
    },
  };
}
const keyOf = (n: number, fill?: number) => (fill === undefined ? randomBytes(n) : Buffer.alloc(n, fill));
const keyHeaders = (key: Buffer, md5 = md5B64(key)) => ({ 'x-amz-server-side-encryption-customer-key': key.toString('base64'), 'x-amz-server-side-encryption-customer-key-MD5': md5 });
const SSE_C_ALG = 'x-amz-server-side-encryption-customer-algorithm';
const SSE_C_KEY = 'x-amz-server-side-encryption-customer-key';
const SSE_C_MD5 = 'x-amz-server-side-encryption-customer-key-MD5';

function kms(name: string, headers: Record<string, string | undefined>, codes?: string[]): Mutation {
  return {
    name,
    category: 'sse-kms',
    bases: KMS_BASES,
    codes,
    request: (r) => {
      for (const [k, v] of Object.entries(headers)) {
        if (v === undefined) delete r.headers[k];
        else r.headers[k] = v;
      }
    },
  };
}

/** An XML body for both XML bases: `make(root, child)` with child = Part or Object. */
function xmlBody(name: string, make: (root: 'CompleteMultipartUpload' | 'Delete', child: string, x: Ctx) => Buffer | string, codes?: string[]): Mutation {
  return {
    name,
    category: 'xml',
    bases: XML_BASES,
    codes,
    request: (r, x) => {
      const root = r.query.startsWith('uploadId') ? 'CompleteMultipartUpload' : 'Delete';
      const b = make(root, root === 'Delete' ? 'Object' : 'Part', x);
      r.body = Buffer.isBuffer(b) ? b : Buffer.from(b);
      r.headers['content-md5'] = md5B64(r.body);
      delete r.headers['content-length'];
    },
  };
}
const child = (c: string, n: number) => (c === 'Part' ? `<Part><PartNumber>${n}</PartNumber><ETag>"0123456789abcdef0123456789abcdef"</ETag></Part>` : `<Object><Key>corpus/none-${n}</Key></Object>`);

/** Request-line versions and HTTP/1.0 variants, on the raw socket. */
const version = (name: string, wire: (s: Signed) => RawPlan, codes?: string[], bases: BaseName[] = ['put-v4', 'put-v4-http', 'put-v2']): Mutation => ({ name, category: 'http-version', bases, wire, codes });
const garbage = (name: string, bytes: (x: Ctx) => Buffer | string, after: RawPlan['after'] = 'keep'): Mutation => ({
  name,
  category: 'garbage',
  bases: LISTENERS,
  wire: (_s, x) => {
    const b = bytes(x);
    return { chunks: [typeof b === 'string' ? Buffer.from(b) : b], after, untilClose: true };
  },
});
const tlsRaw = (name: string, bytes: (x: Ctx) => Buffer[], after: RawPlan['after'] = 'keep'): Mutation => ({
  name,
  category: 'tls',
  bases: ['put-v4'],
  wire: (_s, x) => ({ chunks: bytes(x), after, tcpToTls: true }),
});

// Keys the endpoint refuses outright, for reads as for writes (README: "Deviations").
const KEY_REFUSED = ['InvalidArgument'];

const SUBRESOURCES = ['acl', 'tagging', 'versioning', 'policy', 'lifecycle', 'cors', 'website', 'retention', 'legal-hold', 'torrent', 'attributes', 'versionId=3HL4kqtJlcpXroDTDmJ', 'encryption', 'object-lock'];

// ---------------------------------------------------------------------------------------------
// The corpus.

const MUTATIONS: Mutation[] = [
  // --- Authorization: bad or truncated, V4 and V2; tampering after signing.
  { name: 'authorization-removed', category: 'authorization', bases: [...V4_HEADER, ...V2_HEADER], signed: (s) => delHeader(s, 'authorization'), codes: ['AccessDenied'] },
  { name: 'authorization-truncated-half', category: 'authorization', bases: [...V4_HEADER, ...V2_HEADER], signed: editAuthz((a) => a.slice(0, Math.floor(a.length / 2))) },
  { name: 'authorization-scheme-only', category: 'authorization', bases: ['put-v4', 'put-v2'], signed: editAuthz((a) => a.split(' ')[0]!) },
  { name: 'authorization-empty', category: 'authorization', bases: ['put-v4'], signed: editAuthz(() => '') },
  { name: 'authorization-bearer', category: 'authorization', bases: ['put-v4'], signed: editAuthz(() => 'Bearer eyJhbGciOiJub25lIn0.e30.'), codes: ['InvalidArgument'] },
  { name: 'authorization-lowercase-scheme', category: 'authorization', bases: ['put-v4', 'put-v2'], signed: editAuthz((a) => a.replace(/^\S+/, (m) => m.toLowerCase())) },
  { name: 'authorization-sigv4a', category: 'authorization', bases: ['put-v4'], signed: editAuthz((a) => a.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')) },
  { name: 'signature-one-char-changed', category: 'authorization', bases: V4_HEADER, signed: editAuthz(flipV4Sig), codes: ['SignatureDoesNotMatch'] },
  { name: 'signature-one-char-changed', category: 'authorization', bases: V2_HEADER, signed: editAuthz(flipV2Sig), codes: ['SignatureDoesNotMatch'] },
  { name: 'signature-empty', category: 'authorization', bases: ['put-v4', 'get-sse-c'], signed: editAuthz((a) => a.replace(/Signature=[0-9a-f]+/, 'Signature=')) },
  { name: 'signature-empty', category: 'authorization', bases: ['put-v2', 'get-v2-http'], signed: editAuthz((a) => a.replace(/:.*/, ':')) },
  { name: 'signature-not-hex', category: 'authorization', bases: ['put-v4'], signed: editAuthz((a) => a.replace(/Signature=[0-9a-f]+/, `Signature=${'zz'.repeat(32)}`)) },
  { name: 'signature-doubled', category: 'authorization', bases: ['put-v4', 'put-v2'], signed: editAuthz((a) => a.replace(/(Signature=|:)(\S+)$/, '$1$2$2')) },
  { name: 'access-key-unknown', category: 'authorization', bases: ['put-v4', 'get-sse-c', 'put-v2', 'get-v2-http'], signed: editAuthz((a) => a.replace(/(Credential=|AWS )[^/:]+/, '$1AKIDONOTEXIST')), codes: ['InvalidAccessKeyId'] },
  { name: 'credential-missing-terminator', category: 'authorization', bases: ['put-v4', 'complete'], signed: editAuthz((a) => a.replace('/aws4_request', '')), codes: ['AuthorizationHeaderMalformed'] },
  { name: 'credential-wrong-region', category: 'authorization', bases: ['put-v4', 'get-sse-c'], signed: editAuthz((a) => a.replace(/\/[a-z0-9-]+\/s3\//, '/eu-west-1/s3/')), codes: ['AuthorizationHeaderMalformed'] },
  { name: 'credential-wrong-service', category: 'authorization', bases: ['put-v4'], signed: editAuthz((a) => a.replace('/s3/aws4_request', '/ec2/aws4_request')), codes: ['AuthorizationHeaderMalformed'] },
  { name: 'signed-headers-without-host', category: 'authorization', bases: ['put-v4', 'get-sse-c'], signed: editAuthz((a) => a.replace(/SignedHeaders=([^,]+)/, (_m, h: string) => `SignedHeaders=${h.split(';').filter((n) => n !== 'host').join(';')}`)) },
  { name: 'signed-headers-names-absent-header', category: 'authorization', bases: ['put-v4'], signed: editAuthz((a) => a.replace(/SignedHeaders=([^,]+)/, 'SignedHeaders=$1;x-amz-absent')) },
  { name: 'signed-headers-empty', category: 'authorization', bases: ['put-v4'], signed: editAuthz((a) => a.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=')) },
  { name: 'unsigned-amz-header-added', category: 'authorization', bases: ['put-v4', 'put-sse-c', 'put-v2'], signed: (s) => setHeader(s, 'x-amz-meta-injected', 'after signing'), codes: ['AccessDenied', 'SignatureDoesNotMatch'] },
  { name: 'signed-header-value-changed', category: 'authorization', bases: ['put-v4', 'put-v2'], signed: (s) => setHeader(s, 'content-type', 'text/evil'), codes: ['SignatureDoesNotMatch'] },
  { name: 'sse-c-key-swapped-after-signing', category: 'authorization', bases: ['get-sse-c', 'put-sse-c'], signed: (s) => setHeader(s, 'x-amz-server-side-encryption-customer-key', customerKey().b64) },
  { name: 'body-byte-flipped-after-signing', category: 'authorization', bases: ['put-v4', 'put-sse-c', 'put-v2', 'put-v2-http', 'complete'], signed: (s) => (s.body = Buffer.from(s.body.map((b, i) => (i === 7 ? b ^ 1 : b)))), codes: ['XAmzContentSHA256Mismatch', 'BadDigest'] },
  { name: 'content-sha256-garbage', category: 'authorization', bases: ['put-v4'], signed: (s) => setHeader(s, 'x-amz-content-sha256', 'garbage') },
  { name: 'content-sha256-removed', category: 'authorization', bases: ['put-v4', 'get-sse-c'], signed: (s) => delHeader(s, 'x-amz-content-sha256') },
  { name: 'authorization-duplicated-valid-first', category: 'authorization', bases: ['put-v4', 'put-v2', 'get-v2-http'], socket: true, signed: (s) => s.headers.push(['Authorization', 'AWS4-HMAC-SHA256 Credential=garbage']), codes: ['InvalidArgument'] },
  { name: 'authorization-duplicated-garbage-first', category: 'authorization', bases: ['put-v4', 'put-v2'], socket: true, signed: (s) => s.headers.unshift(['Authorization', 'AWS AKIDONOTEXIST:AAAA']), codes: ['InvalidArgument'] },
  { name: 'host-duplicated', category: 'authorization', bases: ['put-v4', 'get-v2-http'], socket: true, signed: (s) => s.headers.push(['Host', 'evil.example']), codes: ['InvalidArgument'] },
  { name: 'host-missing', category: 'authorization', bases: ['put-v4', 'put-v2', 'get-v2-http'], socket: true, signed: (s) => delHeader(s, 'host'), codes: ['InvalidRequest'] },
  { name: 'host-changed', category: 'authorization', bases: ['put-v4', 'get-sse-c'], signed: (s) => setHeader(s, 'host', 'other-bucket.localhost') },
  // Presigned URLs, V4 and V2.
  { name: 'presign-signature-changed', category: 'authorization', bases: ['presign-v4'], signed: (s) => (s.target = s.target.replace(/X-Amz-Signature=([0-9a-f]+)/, (_m, g: string) => `X-Amz-Signature=${flipLast(g)}`)), codes: ['SignatureDoesNotMatch'] },
  { name: 'presign-signature-removed', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-Signature', undefined) },
  { name: 'presign-credential-removed', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-Credential', undefined) },
  { name: 'presign-expires-zero', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-Expires', '0') },
  { name: 'presign-expires-beyond-7-days', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-Expires', '604801') },
  { name: 'presign-expires-not-a-number', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-Expires', '1e3') },
  { name: 'presign-algorithm-sha1', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-Algorithm', 'AWS4-HMAC-SHA1') },
  { name: 'presign-signed-headers-removed', category: 'authorization', bases: ['presign-v4'], signed: (s) => editQuery(s, 'X-Amz-SignedHeaders', undefined) },
  { name: 'presign-v2-signature-changed', category: 'authorization', bases: ['presign-v2'], signed: (s) => (s.target = s.target.replace(/Signature=([^&]+)/, (_m, g: string) => `Signature=${g.startsWith('A') ? 'B' : 'A'}${g.slice(1)}`)), codes: ['SignatureDoesNotMatch'] },
  { name: 'presign-v2-expired', category: 'authorization', bases: ['presign-v2'], signed: (s) => editQuery(s, 'Expires', String(Math.floor(Date.now() / 1000) - 60)), codes: ['AccessDenied'] },
  { name: 'presign-v2-expires-not-a-number', category: 'authorization', bases: ['presign-v2'], signed: (s) => editQuery(s, 'Expires', 'tomorrow') },
  { name: 'presign-v2-access-key-removed', category: 'authorization', bases: ['presign-v2'], signed: (s) => editQuery(s, 'AWSAccessKeyId', undefined) },

  // --- Signature versions mixed.
  { name: 'v2-header-plus-v4-query-params', category: 'mixed-signatures', bases: V2_HEADER, signed: (s) => appendQuery(s, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x&X-Amz-Signature=00'), codes: ['InvalidArgument'] },
  { name: 'v4-header-plus-v2-query-params', category: 'mixed-signatures', bases: ['put-v4', 'get-sse-c', 'get-v4'], signed: (s) => appendQuery(s, 'AWSAccessKeyId=x&Expires=9999999999&Signature=AAAA'), codes: ['InvalidArgument'] },
  { name: 'v4-header-plus-v4-query-signature', category: 'mixed-signatures', bases: ['put-v4', 'get-v4'], signed: (s) => appendQuery(s, 'X-Amz-Signature=00'), codes: ['InvalidArgument'] },
  { name: 'v4-presign-plus-v2-header', category: 'mixed-signatures', bases: ['presign-v4'], signed: (s) => setHeader(s, 'authorization', 'AWS AKIDONOTEXIST:AAAA'), codes: ['InvalidArgument'] },
  { name: 'v2-presign-plus-v4-header', category: 'mixed-signatures', bases: ['presign-v2'], signed: (s) => setHeader(s, 'authorization', 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00'), codes: ['InvalidArgument'] },
  { name: 'v2-presign-plus-v4-presign-params', category: 'mixed-signatures', bases: ['presign-v2'], signed: (s) => appendQuery(s, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00') },
  { name: 'v4-presign-plus-v2-presign-params', category: 'mixed-signatures', bases: ['presign-v4'], signed: (s) => appendQuery(s, 'AWSAccessKeyId=x&Signature=AAAA&Expires=9999999999') },
  { name: 'v4-credential-under-v2-scheme', category: 'mixed-signatures', bases: ['put-v4', 'get-sse-c'], signed: editAuthz((a) => a.replace('AWS4-HMAC-SHA256 ', 'AWS ')) },
  { name: 'v2-credential-under-v4-scheme', category: 'mixed-signatures', bases: V2_HEADER, signed: editAuthz((a) => a.replace(/^AWS /, 'AWS4-HMAC-SHA256 ')) },
  { name: 'v2-signature-in-v4-header', category: 'mixed-signatures', bases: ['put-v4'], signed: editAuthz((a) => a.replace(/Signature=[0-9a-f]+/, 'Signature=bWFkZSB1cCB2MiBzaWduYXR1cmU=')) },
  { name: 'v4-date-and-scope-on-v2-request', category: 'mixed-signatures', bases: ['put-v2'], signed: (s) => setHeader(s, 'x-amz-content-sha256', 'UNSIGNED-PAYLOAD') },

  // --- Dates: missing, unparseable, skewed, impossible (signed as sent).
  { name: 'signed-1h-ahead', category: 'dates', bases: ['put-v4', 'get-sse-c', 'put-v2', 'get-v2-http'], request: (r) => (r.date = new Date(Date.now() + 3600_000)), codes: ['RequestTimeTooSkewed'] },
  { name: 'signed-1h-behind', category: 'dates', bases: ['put-v4', 'get-sse-c', 'put-v2', 'get-v2-http'], request: (r) => (r.date = new Date(Date.now() - 3600_000)), codes: ['RequestTimeTooSkewed'] },
  { name: 'signed-in-1970', category: 'dates', bases: ['put-v4', 'put-v2'], request: (r) => (r.date = new Date(0)), codes: ['RequestTimeTooSkewed'] },
  { name: 'signed-in-2999', category: 'dates', bases: ['put-v4', 'put-v2'], request: (r) => (r.date = new Date('2999-01-01T00:00:00Z')), codes: ['RequestTimeTooSkewed'] },
  { name: 'x-amz-date-removed', category: 'dates', bases: ['put-v4', 'get-sse-c'], signed: (s) => delHeader(s, 'x-amz-date') },
  { name: 'x-amz-date-garbage', category: 'dates', bases: ['put-v4', 'get-sse-c'], signed: (s) => setHeader(s, 'x-amz-date', 'yesterday') },
  { name: 'x-amz-date-replaced-by-date', category: 'dates', bases: ['put-v4'], signed: (s) => (delHeader(s, 'x-amz-date'), setHeader(s, 'date', new Date().toUTCString())) },
  { name: 'credential-date-not-x-amz-date', category: 'dates', bases: ['put-v4'], signed: editAuthz((a) => a.replace(/\/(\d{8})\//, '/20000101/')), codes: ['AuthorizationHeaderMalformed'] },
  {
    // Today written as day 28+n of last month: a date no calendar has, signed as sent.
    name: 'x-amz-date-impossible-day',
    category: 'dates',
    bases: ['put-v4', 'get-sse-c'],
    request: (r) => {
      const now = new Date();
      const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
      const day = last.getUTCDate() + now.getUTCDate();
      r.amzDate = `${amzStamp(last).slice(0, 6)}${String(day).padStart(2, '0')}${amzStamp(now).slice(8)}`;
    },
  },
  {
    // Now written as yesterday at hour 24+h.
    name: 'x-amz-date-impossible-hour',
    category: 'dates',
    bases: ['put-v4', 'get-sse-c'],
    request: (r) => {
      const now = new Date();
      const y = amzStamp(new Date(now.getTime() - 86_400_000));
      r.amzDate = `${y.slice(0, 9)}${String(24 + now.getUTCHours())}${amzStamp(now).slice(11)}`;
    },
  },
  { name: 'x-amz-date-http-format', category: 'dates', bases: ['put-v4'], request: (r) => (r.amzDate = new Date().toUTCString()) },
  { name: 'date-removed', category: 'dates', bases: V2_HEADER, signed: (s) => delHeader(s, 'date'), codes: ['AccessDenied'] },
  { name: 'date-garbage-signed', category: 'dates', bases: V2_HEADER, request: (r) => (r.headers.date = 'not a date at all'), codes: ['AccessDenied'] },
  { name: 'date-feb-30-signed', category: 'dates', bases: ['put-v2'], request: (r) => (r.headers.date = 'Mon, 30 Feb 2026 10:00:00 GMT') },
  { name: 'date-empty', category: 'dates', bases: ['put-v2'], signed: (s) => setHeader(s, 'date', ''), codes: ['AccessDenied'] },
  { name: 'x-amz-date-garbage-signed', category: 'dates', bases: ['put-v2', 'get-v2-http'], request: (r) => (r.headers['x-amz-date'] = 'garbage'), codes: ['AccessDenied'] },
  { name: 'x-amz-date-skewed-signed', category: 'dates', bases: ['put-v2'], request: (r) => (r.headers['x-amz-date'] = new Date(Date.now() - 7200_000).toUTCString()), codes: ['RequestTimeTooSkewed'] },

  // --- SSE-C parameters.
  sseC('key-not-base64', () => ({ [SSE_C_KEY]: 'this is not base64 at all!!', [SSE_C_MD5]: md5B64('x') })),
  sseC('key-16-bytes', () => keyHeaders(keyOf(16))),
  sseC('key-31-bytes', () => keyHeaders(keyOf(31))),
  sseC('key-33-bytes', () => keyHeaders(keyOf(33))),
  sseC('key-64-bytes', () => keyHeaders(keyOf(64))),
  sseC('key-empty', () => ({ [SSE_C_KEY]: '', [SSE_C_MD5]: md5B64('') })),
  sseC('key-base64url-alphabet', () => {
    const k = keyOf(32, 0xfb);
    return { [SSE_C_KEY]: k.toString('base64url'), [SSE_C_MD5]: md5B64(k) };
  }),
  sseC('key-padding-stripped', () => {
    const k = keyOf(32);
    return { [SSE_C_KEY]: k.toString('base64').replace(/=+$/, ''), [SSE_C_MD5]: md5B64(k) };
  }),
  sseC('key-with-inner-space', () => {
    const k = keyOf(32);
    const b = k.toString('base64');
    return { [SSE_C_KEY]: `${b.slice(0, 20)} ${b.slice(20)}`, [SSE_C_MD5]: md5B64(k) };
  }),
  sseC('key-md5-mismatch', () => ({ ...keyHeaders(keyOf(32)), [SSE_C_MD5]: md5B64(keyOf(32)) })),
  sseC('key-md5-not-base64', () => ({ ...keyHeaders(keyOf(32)), [SSE_C_MD5]: 'not-an-md5' })),
  sseC('key-md5-missing', () => ({ [SSE_C_MD5]: undefined })),
  sseC('key-missing', () => ({ [SSE_C_KEY]: undefined })),
  sseC('algorithm-missing', () => ({ [SSE_C_ALG]: undefined })),
  sseC('algorithm-aes128', () => ({ [SSE_C_ALG]: 'AES128' })),
  sseC('algorithm-lowercase', () => ({ [SSE_C_ALG]: 'aes256' })),
  sseC('algorithm-aws-kms', () => ({ [SSE_C_ALG]: 'aws:kms' })),
  sseC('sse-c-and-kms-together', () => ({ 'x-amz-server-side-encryption': 'aws:kms' })),
  { name: 'key-valid-but-not-the-objects', category: 'sse-c', bases: ['get-sse-c'], request: (r) => Object.assign(r.headers, sseCHeaders(customerKey())), codes: ['AccessDenied'] },
  { name: 'sse-c-key-on-plain-object', category: 'sse-c', bases: ['get-v4'], request: (r) => Object.assign(r.headers, sseCHeaders(customerKey())) },
  { name: 'sse-c-key-header-duplicated', category: 'sse-c', bases: ['put-sse-c', 'get-sse-c'], socket: true, signed: (s) => s.headers.push([SSE_C_KEY, customerKey().b64]) },

  // --- SSE-KMS parameters.
  kms('unknown-key-id', { 'x-amz-server-side-encryption-aws-kms-key-id': 'no-such-key' }, ['KMS.NotFoundException']),
  kms('unknown-key-arn', { 'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111122223333:key/0000-no-such-key' }, ['KMS.NotFoundException']),
  kms('key-id-traversal', { 'x-amz-server-side-encryption-aws-kms-key-id': '../../sse-conformance-default' }, ['KMS.NotFoundException']),
  kms('key-id-8-KiB', { 'x-amz-server-side-encryption-aws-kms-key-id': 'k'.repeat(8192) }, ['KMS.NotFoundException']),
  kms('key-id-alias-unknown', { 'x-amz-server-side-encryption-aws-kms-key-id': 'alias/aws/s3' }, ['KMS.NotFoundException']),
  kms('sse-value-typo', { 'x-amz-server-side-encryption': 'aws:kmss' }, ['InvalidArgument']),
  kms('sse-value-dsse', { 'x-amz-server-side-encryption': 'aws:kms:dsse' }, ['InvalidArgument']),
  kms('sse-value-garbage', { 'x-amz-server-side-encryption': 'rot13' }, ['InvalidArgument']),
  kms('sse-s3-aes256', { 'x-amz-server-side-encryption': 'AES256' }, ['InvalidArgument']),
  kms('key-id-without-sse-header', { 'x-amz-server-side-encryption': undefined, 'x-amz-server-side-encryption-aws-kms-key-id': 'sse-conformance-default' }, ['InvalidArgument']),
  { name: 'kms-header-on-get', category: 'sse-kms', bases: ['get-v4', 'get-sse-c', 'get-v2-http'], request: (r) => (r.headers['x-amz-server-side-encryption'] = 'aws:kms') },

  // --- XML: garbage, hostile, and beyond the limits.
  xmlBody('text-garbage', () => 'this is not xml', ['MalformedXML']),
  xmlBody('binary-garbage', () => randomBytes(4096), ['MalformedXML']),
  xmlBody('empty-body', () => '', ['MalformedXML']),
  xmlBody('truncated-document', (root, c) => xmlFor(root, child(c, 1)).slice(0, 80), ['MalformedXML']),
  xmlBody('wrong-root', (_root, c) => xmlFor('Delete' === _root ? 'CompleteMultipartUpload' : 'Delete', child(c, 1)), ['MalformedXML']),
  xmlBody('two-roots', (root, c) => xmlFor(root, child(c, 1)) + xmlFor(root, child(c, 2)), ['MalformedXML']),
  xmlBody('mismatched-close-tag', (root) => `<${root}><Part><PartNumber>1</Number></Part></${root}>`, ['MalformedXML']),
  xmlBody('entity-bomb', (root) => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><${root}>&lol3;</${root}>`, ['MalformedXML']),
  xmlBody('external-entity', (root) => `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><${root}><Object><Key>&xxe;</Key></Object></${root}>`, ['MalformedXML']),
  xmlBody('unterminated-cdata', (root) => `<${root}><![CDATA[never closed`, ['MalformedXML']),
  xmlBody('unterminated-comment', (root) => `<${root}><!-- never closed`, ['MalformedXML']),
  xmlBody('undefined-entity', (root) => `<${root}>&nosuchentity;</${root}>`),
  xmlBody('utf16-document', (root, c) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xmlFor(root, child(c, 1)).replace('UTF-8', 'UTF-16'), 'utf16le')]), ['MalformedXML']),
  xmlBody('invalid-utf8-in-text', (root, c) => Buffer.concat([Buffer.from(`<${root}><${c}><Key>`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`</Key></${c}></${root}>`)]), ['MalformedXML']),
  xmlBody('element-without-fields', (root, c) => xmlFor(root, `<${c}/>`), ['MalformedXML']),
  xmlBody('no-elements', (root) => xmlFor(root, ''), ['MalformedXML']),
  xmlBody('deep-nesting-200k', (root) => `<${root}>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</${root}>`, ['MalformedXML', 'EntityTooLarge']),
  xmlBody('beyond-limit-count', (root, c) => xmlFor(root, Array.from({ length: root === 'Delete' ? 1001 : 10_001 }, (_, i) => child(c, i + 1)).join('')), ['MalformedXML', 'InvalidPart', 'InvalidArgument']),
  xmlBody('beyond-limit-size-3-MiB', (root, c) => xmlFor(root, `<!--${'x'.repeat(3 * 1024 * 1024)}-->${child(c, 1)}`), ['EntityTooLarge']),
  { name: 'declared-1-GiB-body-never-sent', category: 'xml', bases: XML_BASES, wire: (s) => ({ chunks: [framed(s, [['content-length', String(2 ** 30)]], Buffer.alloc(0))] }), codes: ['EntityTooLarge'] },
  { name: 'content-md5-mismatch', category: 'xml', bases: XML_BASES, request: (r) => (r.headers['content-md5'] = md5B64('something else')), codes: ['BadDigest'] },
  { name: 'part-number-zero', category: 'xml', bases: ['complete'], request: (r) => ((r.body = Buffer.from(r.body.toString().replace('<PartNumber>1<', '<PartNumber>0<'))), (r.headers['content-md5'] = md5B64(r.body))) },
  { name: 'part-number-negative', category: 'xml', bases: ['complete'], request: (r) => ((r.body = Buffer.from(r.body.toString().replace('<PartNumber>1<', '<PartNumber>-1<'))), (r.headers['content-md5'] = md5B64(r.body))) },
  { name: 'part-etag-wrong', category: 'xml', bases: ['complete'], request: (r) => ((r.body = Buffer.from(r.body.toString().replace(/<ETag>[^<]+/, '<ETag>"ffffffffffffffffffffffffffffffff"'))), (r.headers['content-md5'] = md5B64(r.body))), codes: ['InvalidPart'] },
  { name: 'object-key-empty', category: 'xml', bases: ['delete-objects'], request: (r) => ((r.body = Buffer.from(xmlFor('Delete', '<Object><Key></Key></Object>'))), (r.headers['content-md5'] = md5B64(r.body))), codes: ['MalformedXML'] },

  // --- Huge headers (Node's limit is 16 KiB).
  { name: 'header-100-KiB-signed', category: 'huge-headers', bases: LISTENERS, request: (r) => (r.headers['x-amz-meta-big'] = 'b'.repeat(100 * 1024)) },
  { name: 'header-100-KiB-unsigned', category: 'huge-headers', bases: LISTENERS, socket: true, signed: (s) => s.headers.push(['X-Huge', 'h'.repeat(100 * 1024)]) },
  { name: 'authorization-100-KiB', category: 'huge-headers', bases: LISTENERS, socket: true, signed: editAuthz((a) => a + 'A'.repeat(100 * 1024)) },
  { name: 'url-100-KiB', category: 'huge-headers', bases: LISTENERS, socket: true, signed: (s) => appendQuery(s, `x=${'u'.repeat(100 * 1024)}`) },
  { name: '3000-small-headers', category: 'huge-headers', bases: LISTENERS, socket: true, signed: (s) => s.headers.push(...Array.from({ length: 3000 }, (_, i) => [`x-pad-${i}`, 'p'] as [string, string])) },
  { name: '2500-tiny-headers-before-the-real-ones', category: 'huge-headers', bases: LISTENERS, socket: true, signed: (s) => s.headers.unshift(...Array.from({ length: 2500 }, (_, i) => [`p${i}`, ''] as [string, string])) },

  // --- Path traversal and impossible keys (validly signed, sent raw).
  traversal('dot-dot-slash', KEY_REFUSED, (m) => `../${m}`),
  traversal('deep-dot-dot', KEY_REFUSED, (m) => `../../../../../../../../tmp/${m}`),
  traversal('dot-dot-onto-reference-object', KEY_REFUSED, () => 'corpus/../ref/plain'),
  traversal('encoded-dot-dot', KEY_REFUSED, (m) => `%2e%2e/${m}`),
  traversal('encoded-dot-dot-slash', KEY_REFUSED, (m) => `%2e%2e%2f%2e%2e%2f${m}`),
  traversal('mixed-encoding', KEY_REFUSED, (m) => `..%2f..%2f..%2f${m}`),
  traversal('backslashes', KEY_REFUSED, (m) => `%2E%2E%5C%2E%2E%5C${m}`),
  traversal('dot-segment', KEY_REFUSED, (m) => `./${m}`),
  traversal('inner-dot-segment', KEY_REFUSED, (m) => `corpus/./${m}`),
  traversal('key-is-dot-dot', KEY_REFUSED, () => '..'),
  traversal('key-is-dot', KEY_REFUSED, () => '.'),
  traversal('nul-in-key', KEY_REFUSED, (m) => `${m}%00.txt`),
  traversal('key-is-nul', KEY_REFUSED, () => '%00'),
  traversal('nul-then-dot-dot', KEY_REFUSED, (m) => `corpus/%00/../../${m}`),
  traversal('key-over-1024-bytes', ['KeyTooLongError'], () => 'k'.repeat(1100)),
  traversal('bucket-dot-dot', ['NoSuchBucket'], () => '', (b, m) => `/../${b}/${m}`),
  traversal('bucket-encoded-dot-dot', ['NoSuchBucket'], () => '', (_b, m) => `/%2e%2e/${m}`),
  { name: 'copy-source-traversal', category: 'traversal', bases: ['put-v4', 'put-v2'], request: (r, x) => (r.headers['x-amz-copy-source'] = `/${x.bucket}/corpus/../../../etc/passwd`), codes: ['NoSuchKey', 'InvalidArgument'] },
  { name: 'copy-source-bucket-traversal', category: 'traversal', bases: ['put-v4'], request: (r) => (r.headers['x-amz-copy-source'] = '../../../etc/passwd'), codes: ['NoSuchBucket', 'InvalidArgument'] },

  // --- Unknown and unimplemented operations.
  ...SUBRESOURCES.map((q): Mutation => ({ name: `subresource-${q.split('=')[0]}`, category: 'unknown-operations', bases: ['get-v4', 'put-v4', 'get-v2-http'], request: (r) => (r.query = r.query ? `${r.query}&${q}` : q), codes: ['NotImplemented'] })),
  { name: 'post-object-with-unknown-query', category: 'unknown-operations', bases: ['put-v4', 'put-v2'], request: (r) => ((r.method = 'POST'), (r.query = 'foo')), codes: ['NotImplemented'] },
  { name: 'post-bucket-with-unknown-query', category: 'unknown-operations', bases: ['delete-objects'], request: (r) => (r.query = 'foo'), codes: ['NotImplemented'] },
  { name: 'post-object-restore', category: 'unknown-operations', bases: ['put-v4'], request: (r) => ((r.method = 'POST'), (r.query = 'restore')), codes: ['NotImplemented'] },
  { name: 'post-object-select', category: 'unknown-operations', bases: ['put-v4'], request: (r) => ((r.method = 'POST'), (r.query = 'select&select-type=2')), codes: ['NotImplemented'] },
  ...['PATCH', 'OPTIONS', 'PROPFIND', 'TRACE'].map((m): Mutation => ({ name: `method-${m}`, category: 'unknown-operations', bases: ['put-v4', 'get-v2-http'], request: (r) => (r.method = m), codes: ['NotImplemented'] })),
  { name: 'method-unknown-to-http', category: 'unknown-operations', bases: ['put-v4', 'put-v4-http'], socket: true, signed: (s) => (s.method = 'FROB') },

  // --- Bodies shorter or longer than Content-Length, and broken Content-Length.
  { name: 'body-shorter-then-close', category: 'body-length', bases: ['put-v4', 'put-v4-http', 'put-v2', 'complete'], wire: (s) => ({ chunks: [serialize(s, s.body.subarray(0, s.body.length >> 1))], after: 'half-close', untilClose: true }) },
  { name: 'body-empty-then-close', category: 'body-length', bases: ['put-v4', 'put-v2-http'], wire: (s) => ({ chunks: [serialize(s, Buffer.alloc(0))], after: 'half-close', untilClose: true }) },
  { name: 'body-shorter-sent-slowly-then-close', category: 'body-length', bases: ['put-sse-c'], wire: (s) => ({ chunks: [serialize(s, Buffer.alloc(0)), ...Array.from({ length: 8 }, (_, i) => s.body.subarray(i * 16, i * 16 + 16))], after: 'half-close', untilClose: true }) },
  {
    // The client signed (hash or Content-MD5) a body 64 bytes longer than its Content-Length says.
    name: 'body-longer-than-content-length',
    category: 'body-length',
    bases: ['put-v4', 'put-v4-http', 'put-v2', 'put-sse-c'],
    request: (r) => {
      r.headers['content-length'] = String(r.body.length);
      r.body = Buffer.concat([r.body, Buffer.alloc(64, 'x')]);
      if (r.headers['content-md5']) r.headers['content-md5'] = md5B64(r.body);
    },
    wire: (s) => ({ chunks: [serialize(s, Buffer.concat([s.body, GARBAGE_TAIL]))], untilClose: true }),
    codes: ['XAmzContentSHA256Mismatch', 'BadDigest'],
  },
  { name: 'content-length-understated', category: 'body-length', bases: ['put-v4', 'put-v2-http', 'complete'], wire: (s) => ({ chunks: [framed(s, [['content-length', String(s.body.length - 10)]], Buffer.concat([s.body, GARBAGE_TAIL]))], untilClose: true }) },
  { name: 'content-length-zero-with-body', category: 'body-length', bases: ['put-v4', 'put-v2'], wire: (s) => ({ chunks: [framed(s, [['content-length', '0']], Buffer.concat([s.body, GARBAGE_TAIL]))], untilClose: true }) },
  { name: 'content-length-missing-with-body', category: 'body-length', bases: ['put-v4', 'put-v2'], wire: (s) => ({ chunks: [framed(s, [['content-length', undefined]], Buffer.concat([s.body, GARBAGE_TAIL]))], untilClose: true }) },
  { name: 'content-length-not-a-number', category: 'body-length', bases: ['put-v4', 'put-v4-http'], wire: (s) => ({ chunks: [framed(s, [['content-length', 'abc']], s.body)], untilClose: true }) },
  { name: 'content-length-negative', category: 'body-length', bases: ['put-v4', 'put-v4-http'], wire: (s) => ({ chunks: [framed(s, [['content-length', '-1']], s.body)], untilClose: true }) },
  { name: 'content-length-plus-sign', category: 'body-length', bases: ['put-v4'], wire: (s) => ({ chunks: [framed(s, [['content-length', `+${s.body.length}`]], s.body)], untilClose: true }) },
  { name: 'content-length-overflow', category: 'body-length', bases: ['put-v4', 'put-v4-http'], wire: (s) => ({ chunks: [framed(s, [['content-length', '18446744073709551616']], s.body)], untilClose: true }) },
  { name: 'content-length-duplicated-different', category: 'body-length', bases: ['put-v4', 'put-v2-http'], wire: (s) => ({ chunks: [serialize({ ...s, headers: [...s.headers, ['Content-Length', String(s.body.length + 1)]] })], untilClose: true }) },

  // --- Chunked transfer encoding, broken.
  ...(
    [
      ['chunk-size-not-hex', (b: Buffer) => Buffer.concat([Buffer.from('zz\r\n'), b, Buffer.from('\r\n0\r\n\r\n')])],
      ['chunk-size-negative', (b: Buffer) => Buffer.concat([Buffer.from('-5\r\n'), b, Buffer.from('\r\n0\r\n\r\n')])],
      ['chunk-size-overflow', (b: Buffer) => Buffer.concat([Buffer.from('11111111111111111111\r\n'), b, Buffer.from('\r\n0\r\n\r\n')])],
      ['chunk-size-with-space', (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)} \r\n`), b, Buffer.from('\r\n0\r\n\r\n')])],
      ['chunk-missing-crlf-after-data', (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('0\r\n\r\n')])],
      ['chunk-lf-only-lines', (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\n`), b, Buffer.from('\n0\n\n')])],
      ['chunk-extension-control-bytes', (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)};\x01\x02\r\n`), b, Buffer.from('\r\n0\r\n\r\n')])],
      ['chunk-trailer-garbage', (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n0\r\nnot a trailer\r\n\r\n')])],
    ] as const
  ).map(([name, body]): Mutation => ({ name, category: 'chunked', bases: ['put-v4', 'put-v4-http', 'put-v2'], wire: (s) => ({ chunks: [framed(s, chunkedHeaders, body(s.body))], untilClose: true }) })),
  { name: 'chunk-bigger-than-data-then-close', category: 'chunked', bases: ['put-v4', 'put-v2'], wire: (s) => ({ chunks: [framed(s, chunkedHeaders, Buffer.concat([Buffer.from(`${(s.body.length * 2).toString(16)}\r\n`), s.body]))], after: 'half-close', untilClose: true }) },
  { name: 'chunk-no-last-chunk-then-close', category: 'chunked', bases: ['put-v4', 'put-v2'], wire: (s) => ({ chunks: [framed(s, chunkedHeaders, Buffer.concat([Buffer.from(`${s.body.length.toString(16)}\r\n`), s.body, Buffer.from('\r\n')]))], after: 'half-close', untilClose: true }) },
  { name: 'chunked-and-content-length', category: 'chunked', bases: ['put-v4', 'put-v2'], wire: (s) => ({ chunks: [framed(s, [['transfer-encoding', 'chunked']], Buffer.concat([Buffer.from(`${s.body.length.toString(16)}\r\n`), s.body, Buffer.from('\r\n0\r\n\r\n')]))], untilClose: true }) },
  { name: 'transfer-encoding-gzip', category: 'chunked', bases: ['put-v4', 'put-v2'], wire: (s) => ({ chunks: [framed(s, [['content-length', undefined], ['transfer-encoding', 'gzip']], s.body)], untilClose: true }) },
  { name: 'transfer-encoding-chunked-twice', category: 'chunked', bases: ['put-v4'], wire: (s) => ({ chunks: [framed(s, [['content-length', undefined], ['transfer-encoding', 'chunked, chunked']], Buffer.concat([Buffer.from(`${s.body.length.toString(16)}\r\n`), s.body, Buffer.from('\r\n0\r\n\r\n')]))], untilClose: true }) },

  // --- HTTP versions.
  // (V4 signs Host; a V2 request without Host is valid in HTTP/1.0.)
  version('http-1.0-host-removed', (s) => ({ chunks: [serialize({ ...s, version: 'HTTP/1.0', headers: s.headers.filter(([k]) => k.toLowerCase() !== 'host') })], untilClose: true }), ['AccessDenied'], ['put-v4', 'put-v4-http']),
  version('http-1.0-signature-changed', (s) => ({ chunks: [serialize({ ...s, version: 'HTTP/1.0', headers: s.headers.map(([k, v]) => [k, k.toLowerCase() === 'authorization' ? (v.startsWith('AWS4') ? flipV4Sig(v) : flipV2Sig(v)) : v] as [string, string]) })], untilClose: true })),
  version('http-1.0-chunked-body', (s) => ({ chunks: [framed({ ...s, version: 'HTTP/1.0' }, chunkedHeaders, Buffer.concat([Buffer.from(`${s.body.length.toString(16)}\r\n`), s.body, Buffer.from('\r\n0\r\n\r\n')]))], untilClose: true }), ['InvalidRequest']),
  version('http-1.0-no-content-length-then-close', (s) => ({ chunks: [framed({ ...s, version: 'HTTP/1.0' }, [['content-length', undefined]], s.body)], after: 'half-close', untilClose: true })),
  version('http-1.0-unsigned', (s) => ({ chunks: [Buffer.from(`GET ${s.target} HTTP/1.0\r\n\r\n`)], untilClose: true })),
  version('http-0.9-request-line', (s) => ({ chunks: [Buffer.from(`GET ${s.target}\r\n\r\n`)], untilClose: true }), ['HttpVersionNotSupported']),
  version('http-2.0-request-line', (s) => ({ chunks: [serialize({ ...s, version: 'HTTP/2.0' })], untilClose: true }), ['HttpVersionNotSupported']),
  version('http-1.2-request-line', (s) => ({ chunks: [serialize({ ...s, version: 'HTTP/1.2' })], untilClose: true })),
  version('http-lowercase-version', (s) => ({ chunks: [serialize({ ...s, version: 'http/1.1' })], untilClose: true })),
  version('http-1.1-without-host', (s) => ({ chunks: [serialize({ ...s, headers: s.headers.filter(([k]) => k.toLowerCase() !== 'host') })], untilClose: true }), ['InvalidRequest']),

  // --- Garbage instead of HTTP (both listeners; HTTPS after a real handshake).
  garbage('random-bytes', (x) => randomBytes(1024 + x.r.int(1024))),
  garbage('nul-bytes', () => Buffer.alloc(512)),
  garbage('crlf-only', () => '\r\n\r\n\r\n\r\n', 'half-close'),
  garbage('method-only-then-close', () => 'GET', 'half-close'),
  garbage('request-line-without-version', () => 'GET /\r\nHost: x\r\n\r\n'),
  garbage('http2-preface', () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
  garbage('tls-client-hello-as-http', (x) => x.clientHello),
  garbage('header-without-colon', () => 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'),
  garbage('header-name-with-space', () => 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'),
  garbage('bare-lf-line-endings', () => 'GET / HTTP/1.1\nHost: x\n\n'),
  garbage('obs-fold-continuation', () => 'GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n'),
  garbage('nul-in-header-value', () => 'GET / HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n\r\n'),
  garbage('control-byte-in-url', () => 'GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n'),
  garbage('request-line-20-KiB-no-crlf', () => 'G'.repeat(20 * 1024)),
  garbage('utf8-method', () => 'GÉT / HTTP/1.1\r\nHost: x\r\n\r\n'),
  garbage('json-body-only', () => '{"Action":"PutObject","Bucket":"sse-conformance"}\r\n\r\n'),

  // --- TLS: a ClientHello and then garbage, and other broken TLS, on plain TCP to the HTTPS port.
  tlsRaw('client-hello-then-garbage', (x) => [x.clientHello, randomBytes(2048)]),
  tlsRaw('client-hello-then-http', (x) => [x.clientHello, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]),
  tlsRaw('client-hello-twice', (x) => [x.clientHello, x.clientHello]),
  tlsRaw('client-hello-truncated-then-close', (x) => [x.clientHello.subarray(0, 40)], 'half-close'),
  tlsRaw('record-header-huge-length', () => [Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff]), randomBytes(1024)]),
  tlsRaw('alert-record', () => [Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])]),
  tlsRaw('sslv2-hello', () => [Buffer.from([0x80, 0x2e, 0x01, 0x00, 0x02]), randomBytes(44)]),
  tlsRaw('plain-http-to-https-port', () => [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]),
  tlsRaw('random-bytes', () => [randomBytes(4096)]),
];

interface Case {
  id: string;
  mutation: Mutation;
  base: BaseName;
}

const CASES: Case[] = MUTATIONS.flatMap((m) => m.bases.map((b) => ({ id: `${m.category}/${m.name}@${b}`, mutation: m, base: b })));
const CATEGORIES = [...new Set(MUTATIONS.map((m) => m.category))];

// ---------------------------------------------------------------------------------------------
// Running and judging.

async function runCase(client: TestClient, x: Ctx, c: Case, index: number): Promise<Outcome> {
  const m = c.mutation;
  const req = await base(c.base, client, x, `corpus/${index}`);
  m.request?.(req, x);
  const s = await sign(x.ep, req);
  m.signed?.(s, x);
  if (m.wire) return rawExchange(x.ep, s.protocol, m.wire(s, x));
  if (m.socket) return rawExchange(x.ep, s.protocol, { chunks: [serialize(s)], untilClose: false, head: s.method === 'HEAD' });
  return httpExchange(x.ep, s);
}

/** Why an outcome is unacceptable, or undefined when it is fine. */
function judge(c: Case, o: Outcome): string | undefined {
  if (o.timedOut && o.responses.length === 0) return `no answer and not closed within 5 s (${o.rest.length} bytes)`;
  if (c.mutation.category === 'tls') return o.rest.includes('HTTP/1.1 2') ? 'a 2xx over a broken TLS session' : undefined;
  if (o.responses.length === 0 && o.error && !HANG_UP.test(o.error)) return `the client failed, the request may not have been sent: ${o.error}`;
  if (o.responses.length === 0) return o.rest.length ? `unparseable answer: ${JSON.stringify(o.rest.subarray(0, 80).toString('latin1'))}` : undefined; // closed: fine
  if (o.rest.length) return `bytes after the last answer: ${JSON.stringify(o.rest.subarray(0, 80).toString('latin1'))}`;
  for (const [i, r] of o.responses.entries()) {
    const code = errorCode(r.body);
    const what = `answer ${i + 1}: ${r.status} ${code ?? JSON.stringify(r.body.subarray(0, 120).toString('latin1'))}`;
    if (r.status < 400) return `accepted: ${what}`;
    if (r.status >= 500 && ![501, 505].includes(r.status)) return `server error: ${what}`;
    if (!code) return `not an S3 error document: ${what} (content-type ${r.headers['content-type']})`;
    if (!/xml/.test(r.headers['content-type'] ?? '')) return `error document without an XML content-type: ${what}`;
    if (i === 0 && c.mutation.codes && !c.mutation.codes.includes(code)) return `expected ${c.mutation.codes.join(' or ')}: ${what}`;
  }
  return undefined;
}

function summary(o: Outcome): string {
  if (!o.responses.length) return o.closed ? 'closed' : 'nothing';
  return o.responses.map((r) => `${r.status} ${errorCode(r.body) ?? ''}`.trim()).join(' + ');
}

async function pool<T>(items: T[], n: number, f: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i = next++; i < items.length; i = next++) await f(items[i]!, i);
  }));
}

/** A valid request on each listener, on fresh connections: the server still serves. */
async function stillServing(client: TestClient, x: Ctx): Promise<string[]> {
  const problems: string[] = [];
  for (const protocol of ['https', 'http'] as const) {
    const s = await sign(x.ep, { protocol, auth: 'v4', method: 'GET', path: objectPath(x.bucket, 'ref/plain'), query: '', headers: {}, body: Buffer.alloc(0) });
    const o = await httpExchange(x.ep, s);
    if (o.responses[0]?.status !== 200) problems.push(`valid GET over ${protocol}: ${summary(o)}`);
  }
  return problems;
}

interface Run {
  ep: ReferenceEndpoint;
  client: TestClient;
  x: Ctx;
  refs: RefObject[];
  errors: jest.SpyInstance;
}

async function start(dataDir?: string): Promise<Run> {
  const ep = await startReferenceEndpoint({ dataDir, minPartSize: 1 });
  const client = new TestClient(ep);
  const refKey = customerKey();
  const x: Ctx = { ep, bucket: ep.bucket, refKey, marker: `sse-escape-${randomBytes(6).toString('hex')}`, clientHello: await captureClientHello(), r: rng(7) };
  const refs = await writeReferences(client, refKey);
  // The endpoint logs unexpected exceptions (the ones that become 500s): there must be none.
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return { ep, client, x, refs, errors };
}

async function stopRun(run: Run | undefined): Promise<void> {
  if (!run) return;
  run.errors.mockRestore();
  run.client.close();
  await run.ep.close();
}

/** Runs the cases of each category, then checks the server still serves. Returns failures. */
async function runCorpus(run: Run, categories: Category[], tally: Map<string, string>): Promise<string[]> {
  const failures: string[] = [];
  for (const cat of categories) {
    const cases = CASES.map((c, i) => ({ c, i })).filter(({ c }) => c.mutation.category === cat);
    await pool(cases, 8, async ({ c, i }) => {
      let o: Outcome;
      try {
        o = await runCase(run.client, run.x, c, i);
      } catch (e) {
        failures.push(`${c.id}: the test could not send it: ${(e as Error).message}`);
        return;
      }
      tally.set(c.id, summary(o));
      const why = judge(c, o);
      if (why) failures.push(`${c.id}: ${why}`);
    });
    failures.push(...(await stillServing(run.client, run.x)).map((p) => `after ${cat}: ${p}`));
  }
  return failures;
}

/** Every key in the bucket (url-encoded listing, so any key survives the XML). */
async function bucketKeys(client: TestClient): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await client.send({ method: 'GET', path: `/${client.ep.bucket}`, query: `list-type=2&encoding-type=url${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}` });
    const res = r.xml?.ListBucketResult as { Contents?: { Key: string } | { Key: string }[]; NextContinuationToken?: string; IsTruncated?: string } | undefined;
    const contents = res?.Contents === undefined ? [] : Array.isArray(res.Contents) ? res.Contents : [res.Contents];
    keys.push(...contents.map((o) => decodeURIComponent(o.Key)));
    if (res?.IsTruncated !== 'true') break;
    token = res.NextContinuationToken;
  }
  return keys.sort();
}

// ---------------------------------------------------------------------------------------------

const BASE_NAMES = [...new Set(CASES.map((c) => c.base))];

test(`the corpus has at least 200 cases in every required category`, () => {
  expect(CASES.length).toBeGreaterThanOrEqual(200);
  expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  expect(CATEGORIES.sort()).toEqual(
    ['authorization', 'body-length', 'chunked', 'dates', 'garbage', 'http-version', 'huge-headers', 'mixed-signatures', 'sse-c', 'sse-kms', 'tls', 'traversal', 'unknown-operations', 'xml'].sort(),
  );
  const byCategory = CATEGORIES.map((cat) => `${cat} ${CASES.filter((c) => c.mutation.category === cat).length}`).join(', ');
  console.log(`bad-input corpus: ${CASES.length} cases from ${MUTATIONS.length} mutations of ${BASE_NAMES.length} base requests (${byCategory})`);
});

describe('in-memory store: the whole corpus', () => {
  let run: Run | undefined;
  beforeAll(async () => {
    run = await start();
  });
  afterAll(() => stopRun(run));

  test('every base request is valid as is (so the mutation is what gets refused)', async () => {
    const bad: string[] = [];
    for (const b of BASE_NAMES) {
      const s = await sign(run!.ep, await base(b, run!.client, run!.x, 'sanity'));
      const o = await httpExchange(run!.ep, s);
      if (!(o.responses[0] && o.responses[0].status < 300)) bad.push(`${b}: ${summary(o)} ${o.responses[0]?.body.toString().slice(0, 300) ?? ''}`);
    }
    expect(bad).toEqual([]);
  });

  test('every malformed request gets an S3 error (4xx) or a closed connection; the server keeps serving; nothing else changes', async () => {
    const tally = new Map<string, string>();
    const failures = await runCorpus(run!, CATEGORIES, tally);
    const answers = new Map<string, number>();
    for (const v of tally.values()) answers.set(v, (answers.get(v) ?? 0) + 1);
    console.log(`bad-input (memory): ${tally.size} cases; answers: ${[...answers.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} x${v}`).join(', ')}`);
    // BAD_INPUT_VERBOSE=1 lists every case with its answer.
    if (process.env.BAD_INPUT_VERBOSE) console.log([...tally.entries()].sort().map(([k, v]) => `${k.padEnd(90)} ${v}`).join('\n'));
    expect(failures).toEqual([]);
    expect(await checkReferences(run!.client, run!.refs)).toEqual([]);
    // Nothing the corpus sent was stored: the bucket holds the references and the sanity objects only.
    const keys = await bucketKeys(run!.client);
    expect(keys.filter((k) => !k.startsWith('ref/') && !k.startsWith('sanity/'))).toEqual([]);
    expect(run!.errors.mock.calls.map((c) => String(c[0]).slice(0, 300))).toEqual([]);
  });
});

test('pipelining: a valid request followed by unparseable bytes gets its own answer first', async () => {
  const run = await start();
  try {
    for (const protocol of ['http', 'https'] as const) {
      const key = `pipelined/${protocol}`;
      const s = await sign(run.ep, { protocol, auth: 'v4', method: 'PUT', path: objectPath(run.ep.bucket, key), query: '', headers: {}, body: Buffer.from('pipelined') });
      const o = await rawExchange(run.ep, protocol, { chunks: [Buffer.concat([serialize(s), GARBAGE_TAIL])], untilClose: true });
      // The PUT happened, so the client must be told so; then the garbage gets its 400.
      expect(o.responses.map((r) => [r.status, errorCode(r.body)])).toEqual([[200, undefined], [400, 'BadRequest']]);
      expect((await run.client.send({ method: 'GET', path: objectPath(run.ep.bucket, key) })).text).toBe('pipelined');
    }
  } finally {
    await stopRun(run);
  }
});

describe('dataDir store: traversal keys', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-bad-input-'));
  const dataDir = path.join(root, 'data');
  let run: Run | undefined;
  beforeAll(async () => {
    run = await start(dataDir);
  });
  afterAll(async () => {
    await stopRun(run);
    fs.rmSync(root, { recursive: true, force: true });
  });

  function walk(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  }

  test('refused like in memory, and no file appears outside dataDir', async () => {
    const failures = await runCorpus(run!, ['traversal'], new Map());
    expect(failures).toEqual([]);
    expect(await checkReferences(run!.client, run!.refs)).toEqual([]);
    const { marker } = run!.x;
    // Only blob files, only in dataDir; nothing named after a key anywhere near it.
    const stray = walk(root).filter((f) => path.dirname(f) !== dataDir || !/^[0-9a-f]{32}\.blob$/.test(path.basename(f)));
    expect(stray).toEqual([]);
    const near = [os.tmpdir(), path.dirname(root), process.cwd(), '/tmp', path.resolve(dataDir, '../../../../../../../../tmp')];
    expect(near.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((n) => n.includes(marker)) : []))).toEqual([]);
    // One blob per stored segment of the references (3 single-part objects, 2 two-part ones), none leaked.
    expect(walk(dataDir)).toHaveLength(3 + 2 * 2);
    expect(run!.errors.mock.calls).toEqual([]);
  });
});
