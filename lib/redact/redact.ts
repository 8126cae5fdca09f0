// Secrets (secret key, SSE-C keys, signatures) must never reach a report or a log. The Redactor
// knows two things: the secrets it was given, in every encoding an endpoint could echo them in
// (addSecretKey, addKey), and the shapes secrets have whatever their value (Authorization and
// SSE-C key headers, V2 `AWS id:signature`, V4 signatures, signature query parameters and form
// fields), anywhere in the text. Every method is idempotent: redacting twice is safe.

import { Matcher } from './matcher';

export const REDACTED = '[REDACTED]';

/** Texts up to this long are remembered with their redaction (header names and values, codes). */
const MEMO_MAX_LENGTH = 256;
const MEMO_ENTRIES = 4096;
/**
 * How far past a cut a secret-bearing field found by its shape may reach: a name, a separator and
 * its value (a V4 signature is 64 hex digits; a V2 one or a url-encoded key value, a few hundred).
 */
const PATTERN_REACH = 1024;

/** SSE-C key headers whose value is the key itself (the -MD5 headers are digests and may stay). */
const KEY_HEADERS = new Set([
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
]);
/** Headers replaced whole: bearer-like tokens with no public part worth keeping. */
const TOKEN_HEADERS = new Set(['x-amz-security-token', 'proxy-authorization']);
const WHOLE_VALUE_HEADERS = [...KEY_HEADERS, ...TOKEN_HEADERS];

// Names (query parameters, form fields, header-like lines) whose value is secret, whatever it is.
const SECRET_NAMES = [
  'x-amz-copy-source-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-security-token',
  'x-amz-signature',
  'signature',
];
const NAMES_RE = SECRET_NAMES.map(escapeRegExp).join('|');

// `name=value` in a query string or a urlencoded body. The name must start the parameter, so
// `X-Amz-Credential` (kept: it names the access key id, not a secret) is never touched.
const PARAM_RE = new RegExp(`(^|[?&;\\s,"'>(])(${NAMES_RE})=([^&\\s"'<>#,]*)`, 'gi');
// `name: value` as a header line in a wire log, a V2 string-to-sign or a V4 canonical request;
// also `"name": "value"` when headers were serialised as JSON. `-MD5` names never match because
// the separator must follow the name directly. Only real header names: "Signature: ..." in prose stays.
// A prefix is allowed (`x-echo-x-amz-server-side-encryption-customer-key: ...`): an endpoint may
// echo a request header under a name of its own.
const HEADER_NAMES_RE = [...KEY_HEADERS, ...TOKEN_HEADERS].map(escapeRegExp).join('|');
const HEADER_LINE_RE = new RegExp(`(^|[\\s"'{,_-])(${HEADER_NAMES_RE})(["']?[ \\t]*:[ \\t]*["']?)([^\\r\\n"']*)`, 'gim');
// An Authorization value inside text (wire log line, JSON); the value is rewritten by authorization().
const AUTH_LINE_RE = /(^|[\s"'{,_-])(authorization)(["']?[ \t]*:[ \t]*["']?)([^\r\n"']*)/gim;
// A V2 signature wherever it is (an echoed header, an error message): `AWS <access key id>:<base64
// HMAC-SHA1>`, the base64 possibly url-encoded. The access key id stays.
const V2_RE = /(\bAWS[ \t]+[A-Za-z0-9._~+/=-]{1,128}:)((?:[A-Za-z0-9+/]|%2[BbFf]){20,}(?:=|%3[Dd]){0,2})/g;
// A V4 signature (64 hex digits) right after one of the names that carry it, whatever the separator
// (`=`, `: `, `":"`, `%3D`, an XML tag): the names themselves are not secret.
const V4_RE = /((?:x-amz-|chunk-)?signature(?:provided)?(?:["'>]?[ \t]*(?:=|:|%3[Dd])[ \t]*["']?|>))([0-9a-fA-F]{64})(?![0-9a-fA-F])/gi;
// multipart/form-data (POST Object): the field's value follows the part headers' blank line.
const FORM_FIELD_RE = new RegExp(
  `(content-disposition:[ \\t]*form-data;[ \\t]*name="(?:${NAMES_RE})"[^\\r\\n]{0,1024}(?:\\r?\\n[^\\r\\n]{1,1024}){0,16}\\r?\\n\\r?\\n)([^\\r\\n]*)`,
  'gi',
);
// The same field flattened (an endpoint that echoes a form body in one line, its line breaks
// turned into spaces): a key- or signature-shaped token after the name, past any `Header: value`.
const FLAT_FIELD_RE = new RegExp(`(name=\\\\?["'](?:${NAMES_RE})\\\\?["'](?:\\s{1,16}[A-Za-z][A-Za-z0-9-]{0,64}:[ \\t]{0,16}\\S{1,1024}){0,16}\\s{1,16})([A-Za-z0-9+/=%_-]{16,})`, 'gi');
// S3 error documents (SignatureDoesNotMatch) echo the signature and byte dumps of what was signed,
// which can hold an SSE-C key in hex: none of them is needed to read a report.
// An element cut off before its end (an excerpt) is redacted to the end of the text.
const XML_RE = /(<(SignatureProvided|StringToSignBytes|CanonicalRequestBytes)>)([\s\S]*?)(<\/\2>|$)/gi;

export class Redactor {
  /** Registered forms, matched exactly or with ASCII letters in any case (hex, %XX escapes). */
  private readonly matcher = new Matcher();
  /**
   * Short texts already redacted, with what they became: a run redacts the same header names and
   * values thousands of times. Emptied whenever a form is registered (a text redacted before may
   * hold the new secret), and when full.
   */
  private readonly memo = new Map<string, string>();

  constructor(secrets: string[] = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret; its url-encoded forms (hex digits in either case) are redacted too. */
  add(secret: string): void {
    this.addForms(secret, false);
  }

  /**
   * Registers a request signature as soon as it is made, so that it is redacted however an endpoint
   * frames it (the patterns find signatures only by their names and shapes). Hex in any case. The
   * remembered texts stay: none of them can hold a signature that did not exist when it was redacted.
   */
  addSignature(signature: string): void {
    this.addForms(signature, true);
  }

  private addForms(secret: string, fresh: boolean): void {
    if (!secret) return; // an empty "secret" would match everywhere
    this.form(secret, /^[0-9a-f]+$/i.test(secret), fresh);
    const encoded = uriEncoded(secret);
    // %2f and %2F alike (the letters around them too: a near-impossible over-match, never a miss).
    if (encoded !== secret) this.form(encoded, true, fresh);
    // As a query is written by URLSearchParams (the trusted path's recorded URLs): '+' for a space, !'()~ escaped.
    const formEncoded = new URLSearchParams({ v: secret }).toString().slice(2);
    if (formEncoded !== encoded && formEncoded !== secret) this.form(formEncoded, true, fresh);
    // JSON encoders that escape '/' (PHP's, among others) would write `a\/b`.
    if (secret.includes('/')) this.form(secret.replace(/\//g, '\\/'), false, fresh);
  }

  /**
   * Registers the secret access key: itself, url-encoded, and base64 / base64url of it (with and
   * without padding), which is how an endpoint that knows it could echo it without saying so.
   */
  addSecretKey(secret: string): void {
    if (!secret) return;
    this.add(secret);
    const bytes = Buffer.from(secret, 'utf8');
    this.addBase64(bytes);
    this.form(bytes.toString('hex'), true);
  }

  /**
   * Registers an SSE-C key from its raw bytes, in every form it could come back in: base64 and
   * base64url (padded or not, url-encoded), hex in any case, the raw bytes (as a header or a body
   * decoded as latin1 or UTF-8 shows them) and the raw bytes percent-encoded. Its MD5 is not a
   * secret and is not registered.
   */
  addKey(raw: Buffer): void {
    if (raw.length < 8) return; // too short to be a key; would redact noise
    this.addBase64(raw);
    this.form(raw.toString('hex'), true);
    this.add(raw.toString('latin1'));
    this.add(raw.toString('utf8')); // lossy (U+FFFD) where the bytes are not UTF-8, but still the key
    // Every byte as %XX, and the encodeURIComponent way (unreserved bytes left as they are).
    this.form([...raw].map((b) => `%${hex2(b)}`).join(''), true);
    this.form([...raw].map((b) => (/[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${hex2(b)}`)).join(''), true);
  }

  /** base64 and base64url, each with and without its padding. */
  private addBase64(bytes: Buffer): void {
    const b64 = bytes.toString('base64');
    const padding = b64.slice(unpadded(b64).length);
    for (const form of [b64, `${bytes.toString('base64url')}${padding}`]) {
      this.add(form);
      this.add(unpadded(form));
    }
  }

  /** Registers an SSE-C key given as base64 (how the engine holds it). */
  addKeyB64(keyB64: string): void {
    if (keyB64) this.addKey(Buffer.from(keyB64, 'base64'));
    this.add(keyB64); // the exact text, whatever base64 decoding made of it
  }

  private form(text: string, anyCase = false, fresh = false): void {
    if (this.matcher.add(text, anyCase) && !fresh) this.memo.clear();
  }

  /** Redacts every registered secret and every known secret-bearing pattern in free text. */
  text(s: string): string {
    if (s.length > MEMO_MAX_LENGTH) return this.redactText(s);
    let out = this.memo.get(s);
    if (out === undefined) {
      out = this.redactText(s);
      if (this.memo.size >= MEMO_ENTRIES) this.memo.clear();
      this.memo.set(s, out);
    }
    return out;
  }

  /**
   * At most `max` characters of s, redacted before they are cut: a secret that straddles the cut
   * goes whole, instead of leaving its first part (which no registered form matches) in the excerpt.
   * `truncated` says whether s was longer than max.
   */
  excerpt(s: string, max: number): { text: string; truncated: boolean } {
    if (s.length <= max) return { text: this.text(s), truncated: false };
    // Past the cut: room for any registered form or secret-bearing field that starts before it.
    const reach = this.matcher.longest + PATTERN_REACH;
    let end = max + reach;
    let window = this.text(s.slice(0, end));
    // Redaction shrinks what it replaces, pulling later text forward: the window grows (doubling, so
    // that a text that redacts to almost nothing costs a few passes) until, redacted, it still reaches
    // `reach` past the cut, or holds all of s. Else a secret cut off at the window's end, and so
    // matched by nothing, could slide before the cut.
    while (end < s.length && window.length < max + reach) {
      end = Math.max(end * 2, end + max + reach - window.length);
      window = this.text(s.slice(0, end));
    }
    return { text: window.slice(0, max).replace(/[\ud800-\udbff]$/, ''), truncated: true };
  }

  /**
   * The bytes with every registered form found in them read as latin1 (raw SSE-C key bytes among
   * them) replaced, before any decoding: decoded as UTF-8, a key's first byte could join the byte
   * before it into one character, and the key's UTF-8 form would no longer be there to match.
   */
  bytes(b: Buffer): Buffer {
    const latin1 = b.toString('latin1');
    const out = this.literal(latin1);
    return out === latin1 ? b : Buffer.from(out, 'latin1');
  }

  /** Bytes an endpoint sent, as redacted UTF-8 text: redacted as bytes, decoded, redacted as text. */
  decoded(b: Buffer): string {
    return this.text(this.bytes(b).toString('utf8'));
  }

  private redactText(s: string): string {
    let out = this.literal(s);
    // Each pattern needs a word it cannot match without: most texts (header values) hold none, and
    // a run redacts tens of thousands of them. ([REDACTED] holds none of these words either.)
    const lower = out.toLowerCase();
    const has = (w: string) => lower.includes(w);
    const signature = has('signature');
    if (out.includes('AWS')) out = out.replace(V2_RE, (_m, head: string) => `${head}${REDACTED}`);
    if (signature) out = out.replace(V4_RE, (_m, head: string) => `${head}${REDACTED}`);
    if (signature || has('bytes>')) out = out.replace(XML_RE, (_m, open: string, _name: string, _body: string, close: string) => `${open}${REDACTED}${close}`);
    if (has('form-data')) out = out.replace(FORM_FIELD_RE, (_m, head: string) => `${head}${REDACTED}`);
    if (has('name=')) out = out.replace(FLAT_FIELD_RE, (_m, head: string) => `${head}${REDACTED}`);
    if (has('authorization')) out = out.replace(AUTH_LINE_RE, (_m, pre: string, name: string, sep: string, value: string) => `${pre}${name}${sep}${authorization(value)}`);
    if (has('customer-key') || has('security-token') || has('authorization')) out = out.replace(HEADER_LINE_RE, (_m, pre: string, name: string, sep: string) => `${pre}${name}${sep}${REDACTED}`);
    if (has('=') && (signature || has('customer-key') || has('security-token'))) out = out.replace(PARAM_RE, (_m, pre: string, name: string) => `${pre}${name}=${REDACTED}`);
    return out;
  }

  /** Flattens a header map (arrays joined with ", ", undefined dropped) and redacts the values. */
  headers(h: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [rawName, raw] of Object.entries(h)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      // An endpoint chooses its header names too: they go through the redactor like any text.
      const name = this.text(rawName);
      const lower = name.toLowerCase();
      // Also under a name of the endpoint's own that ends with one of these (`x-echo-authorization`).
      const keyLike = WHOLE_VALUE_HEADERS.some((k) => lower === k || lower.endsWith(`-${k}`));
      if (keyLike) out[name] = REDACTED;
      else if (lower === 'authorization' || lower.endsWith('-authorization')) out[name] = this.text(authorization(value));
      else out[name] = this.text(value);
    }
    return out;
  }

  /** Redacts signatures (and SSE-C keys, tokens) in a URL's query; X-Amz-Credential is kept. */
  url(u: string): string {
    // Regex on the string rather than URL parsing: the report must show the URL as it was sent,
    // not re-encoded. text() covers query parameters and registered secrets alike.
    return this.text(u);
  }

  /** Registered secrets only; overlapping ones go as one, so a secret containing another goes whole. */
  private literal(s: string): string {
    return this.matcher.replace(s, REDACTED);
  }
}

/** encodeURIComponent, or the text itself where it cannot be encoded (a lone surrogate). */
function uriEncoded(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

function unpadded(b64: string): string {
  return b64.replace(/=+$/, '');
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}


/**
 * Keeps what identifies the request (scheme, access key id, Credential, SignedHeaders) and drops
 * the signature: `AWS AKID:[REDACTED]`, `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=[REDACTED]`.
 * An unknown scheme keeps only its name.
 */
function authorization(value: string): string {
  const v2 = /^(\s*AWS[ \t]+[^:\s]+:)(.*)$/.exec(value);
  if (v2) return `${v2[1]}${REDACTED}`;
  if (/^\s*AWS4-/i.test(value)) {
    return /Signature=/i.test(value) ? value.replace(/(Signature=)[^,\s]*/gi, `$1${REDACTED}`) : value;
  }
  const scheme = /^\s*(\S+)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : value.trim() === '' ? value : REDACTED;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
