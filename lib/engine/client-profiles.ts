// Every request the harness signs itself goes out as a real client that can send it would send it.
// An endpoint must not be able to tell the request under test (or its control) from an ordinary
// client's by anything in it: a User-Agent that names a client which cannot make that kind of
// request, a header that client always sends and this request lacks, the order or case of the
// headers, the shape of the query or of the body the client serialises.
//
//   Signature V4, header-signed   the AWS SDK for JavaScript v3, exactly as the trusted path sends
//                                 it (the same SDK, the same client configuration)
//   Signature V2, header-signed   botocore (boto3) with signature_version='s3', as ceph's s3-tests'
//                                 V2 client; the AWS SDK for JavaScript v3 cannot sign V2
//   POST Object (V2 or V4 policy) a desktop Chromium submitting an upload form; no SDK sends it
//
// Each is modelled on a capture of the real client through a local server:
// client-fixtures/botocore-s3v2.json and client-fixtures/chromium-form-post.json (made by
// scripts/capture-clients/), and, for the SDK, the trusted path itself, captured live by the tests.
// The harness makes no presigned requests (lib/signing's presigners serve the reference endpoint's
// tests only), so no presigning client is modelled.
//
// What is left out, each for a reason the tests name (KNOWN_GAPS in client-profiles.test.ts):
// botocore's `Expect: 100-continue` on PUT bodies (a client that sends it must wait for the 100 before
// the body, as botocore does; lib/transport/send.ts does not wait) and the `Connection: keep-alive`
// Node adds to every request (botocore sends no Connection header; Node cannot leave it out and keep
// the socket). Below HTTP, the TLS handshake is Node's for every kind (the SDK's too: the same), and
// no header can change that.
import { randomInt, randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { crc32 } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';

/** The three clients the harness's own requests can be told to come from. */
export type ClientKind = 'aws-sdk-js' | 'botocore' | 'chromium';

/** The S3 operations the harness signs itself (the scenarios' requests under test and controls). */
export type S3Operation =
  | 'PutObject'
  | 'PostObject'
  | 'GetObject'
  | 'HeadObject'
  | 'CopyObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'Other';

/** The per-kind settings (.env): whose clients the requests impersonate. */
export interface ClientIdentity {
  /** S3_USER_AGENT: the trusted path and V4 requests (default: the AWS SDK's own). */
  userAgent?: string;
  /** S3_USER_AGENT_V2: V2 requests (default: botocore's, per operation). */
  userAgentV2?: string;
  /** S3_USER_AGENT_POST: POST Object forms (default: a current desktop Chrome). */
  userAgentPost?: string;
  /** S3_POST_ORIGIN: the origin of the page the upload form is on, or "null" (default: a form opened from a file). */
  postOrigin?: string;
}

/** The trusted client's maxAttempts, sent by the SDK in `amz-sdk-request` (createTrustedClient uses this). */
export const SDK_MAX_ATTEMPTS = 4;

export function clientKindOf(auth: 'v2' | 'v4', policyAuth: boolean | undefined): ClientKind {
  if (policyAuth) return 'chromium';
  return auth === 'v2' ? 'botocore' : 'aws-sdk-js';
}

const lower = (headers: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

const queryNames = (query: string | undefined): string[] => (query ? query.split('&').map((p) => decodeURIComponent(p.split('=')[0]!)) : []);

/** Which S3 operation a signed request is, from what any endpoint sees: method, query, headers. */
export function operationOf(spec: { method: string; query?: string; headers?: Record<string, string>; policyAuth?: boolean }): S3Operation {
  if (spec.policyAuth) return 'PostObject';
  const q = new Set(queryNames(spec.query));
  const copy = 'x-amz-copy-source' in lower(spec.headers);
  switch (spec.method.toUpperCase()) {
    case 'HEAD':
      return 'HeadObject';
    case 'GET':
      return 'GetObject';
    case 'POST':
      if (q.has('uploads')) return 'CreateMultipartUpload';
      if (q.has('uploadId')) return 'CompleteMultipartUpload';
      return 'Other';
    case 'PUT':
      if (q.has('partNumber')) return copy ? 'UploadPartCopy' : 'UploadPart';
      return copy ? 'CopyObject' : 'PutObject';
    default:
      return 'Other';
  }
}

// ---------------------------------------------------------------------------------------------
// The query string, as each client writes it.

/** The operations whose URI the SDK marks with `x-id` (its S3 model: the operation has no query of its own). */
const SDK_X_ID = new Set<S3Operation>(['PutObject', 'GetObject', 'CopyObject', 'UploadPart', 'UploadPartCopy']);

function orderedQuery(query: string | undefined, rank: string[], bareValue: 'empty' | 'bare'): string[] {
  const parts = query ? query.split('&').filter(Boolean) : [];
  const at = (p: string) => {
    const i = rank.indexOf(decodeURIComponent(p.split('=')[0]!));
    return i < 0 ? rank.length : i;
  };
  return parts
    .map((p, i) => ({ p: bareValue === 'empty' && !p.includes('=') ? `${p}=` : bareValue === 'bare' && p.endsWith('=') ? p.slice(0, -1) : p, i }))
    .sort((a, b) => at(a.p) - at(b.p) || a.i - b.i)
    .map((x) => x.p);
}

/**
 * The query as the client sends it: the SDK writes `uploads=`, puts partNumber before uploadId and
 * adds `x-id=<Operation>` where its model has it; botocore writes a bare `uploads` and uploadId first.
 */
export function clientQuery(kind: ClientKind, op: S3Operation, query: string | undefined): string {
  if (kind === 'aws-sdk-js') {
    const parts = orderedQuery(query, ['uploads', 'partNumber', 'uploadId'], 'empty');
    if (SDK_X_ID.has(op) && !parts.some((p) => p.startsWith('x-id='))) parts.push(`x-id=${op}`);
    return parts.join('&');
  }
  if (kind === 'botocore') return orderedQuery(query, ['uploads', 'uploadId', 'partNumber'], 'bare').join('&');
  return query ?? '';
}

// ---------------------------------------------------------------------------------------------
// The body a client serialises itself: CompleteMultipartUpload's part list.

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** smithy's XML text escaping (what the SDK sends: `"` as &quot;). */
const escapeSdk = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** ElementTree's text escaping (what botocore sends: quotes as they are). */
const escapeEtree = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The parts a CompleteMultipartUpload body lists, in order, or null when it is not one. */
export function completeParts(body: Buffer): { n: number; etag: string }[] | null {
  const text = body.toString('utf8');
  if (!/^\s*(<\?xml[^>]*\?>\s*)?<CompleteMultipartUpload[\s>]/.test(text)) return null;
  const parts: { n: number; etag: string }[] = [];
  for (const m of text.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const n = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1]!)?.[1];
    const etag = /<ETag>([^<]*)<\/ETag>/.exec(m[1]!)?.[1];
    if (n === undefined || etag === undefined) return null;
    parts.push({ n: Number(n), etag: unescapeXml(etag) });
  }
  return parts.length ? parts : null;
}

/** CompleteMultipartUpload's body as the client writes it (declaration, namespace, element order, escaping). */
export function completeBody(kind: ClientKind, parts: { n: number; etag: string }[]): Buffer {
  if (kind === 'aws-sdk-js') {
    const ps = parts.map((p) => `<Part><ETag>${escapeSdk(p.etag)}</ETag><PartNumber>${p.n}</PartNumber></Part>`).join('');
    return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="${XMLNS}">${ps}</CompleteMultipartUpload>`);
  }
  const ps = parts.map((p) => `<Part><PartNumber>${p.n}</PartNumber><ETag>${escapeEtree(p.etag)}</ETag></Part>`).join('');
  return Buffer.from(`<CompleteMultipartUpload xmlns="${XMLNS}">${ps}</CompleteMultipartUpload>`);
}

// ---------------------------------------------------------------------------------------------
// The AWS SDK for JavaScript v3 (Signature V4, header-signed).

/** What the SDK's user-agent step names itself with: its bundled version, this machine, this Node. */
export interface SdkIdentity {
  /** `aws-sdk-js/<v> ua/2.1 os/<platform>#<release> lang/js md/nodejs#<v> api/s3#<v>` (the SDK's own, without m/). */
  base: string;
  /** `aws-sdk-js/<v>`: the SDK's x-amz-user-agent. */
  short: string;
}

/** The SDK's formatting of one [name, version] pair (its escapeUserAgent). */
function uaPair([name, version]: [string, string?]): string {
  const slash = name.indexOf('/');
  const prefix = slash < 0 ? name : name.slice(0, slash);
  let rest = slash < 0 ? '' : name.slice(slash + 1);
  if (prefix === 'api') rest = rest.toLowerCase();
  return [prefix, rest, version].filter((x): x is string => !!x).reduce((acc, item, i) => (i === 0 ? item : i === 1 ? `${acc}/${item}` : `${acc}#${item}`), '');
}

let sdkIdentityOnce: Promise<SdkIdentity> | undefined;

/** Asks the SDK (the trusted client's own configuration) what it calls itself; once per process. */
export function sdkIdentity(client: S3Client): Promise<SdkIdentity> {
  return (sdkIdentityOnce ??= (async () => {
    const provider = (client.config as unknown as { defaultUserAgentProvider: () => Promise<[string, string?][]> }).defaultUserAgentProvider;
    const pairs = await provider();
    return { base: pairs.map(uaPair).join(' '), short: uaPair(pairs[0]!) };
  })());
}

/**
 * The SDK's business-metrics list (`m/`) for the trusted client's configuration, as it sends it:
 * N (an endpoint is configured), F (adaptive retries), e (credentials given in code), and a, c (request
 * and response checksums WHEN_REQUIRED) on the operations whose model has a checksum trait.
 */
export function sdkMetrics(op: S3Operation): string {
  return op === 'PutObject' || op === 'UploadPart' || op === 'GetObject' ? 'N,a,c,F,e' : 'N,F,e';
}

/** The SDK's serializer order for the headers a request carries of its own. */
const SDK_OWN_ORDER = [
  'content-type',
  'x-amz-copy-source',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key-md5',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-copy-source-server-side-encryption-customer-algorithm',
  'x-amz-copy-source-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key-md5',
];
/** What the SDK's own steps add, in the order they appear on the wire. */
const SDK_ENVELOPE = ['content-length', 'x-amz-user-agent', 'user-agent', 'host', 'amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-date', 'x-amz-content-sha256', 'authorization'];

// ---------------------------------------------------------------------------------------------
// botocore (Signature V2: signature_version='s3').

/** The botocore the V2 requests are modelled on (client-fixtures/botocore-s3v2.json). */
export const BOTOCORE = { boto3: '1.43.11', botocore: '1.43.11', python: '3.12.3' } as const;

/**
 * botocore's business metrics for a client like s3-tests' V2 client: D (legacy retries, its default),
 * N (endpoint_url), e (keys given in code), Z and b (checksums WHEN_SUPPORTED, its default), and U
 * (a CRC32 request checksum) on the operations it checksums. Python lists them from a set, in an order
 * fixed for the life of the process (its string hashing is seeded per process): so is this one.
 */
const BOTOCORE_METRICS = ['D', 'N', 'e', 'Z', 'b', 'U'];
let botocoreOrder: string[] | undefined;
function botocoreMetrics(op: S3Operation): string {
  if (!botocoreOrder) {
    botocoreOrder = [...BOTOCORE_METRICS];
    for (let i = botocoreOrder.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [botocoreOrder[i], botocoreOrder[j]] = [botocoreOrder[j]!, botocoreOrder[i]!];
    }
  }
  const checksummed = op === 'PutObject' || op === 'UploadPart';
  return botocoreOrder.filter((m) => m !== 'U' || checksummed).join(',');
}

const pythonPlatform = (): string => (process.platform === 'win32' ? 'windows' : process.platform);
const machineArch = (): string => ({ x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' })[process.arch as string] ?? process.arch;

/** The User-Agent boto3 sends for an operation, on this machine. */
export function botocoreUserAgent(op: S3Operation): string {
  const b = BOTOCORE;
  return (
    `Boto3/${b.boto3} md/Botocore#${b.botocore} ua/2.1 os/${pythonPlatform()}#${os.release()} md/arch#${machineArch()} ` +
    `lang/python#${b.python} md/pyimpl#CPython m/${botocoreMetrics(op)} cfg/retry-mode#legacy Botocore/${b.botocore}`
  );
}

/** botocore's spelling of a header name (its S3 model's locationName; the MD5 headers end in `MD5`). */
function botocoreCase(name: string): string {
  if (name === 'content-type') return 'Content-Type';
  if (name.endsWith('-customer-key-md5')) return `${name.slice(0, -3)}MD5`;
  return name;
}

// ---------------------------------------------------------------------------------------------
// Chromium (POST Object: a browser's upload form).

/** The Chromium the forms are modelled on (client-fixtures/chromium-form-post.json). */
export const CHROME_MAJOR = 156;
/** A current desktop Chrome on the most common desktop. */
export const CHROME_USER_AGENT = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME_MAJOR}.0.0.0 Safari/537.36`;
const CHROME_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

/**
 * The `sec-ch-ua` brand list Chromium sends for a major version: a GREASE brand, "Chromium" and the
 * browser's own brand, in an order and spelling seeded by the major version
 * (components/embedder_support/user_agent_utils.cc, GenerateBrandVersionList).
 */
export function secChUa(major: number, brand: string | null): string {
  const chars = [' ', '(', ':', '-', '.', '/', ')', ';', '=', '?', '_'];
  const grease = { brand: `Not${chars[major % chars.length]}A${chars[(major + 1) % chars.length]}Brand`, version: ['8', '99', '24'][major % 3]! };
  const chromium = { brand: 'Chromium', version: String(major) };
  let list: { brand: string; version: string }[];
  if (brand) {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const order = orders[major % 6]!;
    list = [];
    list[order[0]!] = grease;
    list[order[1]!] = chromium;
    list[order[2]!] = { brand, version: String(major) };
  } else {
    list = [];
    list[major % 2] = grease;
    list[(major + 1) % 2] = chromium;
  }
  return list.map((b) => `"${b.brand}";v="${b.version}"`).join(', ');
}

/** The client hints a Chromium-based browser with this User-Agent sends, or null for any other browser. */
export function clientHints(ua: string): { 'sec-ch-ua': string; 'sec-ch-ua-mobile': string; 'sec-ch-ua-platform': string } | null {
  const m = /(?:^|\s)Chrome\/(\d+)\./.exec(ua);
  if (!m || !/AppleWebKit\//.test(ua)) return null;
  const brand = /\bEdg\//.test(ua) ? 'Microsoft Edge' : /\bOPR\//.test(ua) ? 'Opera' : /\bHeadlessChrome\//.test(ua) ? null : 'Google Chrome';
  const platform = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /CrOS/.test(ua) ? 'Chrome OS' : /Macintosh|Mac OS X/.test(ua) ? 'macOS' : /Linux|X11/.test(ua) ? 'Linux' : 'Unknown';
  return { 'sec-ch-ua': secChUa(Number(m[1]), brand), 'sec-ch-ua-mobile': /Mobile/.test(ua) ? '?1' : '?0', 'sec-ch-ua-platform': `"${platform}"` };
}

/** Whether Chromium treats the URL as potentially trustworthy (HTTPS, or loopback): Fetch Metadata and client hints go only there. */
export function potentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === 'localhost' || h.endsWith('.localhost');
}

/** Sec-Fetch-Site of a navigation from a page of `origin` ("null": a file) to `url`. */
function fetchSite(origin: string, url: URL): 'same-origin' | 'same-site' | 'cross-site' {
  if (origin === 'null') return 'cross-site';
  const from = new URL(origin);
  if (from.origin === url.origin) return 'same-origin';
  const site = (h: string) => h.split('.').slice(-2).join('.');
  return from.protocol === url.protocol && !/^[\d.]+$/.test(url.hostname) && site(from.hostname) === site(url.hostname) ? 'same-site' : 'cross-site';
}

/** Ordinary names of a file a user picks for an upload form (the file part's filename). */
const FILE_NAMES = ['document', 'report', 'scan', 'invoice', 'backup', 'export', 'data', 'notes', 'archive', 'upload'];
export function ordinaryFilename(): string {
  const base = FILE_NAMES[randomInt(FILE_NAMES.length)]!;
  return randomInt(3) === 0 ? `${base}.bin` : `${base}-${randomInt(1, 100)}.bin`;
}

// ---------------------------------------------------------------------------------------------
// Dressing one request.

export interface RequestToDress {
  op: S3Operation;
  method: string;
  url: URL;
  /** The request's own headers (the operation's parameters: SSE, copy source, content type). */
  headers: Record<string, string>;
  body?: Buffer;
}

export interface Dressed {
  /** The headers to sign (names lower-cased): the request's own and what the client adds before signing. */
  headers: Record<string, string>;
  /** The body as the client serialises it. */
  body?: Buffer;
  /** The signed headers in the client's order and case, as they go on the wire. */
  wire(signed: Record<string, string>): Record<string, string>;
}

function ordered(signed: Record<string, string>, names: string[], spell: (n: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  const low = lower(signed);
  for (const n of names) if (low[n] !== undefined && !(spell(n) in out)) out[spell(n)] = low[n];
  // Anything not placed (a header a caller added) goes last, as given.
  for (const [n, v] of Object.entries(low)) if (!names.includes(n)) out[n] = v;
  return out;
}

function byRank(names: string[], rank: string[]): string[] {
  const at = (n: string) => (rank.includes(n) ? rank.indexOf(n) : rank.length);
  return names.map((n, i) => ({ n, i })).sort((a, b) => at(a.n) - at(b.n) || a.i - b.i).map((x) => x.n);
}

/** The headers and body of a request as the client of `kind` sends it (see the top of this file). */
export async function dress(kind: ClientKind, identity: ClientIdentity, req: RequestToDress, sdk?: S3Client): Promise<Dressed> {
  const own = lower(req.headers);
  if (kind === 'aws-sdk-js') return dressSdk(identity, req, own, sdk);
  if (kind === 'botocore') return dressBotocore(identity, req, own);
  return dressChromium(identity, req, own);
}

async function dressSdk(identity: ClientIdentity, req: RequestToDress, own: Record<string, string>, sdk?: S3Client): Promise<Dressed> {
  const parts = req.op === 'CompleteMultipartUpload' && req.body ? completeParts(req.body) : null;
  const body = parts ? completeBody('aws-sdk-js', parts) : req.body;
  const ownNames = byRank(Object.keys(own), SDK_OWN_ORDER);
  const headers: Record<string, string> = { ...own };
  // A blob payload without a content type gets the SDK's default, after the operation's own headers.
  if ((req.op === 'PutObject' || req.op === 'UploadPart') && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/octet-stream';
    ownNames.push('content-type');
  }
  if (body && body.length > 0) headers['content-length'] = String(body.length);
  if (identity.userAgent) headers['user-agent'] = identity.userAgent;
  else {
    if (!sdk) throw new Error('dress: the SDK client is needed to name the SDK');
    const id = await sdkIdentity(sdk);
    headers['x-amz-user-agent'] = id.short;
    headers['user-agent'] = `${id.base} m/${sdkMetrics(req.op)}`;
  }
  headers['amz-sdk-invocation-id'] = randomUUID();
  headers['amz-sdk-request'] = `attempt=1; max=${SDK_MAX_ATTEMPTS}`;
  return { headers, body, wire: (signed) => ordered(signed, [...ownNames, ...SDK_ENVELOPE], (n) => n) };
}

function dressBotocore(identity: ClientIdentity, req: RequestToDress, own: Record<string, string>): Dressed {
  const parts = req.op === 'CompleteMultipartUpload' && req.body ? completeParts(req.body) : null;
  const body = parts ? completeBody('botocore', parts) : req.body;
  const headers: Record<string, string> = { ...own };
  // botocore sends no content type of its own for a serialised body.
  if (parts) delete headers['content-type'];
  // The operation's parameters in the order given, then the key MD5s botocore computes and appends.
  const md5 = (n: string) => n.endsWith('-customer-key-md5');
  const ownNames = [
    ...Object.keys(headers).filter((n) => n === 'content-type'),
    ...Object.keys(headers).filter((n) => n !== 'content-type' && !md5(n)),
    ...Object.keys(headers).filter((n) => md5(n) && !n.startsWith('x-amz-copy-source')),
    ...Object.keys(headers).filter((n) => md5(n) && n.startsWith('x-amz-copy-source')),
  ];
  if (req.op === 'GetObject') {
    headers['x-amz-checksum-mode'] = 'ENABLED';
    ownNames.push('x-amz-checksum-mode');
  }
  if ((req.op === 'PutObject' || req.op === 'UploadPart') && body) {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    headers['x-amz-checksum-crc32'] = crc.toString('base64');
    headers['x-amz-sdk-checksum-algorithm'] = 'CRC32';
  }
  headers['user-agent'] = identity.userAgentV2 ?? botocoreUserAgent(req.op);
  headers['amz-sdk-invocation-id'] = randomUUID();
  headers['amz-sdk-request'] = 'attempt=1';
  const sendsLength = req.method === 'PUT' || req.method === 'POST';
  const envelope = ['user-agent', 'x-amz-checksum-crc32', 'x-amz-sdk-checksum-algorithm', 'date', 'authorization', 'amz-sdk-invocation-id', 'amz-sdk-request'];
  return {
    headers,
    body,
    wire(signed) {
      const out: Record<string, string> = { Host: req.url.host, 'Accept-Encoding': 'identity' };
      const spell = (n: string) => (n === 'user-agent' ? 'User-Agent' : n === 'date' ? 'Date' : n === 'authorization' ? 'Authorization' : botocoreCase(n));
      Object.assign(out, ordered(signed, [...ownNames, ...envelope], spell));
      // http.client's framing: botocore always gives the length of a PUT's or POST's body, 0 included.
      if (sendsLength) out['Content-Length'] = String(body?.length ?? 0);
      return out;
    },
  };
}

function dressChromium(identity: ClientIdentity, req: RequestToDress, own: Record<string, string>): Dressed {
  const ua = identity.userAgentPost ?? CHROME_USER_AGENT;
  const trustworthy = potentiallyTrustworthy(req.url);
  const origin = identity.postOrigin ?? 'null';
  const hints = trustworthy ? clientHints(ua) : null;
  const site = fetchSite(origin, req.url);
  const out: Record<string, string> = {
    Host: req.url.host,
    Connection: 'keep-alive',
    'Content-Length': String(req.body?.length ?? 0),
    'Cache-Control': 'max-age=0',
    ...(hints ?? {}),
    'Upgrade-Insecure-Requests': '1',
    ...(own['content-type'] !== undefined ? { 'Content-Type': own['content-type'] } : {}),
    'User-Agent': ua,
    Origin: origin,
    Accept: CHROME_ACCEPT,
    ...(trustworthy ? { 'Sec-Fetch-Site': site, 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-User': '?1', 'Sec-Fetch-Dest': 'document' } : {}),
    // strict-origin-when-cross-origin: the page's origin alone to another origin; a file page sends none.
    ...(origin !== 'null' ? { Referer: `${origin}/` } : {}),
    'Accept-Encoding': trustworthy ? 'gzip, deflate, br, zstd' : 'gzip, deflate',
    'Accept-Language': 'en-US,en;q=0.9',
  };
  const rest = Object.fromEntries(Object.entries(own).filter(([n]) => n !== 'content-type'));
  // A form is authenticated by its fields: nothing is signed, the headers go as the browser orders them.
  return { headers: { ...out, ...rest }, body: req.body, wire: (signed) => signed };
}
