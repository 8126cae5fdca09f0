// `repro --curl`: the request under test as a bash command a person can paste to send the same
// request by hand, built from the request as it went out (lib/engine/context.ts onSigned), with every
// secret read from the environment instead of written out:
//   Signature V4  curl signs it as it sends it (--aws-sigv4, the keys from $AWS_ACCESS_KEY_ID and
//                 $AWS_SECRET_ACCESS_KEY): no signature of the harness is printed, the command does
//                 not expire;
//   Signature V2  the headers the harness signed, Date and Authorization included: the signature is
//                 printed and holds as long as S3 accepts the Date (15 minutes);
//   POST Object   the form the harness signed, policy and signature included: it holds until the
//                 policy's expiration.
// SSE-C keys are read from $SSE_CUSTOMER_KEY and $SSE_COPY_SOURCE_CUSTOMER_KEY (./ssec-env.ts); the
// URL (path style or virtual-hosted, the query with its upload id, part number, x-id) and the body
// are exactly those of the request sent, byte for byte.
import type { SignedRequest } from '../engine/context';
import { arg, partsOf, sq, word, type Part } from './shell';

export const ACCESS_KEY_ENV = 'AWS_ACCESS_KEY_ID';
export const SECRET_KEY_ENV = 'AWS_SECRET_ACCESS_KEY';

/** How far off its clock S3 accepts a V2 request's Date. */
export const V2_SKEW_MS = 15 * 60 * 1000;

/** The headers whose value is an SSE-C key: never written into a command. */
const KEY_HEADERS = new Set(['x-amz-server-side-encryption-customer-key', 'x-amz-copy-source-server-side-encryption-customer-key']);

/** Where the heredocs of a body end (base64 has no '_': never a line of the data). */
const EOF_MARK = 'SSE_REPRO_BODY';

export class CurlError extends Error {}

export interface CurlRequest {
  /** The request under test as it went out: unredacted. */
  request: SignedRequest;
  auth: 'v2' | 'v4';
  /** POST Object: authenticated by its form's signed policy alone. */
  policyAuth: boolean;
  region: string;
  accessKeyId: string;
  /** The CA bundle the harness trusted for HTTPS (S3_CA_FILE, --ca-file, the embedded endpoint's). */
  caFile?: string;
  /** The run did not verify the HTTPS certificate (S3_TLS_INSECURE, --insecure). */
  insecure: boolean;
  /** Values the command reads from a variable instead of holding them: the SSE-C keys. */
  fromEnv: readonly { value: string; env: string }[];
  /** Values no command may hold, in any place (the secret key): checked on the result. */
  never: readonly string[];
}

export interface CurlCommand {
  /** bash lines, to be pasted as they are. */
  lines: string[];
  /** The variables the command reads. */
  env: string[];
  /** One line each: how long what the harness signed holds, what the command needs. */
  notes: string[];
}

const lower = (h: string) => h.toLowerCase();
const printableAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** The command for one signed request; throws CurlError rather than print a secret. */
export function curlCommand(input: CurlRequest): CurlCommand {
  const { request, auth, policyAuth } = input;
  const v4 = auth === 'v4' && !policyAuth;
  const body = request.body && request.body.length > 0 ? request.body : undefined;
  const url = new URL(request.url);
  const env = new Set<string>();
  const notes: string[] = [];
  const never = [...input.never];
  const headers = Object.entries(request.headers);
  const named = (n: string) => headers.find(([k]) => lower(k) === n)?.[1];
  // A form field holding an SSE-C key (POST Object) must come from a variable like the headers.
  for (const field of KEY_HEADERS) {
    const v = body ? formField(body, field) : undefined;
    if (v !== undefined && !input.fromEnv.some((f) => f.value === v)) throw new CurlError(`the form carries an SSE-C key in ${field} that no variable holds`);
  }

  // The SSE-C keys: each occurrence becomes its variable (headers, form fields).
  const keyParts = (text: string): Part[] => {
    const parts = partsOf(text, input.fromEnv);
    for (const p of parts) if (typeof p !== 'string') env.add(p.env);
    return parts;
  };

  const flags: string[] = [];
  const hs: string[] = [];
  for (const [name, value] of headers) {
    const n = lower(name);
    // curl writes the Host from the URL, and the length of the body it sends.
    if (n === 'host' || (n === 'content-length' && body)) continue;
    if (v4 && (n === 'authorization' || n === 'x-amz-date')) {
      // curl signs the request itself: the harness's signature is never printed.
      if (n === 'authorization') never.push(...[...value.matchAll(/Signature=([0-9a-fA-F]{64})/g)].map((m) => m[1]!));
      continue;
    }
    let parts: Part[];
    if (n === 'authorization') {
      // V2: `AWS <access key id>:<signature>`; the id from the environment, the signature as signed.
      const m = /^AWS ([^:\s]+):(\S+)$/.exec(value);
      if (!m || m[1] !== input.accessKeyId) throw new CurlError('the Authorization header is not a V2 one of the configured access key id');
      parts = [`${name}: AWS `, { env: ACCESS_KEY_ENV }, `:${m[2]}`];
      env.add(ACCESS_KEY_ENV);
    } else {
      parts = keyParts(`${name}: ${value}`);
    }
    if (KEY_HEADERS.has(n) && parts.some((p) => typeof p === 'string' && p.includes(value))) {
      throw new CurlError(`the request carries an SSE-C key in ${n} that no variable holds`);
    }
    hs.push(`-H ${arg(parts)}`);
  }
  if (!v4) {
    // curl's own Accept would be a header the client never sends (not signed by V2 or a form).
    if (named('accept') === undefined) hs.unshift(`-H 'Accept:'`);
  }
  // A body with no type of its own: curl would add application/x-www-form-urlencoded, which V2 signs.
  if (body && named('content-type') === undefined) hs.push(`-H 'Content-Type:'`);

  if (url.protocol === 'https:') {
    if (input.caFile) flags.push(`--cacert ${word(input.caFile)}`);
    if (input.insecure) flags.push('--insecure');
  }
  if (v4) {
    flags.push(`--aws-sigv4 "aws:amz:${input.region}:s3" --user "$${ACCESS_KEY_ENV}:$${SECRET_KEY_ENV}"`);
    env.add(ACCESS_KEY_ENV);
    env.add(SECRET_KEY_ENV);
  }
  const method = request.method.toUpperCase();
  const methodFlag = method === 'HEAD' ? '--head' : method === 'GET' && !body ? '' : method === 'POST' && body ? '' : `-X ${method}`;

  const lines: string[] = [];
  if (body) lines.push('body=$(mktemp)', ...bodyScript(body, input, keyParts), '');
  const curl = [
    `curl -sS -i --globoff${flags.length ? ` ${flags[0]}` : ''}`,
    ...flags.slice(1),
    ...(methodFlag ? [methodFlag] : []),
    ...hs,
    ...(body ? ['--data-binary @"$body"'] : []),
    sq(request.url),
  ];
  lines.push(...curl.map((l, i) => (i === 0 ? l : `  ${l}`)).map((l, i, all) => (i < all.length - 1 ? `${l} \\` : l)));
  if (body) lines.push('rm -f "$body"');

  notes.push(...validity(input, named, body));
  if (v4) {
    const sharing = prefixSharing(headers.map(([k]) => lower(k)).filter((k) => k !== 'authorization' && k !== 'x-amz-date' && k !== 'host'));
    if (sharing) {
      notes.push(
        `curl before 8.10.0 signs ${sharing[1]} before ${sharing[0]} (it sorts "name:value" lines, not names; curl pull request 14370): with it this command gets 403 SignatureDoesNotMatch`,
      );
    }
  }

  const text = lines.join('\n');
  for (const s of [...never, ...input.fromEnv.map((f) => f.value)]) {
    if (s && text.includes(s)) throw new CurlError('the command would hold a secret');
  }
  return { lines, env: [...env].sort(), notes };
}

/** The first pair of header names one of which is the other followed by '-' (x-amz-…-key, x-amz-…-key-md5). */
function prefixSharing(names: string[]): [string, string] | null {
  for (const a of names) for (const b of names) if (b.startsWith(`${a}-`)) return [a, b];
  return null;
}

/** How long what the harness signed holds: a V2 Date's 15 minutes, a POST policy's expiration. */
function validity(input: CurlRequest, named: (n: string) => string | undefined, body: Buffer | undefined): string[] {
  if (input.policyAuth) {
    const policy = body ? formField(body, 'policy') : undefined;
    let expiration: string | undefined;
    try {
      expiration = policy ? (JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as { expiration?: string }).expiration : undefined;
    } catch {
      expiration = undefined;
    }
    const sig = input.auth === 'v4' ? 'x-amz-signature' : 'signature';
    return [`the form carries the policy and its signature (${sig}) the harness computed: the endpoint accepts them until the policy's expiration, ${expiration ?? 'unknown'}`];
  }
  if (input.auth === 'v2') {
    const date = named('date');
    const at = date ? Date.parse(date) : NaN;
    const until = Number.isNaN(at) ? 'unknown' : new Date(at + V2_SKEW_MS).toISOString().replace('.000Z', 'Z');
    return [`the Authorization holds the V2 signature the harness computed over this Date (${date ?? 'none'}): S3 accepts a Date up to 15 minutes off its clock, so the command works until about ${until}`];
  }
  return [`curl signs the request as it sends it (--aws-sigv4), so the command does not expire; curl adds Accept: */*, which the SDK does not send (and which an older curl cannot leave out of a V4-signed request)`];
}

/** A multipart/form-data field's value (one line), or undefined. */
function formField(body: Buffer, name: string): string | undefined {
  return new RegExp(`content-disposition: form-data; name="${name}"\\r\\n\\r\\n([^\\r\\n]*)\\r\\n`, 'i').exec(body.toString('latin1'))?.[1];
}

/**
 * The body, written byte for byte to "$body": its text lines (a form's fields, an XML document) with
 * printf, so that a person reads them and a key in them comes from its variable; the rest (object
 * data, a form's file) as base64.
 */
function bodyScript(body: Buffer, input: CurlRequest, keyParts: (t: string) => Part[]): string[] {
  const s = body.toString('latin1');
  let prefixEnd = 0;
  let suffixStart = s.length;
  if (!/^[\x20-\x7e]*(?:\r\n[\x20-\x7e]*)*$/.test(s)) {
    // A text head of whole lines, a binary middle, a text tail of lines each after a CRLF.
    for (;;) {
      const eol = s.indexOf('\r\n', prefixEnd);
      if (eol < 0 || !printableAscii(s.slice(prefixEnd, eol))) break;
      prefixEnd = eol + 2;
    }
    const tail = /(?:\r\n[\x20-\x7e]*)+$/.exec(s.slice(prefixEnd));
    suffixStart = tail ? prefixEnd + tail.index : s.length;
  }
  const out = ['{'];
  out.push(...textLines(s.slice(0, prefixEnd), keyParts));
  if (prefixEnd < suffixStart) {
    const middle = body.subarray(prefixEnd, suffixStart);
    for (const f of input.fromEnv) if (f.value && middle.includes(f.value)) throw new CurlError('a secret is in binary data of the body');
    out.push(`base64 -d <<'${EOF_MARK}'`, ...(middle.toString('base64').match(/.{1,76}/g) ?? []), EOF_MARK);
  }
  out.push(...textLines(s.slice(suffixStart), keyParts));
  out.push('} > "$body"');
  return out;
}

/** printf lines writing text exactly: one printf per form part (a line starting with --), CRLF after every line but the last. */
function textLines(text: string, keyParts: (t: string) => Part[]): string[] {
  if (!text) return [];
  const pieces = text.split('\r\n');
  const last = pieces.pop()!;
  const out: string[] = [];
  let group: string[] = [];
  const flush = () => {
    if (group.length) out.push(`printf '%s\\r\\n' ${group.join(' ')}`);
    group = [];
  };
  for (const p of pieces) {
    if (p.startsWith('--') || group.length >= 8) flush();
    group.push(arg(keyParts(p)));
  }
  flush();
  if (last) out.push(`printf '%s' ${arg(keyParts(last))}`);
  return out;
}
