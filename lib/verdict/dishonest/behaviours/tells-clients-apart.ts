// T03: an endpoint that enforces the tables only on requests that cannot come from the client they
// name, and accepts from every real client what must be refused. The reference endpoint behind the
// proxy stores what it must refuse (every reject cell's decision inverted); the proxy looks at each
// request as any endpoint can (never at the tests' trusted-path mark) and, when the request gives
// itself away (tellsOf), answers as the honest reference endpoint would: the profile's own rules
// (the same Enforcer), applied before anything is forwarded, with what the proxy saw stored (object
// and upload encryption) standing in for the endpoint's state. Every other request goes through to
// the endpoint that accepts the forbidden cells.
//
// Against the old harness (the AWS SDK's User-Agent on every request, whatever its kind; no SDK
// retry headers on its V4 requests; a `----sse-conformance-` boundary) every request under test gives
// itself away, the honest answers come back, and every reject cell passes. Against a harness whose
// requests look like the clients they name, nothing gives them away: every reject cell must FAIL.
import { loadProfile } from '../../../profile/load';
import type { Auth, Encryption, Protocol, TableId } from '../../../profile/types';
import { Enforcer } from '../../../reference-endpoint/enforcement';
import type { Behaviour, ProxiedAnswer, ProxiedRequest } from '../../test-support/dishonest-proxy';
import { errorAnswer, isAccepted } from '../../test-support/dishonest-proxy';
import type { DishonestBehaviour } from '../behaviour';

const h = (req: ProxiedRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

const isForm = (req: ProxiedRequest) => req.method === 'POST' && /^multipart\/form-data/i.test(h(req, 'content-type') ?? '');

/** The form fields before the file (a browser's POST upload), parsed as an endpoint parses them. */
function formFields(req: ProxiedRequest): Record<string, string> {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(h(req, 'content-type') ?? '')?.[2];
  const out: Record<string, string> = {};
  if (!boundary) return out;
  for (const part of req.body.toString('latin1').split(`--${boundary}`)) {
    const m = /^\r\nContent-Disposition: form-data; name="([^"]*)"(; filename="[^"]*")?\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/i.exec(part);
    if (!m || m[2]) continue;
    out[m[1]!.toLowerCase()] = Buffer.from(m[3]!, 'latin1').toString('utf8');
  }
  return out;
}

/** The key of a path-style request (`/bucket/key?query`), decoded; '' for the bucket itself. */
function keyOf(url: string): string {
  const path = url.split('?')[0]!;
  const slash = path.indexOf('/', 1);
  return slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
}

const query = (url: string) => new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');

function potentiallyTrustworthy(req: ProxiedRequest): boolean {
  if (req.scheme === 'https') return true;
  const host = (h(req, 'host') ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^127\./.test(host) || host === '::1' || host === 'localhost';
}

/**
 * What shows that a request cannot come from the client it names. Each is something no real client
 * of that name ever sends (or always sends), seen in the request alone.
 */
export function tellsOf(req: ProxiedRequest): string[] {
  const tells: string[] = [];
  const ua = h(req, 'user-agent') ?? '';
  const auth = h(req, 'authorization') ?? '';
  const sdk = /^aws-sdk-js\//.test(ua);
  const boto = /(^|\s)(Boto3|Botocore|botocore)\//.test(ua);
  const v2 = /^AWS \S+:/.test(auth);
  const v4 = /^AWS4-HMAC-SHA256 /.test(auth);
  if (isForm(req)) {
    if (sdk) tells.push('a POST form from the AWS SDK for JS (no SDK sends one)');
    if (!/^Mozilla\/5\.0 \(/.test(ua)) tells.push('a POST form without a browser User-Agent');
    const boundary = /boundary=("?)([^";]+)\1/i.exec(h(req, 'content-type') ?? '')?.[2] ?? '';
    // Chromium and Safari (WebKit), Firefox (old and new).
    if (!/^(----WebKitFormBoundary[A-Za-z0-9]{16}|-{27}\d{20,}|----geckoformboundary[0-9a-f]{16,})$/.test(boundary)) tells.push('a form boundary no browser makes');
    if (h(req, 'origin') === undefined) tells.push('a browser form POST without Origin');
    if (/ Chrome\/\d+/.test(ua) && potentiallyTrustworthy(req) && h(req, 'sec-fetch-mode') === undefined) tells.push('a Chromium form to a trustworthy URL without Fetch Metadata');
    if (h(req, 'accept') === undefined || h(req, 'accept-language') === undefined) tells.push('a browser navigation without Accept or Accept-Language');
    if (h(req, 'amz-sdk-invocation-id') !== undefined) tells.push('a browser sending an SDK invocation id');
  }
  if (v2 && sdk) tells.push('Signature V2 from the AWS SDK for JS (it cannot sign V2)');
  if (v4 && sdk) {
    if (h(req, 'amz-sdk-invocation-id') === undefined || h(req, 'amz-sdk-request') === undefined) tells.push('the AWS SDK for JS without amz-sdk-invocation-id or amz-sdk-request');
    if (!/ m\/[A-Za-z0-9,]+/.test(ua) || h(req, 'x-amz-user-agent') === undefined) tells.push('the AWS SDK for JS without its metrics list or x-amz-user-agent');
    const objectCall = (req.method === 'PUT' || req.method === 'GET') && keyOf(req.url) !== '';
    if (objectCall && !query(req.url).has('x-id')) tells.push('the AWS SDK for JS without x-id on an object call');
    if (req.method === 'POST' && /[?&]uploads(&|$)/.test(req.url)) tells.push('the AWS SDK for JS writing a bare ?uploads (it writes uploads=)');
  }
  if (v2 && boto) {
    if (h(req, 'amz-sdk-invocation-id') === undefined || h(req, 'amz-sdk-request') === undefined) tells.push('botocore without amz-sdk-invocation-id or amz-sdk-request');
    if (h(req, 'accept-encoding') !== 'identity') tells.push('botocore without Accept-Encoding: identity');
    if (req.method === 'PUT' && !query(req.url).has('partNumber') && h(req, 'x-amz-copy-source') === undefined && h(req, 'x-amz-checksum-crc32') === undefined) {
      tells.push('botocore putting an object without its CRC32 checksum');
    }
  }
  return tells;
}

// ---------------------------------------------------------------------------------------------
// The honest answer: the profile's rules, as the reference endpoint applies them.

const enforcer = new Enforcer(loadProfile('obs'));

const requested = (get: (n: string) => string | undefined): Encryption =>
  get('x-amz-server-side-encryption-customer-algorithm') !== undefined ? 'sse-c' : get('x-amz-server-side-encryption') === 'aws:kms' ? 'sse-kms' : 'plain';

/** What the proxy saw stored: each object's and each upload's encryption (the endpoint's state, seen from outside). */
interface Seen {
  objects: Map<string, Encryption>;
  uploads: Map<string, Encryption>;
}

/** The cell of the profile a request falls in (table and row), as the reference endpoint decides it. */
function cellOf(req: ProxiedRequest, seen: Seen): { table: TableId; row: string; auth: Auth } | null {
  const q = query(req.url);
  const key = keyOf(req.url);
  const get = (n: string) => h(req, n);
  const auth: Auth = /^AWS \S+:/.test(get('authorization') ?? '') ? 'v2' : 'v4';
  const sse = (enc: Encryption | undefined, row: string) => (enc === 'sse-c' || enc === 'sse-kms' ? { table: enc as TableId, row, auth } : null);
  if (isForm(req)) {
    const f = formFields(req);
    const enc = requested((n) => f[n]);
    return enc === 'plain' ? null : { table: enc, row: 'post-object', auth: f.awsaccesskeyid !== undefined ? 'v2' : 'v4' };
  }
  const copy = get('x-amz-copy-source');
  const srcEnc = () => {
    const src = decodeURIComponent((copy ?? '').replace(/^\//, '').split('?')[0]!);
    return seen.objects.get(src.slice(src.indexOf('/') + 1)) ?? 'plain';
  };
  switch (req.method) {
    case 'PUT': {
      const upload = q.get('uploadId');
      if (q.has('partNumber') && upload !== null) {
        const enc = seen.uploads.get(upload);
        if (copy !== undefined) return { table: 'upload-part-copy', row: `${srcEnc()}-to-${enc ?? 'plain'}`, auth };
        return sse(enc, 'upload-part');
      }
      if (copy !== undefined) return { table: 'copy', row: `${srcEnc()}-to-${requested(get)}`, auth };
      return sse(requested(get), 'put-object');
    }
    case 'POST':
      if (q.has('uploads')) return sse(requested(get), 'initiate-multipart-upload');
      if (q.has('uploadId')) return sse(seen.uploads.get(q.get('uploadId')!), 'complete-multipart-upload');
      return null;
    case 'HEAD':
    case 'GET':
      if (!key || q.has('uploadId')) return null;
      return sse(seen.objects.get(key) ?? requested(get), req.method === 'HEAD' ? 'head-object' : 'get-object');
    default:
      return null;
  }
}

/** Keeps what a successful write stored: the object's (or the upload's) encryption. */
function remember(req: ProxiedRequest, a: ProxiedAnswer, seen: Seen): void {
  if (!isAccepted(a)) return;
  const q = query(req.url);
  const get = (n: string) => h(req, n);
  if (isForm(req)) {
    const f = formFields(req);
    if (f.key) seen.objects.set(f.key, requested((n) => f[n]));
  } else if (req.method === 'PUT' && !q.has('partNumber')) seen.objects.set(keyOf(req.url), requested(get));
  else if (req.method === 'POST' && q.has('uploads')) {
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(a.body.toString())?.[1];
    if (id) seen.uploads.set(id, requested(get));
  } else if (req.method === 'POST' && q.has('uploadId')) seen.objects.set(keyOf(req.url), seen.uploads.get(q.get('uploadId')!) ?? 'plain');
}

/** Every tell seen in the run, with how many requests showed it (none, against a harness that looks like its clients). */
const told = new Map<string, number>();

const seen: Seen = { objects: new Map(), uploads: new Map() };

const behave: Behaviour = async (req, forward) => {
  const tells = tellsOf(req);
  for (const t of tells) told.set(t, (told.get(t) ?? 0) + 1);
  if (tells.length) {
    const cell = cellOf(req, seen);
    const d = cell && enforcer.decide(cell.table, cell.row, req.scheme as Protocol, cell.auth);
    if (d && !d.allowed) {
      const refusal = enforcer.refusal(d);
      return errorAnswer(refusal.status, refusal.code, 'Refused');
    }
  }
  const a = await forward();
  remember(req, a, seen);
  return a;
};

export const behaviour: DishonestBehaviour = {
  flag: 'tells-clients-apart',
  cases: (all) => all,
  storesRefused: true,
  behave,
  check({ results }) {
    const touched = results.filter((r) => r.expected === 'reject');
    // Every reject cell was accepted by the endpoint the proxy let it reach (FAIL exposure), and
    // nothing the harness sent gave it away: not one request showed a tell.
    const notFailed = touched.filter((r) => !(r.verdict === 'fail' && r.severity === 'exposure')).map((r) => `${r.id}: ${r.verdict}`);
    expect({ rejectCellsNotFailedExposure: notFailed, tells: Object.fromEntries(told) }).toEqual({ rejectCellsNotFailedExposure: [], tells: {} });
    // To every request that looks like a real client's, the endpoint is the honest one but for the forbidden cells.
    for (const r of results.filter((x) => x.expected === 'accept')) expect({ id: r.id, verdict: r.verdict, reason: r.reason }).toEqual({ id: r.id, verdict: 'pass', reason: r.reason });
    return { touched: touched.length };
  },
};
