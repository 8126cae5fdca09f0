// Secrets (secret key, SSE-C keys, signatures) must never reach a report or a log. The Redactor
// knows two things: the literal secrets it was given (in raw and url-encoded forms), and the
// places where S3 traffic carries secrets whatever their value (Authorization, SSE-C key headers,
// signature query parameters and form fields). Every method is idempotent: redacting twice is safe.

export const REDACTED = '[REDACTED]';

/** SSE-C key headers whose value is the key itself (the -MD5 headers are digests and may stay). */
const KEY_HEADERS = new Set([
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
]);
/** Headers replaced whole: bearer-like tokens with no public part worth keeping. */
const TOKEN_HEADERS = new Set(['x-amz-security-token', 'proxy-authorization']);

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
const PARAM_RE = new RegExp(`(^|[?&;\\s])(${NAMES_RE})=([^&\\s"'<>#]*)`, 'gi');
// `name: value` as a header line in a wire log, a V2 string-to-sign or a V4 canonical request;
// also `"name": "value"` when headers were serialised as JSON. `-MD5` names never match because
// the separator must follow the name directly. Only real header names: "Signature: ..." in prose stays.
const HEADER_NAMES_RE = [...KEY_HEADERS, ...TOKEN_HEADERS].map(escapeRegExp).join('|');
const HEADER_LINE_RE = new RegExp(`(^|[\\s"'{,])(${HEADER_NAMES_RE})(["']?[ \\t]*:[ \\t]*["']?)([^\\r\\n"']*)`, 'gim');
// An Authorization value inside text (wire log line, JSON); the value is rewritten by authorization().
const AUTH_LINE_RE = /(^|[\s"'{,])(authorization)(["']?[ \t]*:[ \t]*["']?)([^\r\n"']*)/gim;
// multipart/form-data (POST Object): the field's value follows the part headers' blank line.
const FORM_FIELD_RE = new RegExp(
  `(content-disposition:[ \\t]*form-data;[ \\t]*name="(?:${NAMES_RE})"[^\\r\\n]*(?:\\r?\\n[^\\r\\n]+)*\\r?\\n\\r?\\n)([^\\r\\n]*)`,
  'gi',
);
// S3 error documents (SignatureDoesNotMatch) echo the signature and byte dumps of what was signed,
// which can hold an SSE-C key in hex: none of them is needed to read a report.
const XML_RE = /(<(SignatureProvided|StringToSignBytes|CanonicalRequestBytes)>)([\s\S]*?)(<\/\2>)/gi;

export class Redactor {
  private readonly secrets = new Set<string>();
  private secretsRe: RegExp | null = null;

  constructor(secrets: string[] = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret; its url-encoded forms (upper- and lower-case hex) are redacted too. */
  add(secret: string): void {
    if (!secret) return; // an empty "secret" would match everywhere
    const encoded = encodeURIComponent(secret);
    for (const form of [secret, encoded, encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())]) this.secrets.add(form);
    this.secretsRe = null;
  }

  /** Redacts every registered secret and every known secret-bearing pattern in free text. */
  text(s: string): string {
    let out = this.literal(s);
    out = out.replace(XML_RE, (_m, open: string, _name: string, _body: string, close: string) => `${open}${REDACTED}${close}`);
    out = out.replace(FORM_FIELD_RE, (_m, head: string) => `${head}${REDACTED}`);
    out = out.replace(AUTH_LINE_RE, (_m, pre: string, name: string, sep: string, value: string) => `${pre}${name}${sep}${authorization(value)}`);
    out = out.replace(HEADER_LINE_RE, (_m, pre: string, name: string, sep: string) => `${pre}${name}${sep}${REDACTED}`);
    out = out.replace(PARAM_RE, (_m, pre: string, name: string) => `${pre}${name}=${REDACTED}`);
    return out;
  }

  /** Flattens a header map (arrays joined with ", ", undefined dropped) and redacts the values. */
  headers(h: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(h)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      const lower = name.toLowerCase();
      if (KEY_HEADERS.has(lower) || TOKEN_HEADERS.has(lower)) out[name] = REDACTED;
      else if (lower === 'authorization') out[name] = this.literal(authorization(value));
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

  /** Registered secrets only, longest first so a secret containing another goes whole. */
  private literal(s: string): string {
    if (this.secrets.size === 0) return s;
    if (!this.secretsRe) {
      const forms = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.secretsRe = new RegExp(forms.join('|'), 'g');
    }
    return s.replace(this.secretsRe, REDACTED);
  }
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
