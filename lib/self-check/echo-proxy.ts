// Test support (not a test): the worst listener a harness holding secrets can talk to. A proxy on
// 127.0.0.1 in front of an endpoint (HTTP and HTTPS, TLS terminated here) that writes every
// request header, the request body, every SSE-C key it saw in every encoding and the secret access
// key back into every answer: as x-echo-* response headers, and inside the body (the <Message> of
// an error document, an extra element of any other XML document). It also refuses some trusted
// (SDK) requests itself with such an error, so that arrange and verify steps fail with the echo
// as their message. It records every secret that crossed it, for the scan of what the harness wrote.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { proxyCertificate } from '../reliability/fault-proxy';

export interface EchoProxy {
  http: string;
  https: string;
  /** PEM the harness must trust for the proxy's HTTPS listener. */
  caPem: string;
  /** Every secret that crossed the proxy: SSE-C keys (raw bytes, by base64) and signatures. */
  seen: { sseCKeys: Map<string, Buffer>; signatures: Set<string> };
  stats: { requests: number; refused: number; echoedErrors: number };
  /** Changes how often trusted requests are refused, from now on. */
  setRefuseEvery(n: number): void;
  close(): Promise<void>;
}

export interface EchoProxyOptions {
  upstream: { http: string; https: string; caPem: string };
  /** The endpoint knows it, so a hostile one can echo it: written back raw, url-encoded and in base64. */
  secretAccessKey: string;
  /**
   * Every n-th request that carries an SDK invocation id is refused by the proxy with a 400 echo error
   * (0: never): the trusted path's (the run's, and `cleanup`'s) and, alike, the requests under test that
   * go out as the AWS SDK (V4) or botocore (V2): nothing an endpoint sees tells them apart.
   */
  refuseEvery?: number;
}

const KEY_HEADERS = ['x-amz-server-side-encryption-customer-key', 'x-amz-copy-source-server-side-encryption-customer-key'];
const MAX_BODY = 64 * 1024 * 1024;
const HEADER_ECHO_MAX = 2048;

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A header value may hold neither control characters nor a line break. */
// eslint-disable-next-line no-control-regex -- strips control characters
const headerSafe = (s: string): string => s.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ').slice(0, HEADER_ECHO_MAX);

/** The forms of a secret an endpoint could answer with. */
function keyForms(raw: Buffer): Record<string, string> {
  const b64 = raw.toString('base64');
  return {
    base64: b64,
    base64url: raw.toString('base64url'),
    'url-encoded': encodeURIComponent(b64),
    hex: raw.toString('hex'),
    HEX: raw.toString('hex').toUpperCase(),
  };
}

export function secretKeyForms(secret: string): Record<string, string> {
  return { raw: secret, 'url-encoded': encodeURIComponent(secret), base64: Buffer.from(secret).toString('base64') };
}

function collectSecrets(req: http.IncomingMessage, body: Buffer, seen: EchoProxy['seen']): { keys: Buffer[]; signatures: string[] } {
  const keys: Buffer[] = [];
  const signatures: string[] = [];
  const addSignature = (sig: string) => {
    seen.signatures.add(sig);
    signatures.push(sig);
  };
  const addKey = (b64: string) => {
    const raw = Buffer.from(b64.trim(), 'base64');
    if (raw.length === 0) return;
    seen.sseCKeys.set(raw.toString('base64'), raw);
    keys.push(raw);
  };
  for (const h of KEY_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string') addKey(v);
  }
  const auth = String(req.headers.authorization ?? '');
  const v2 = /^AWS [^:]+:(\S+)$/.exec(auth);
  if (v2) addSignature(v2[1]!);
  const v4 = /Signature=([0-9a-f]{64})/.exec(auth);
  if (v4) addSignature(v4[1]!);
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  for (const name of ['X-Amz-Signature', 'Signature']) {
    const v = query.get(name);
    if (v) addSignature(v);
  }
  // POST Object: the key and the policy signature are form fields.
  if (/multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))) {
    const text = body.toString('latin1');
    for (const m of text.matchAll(/name="([^"]+)"[^\r\n]*(?:\r\n[^\r\n]+)*\r\n\r\n([^\r\n]*)/gi)) {
      const name = m[1]!.toLowerCase();
      if (KEY_HEADERS.includes(name)) addKey(m[2]!);
      if (name === 'signature' || name === 'x-amz-signature') addSignature(m[2]!);
    }
  }
  return { keys, signatures };
}

/** Everything the request carried, and every form of its secrets, as text and as raw bytes. */
function echoOf(req: http.IncomingMessage, body: Buffer, { keys, signatures }: { keys: Buffer[]; signatures: string[] }, secret: string): { headers: Record<string, string>; text: string; rawKeys: Buffer[] } {
  const headers: Record<string, string> = {};
  const lines: string[] = [`${req.method} ${req.url}`];
  for (const [name, value] of Object.entries(req.headers)) {
    const v = Array.isArray(value) ? value.join(', ') : String(value ?? '');
    headers[`x-echo-${name}`] = headerSafe(v);
    lines.push(`${name}: ${v}`);
  }
  keys.forEach((raw, i) => {
    for (const [form, v] of Object.entries(keyForms(raw))) {
      headers[`x-echo-key${i}-${form.toLowerCase() === form ? form : 'hex-upper'}`] = v;
      lines.push(`key ${i} as ${form}: ${v}`);
    }
  });
  // Glued to other letters and digits: no pattern that finds a signature by its name and shape sees these.
  signatures.forEach((sig, i) => {
    headers[`x-echo-sig${i}`] = `x${sig}0`;
    lines.push(`glued ${i}: x${sig}0`);
  });
  for (const [form, v] of Object.entries(secretKeyForms(secret))) {
    headers[`x-echo-secret-${form}`] = v;
    lines.push(`secret key as ${form}: ${v}`);
  }
  const bodyText = body.subarray(0, 8192).toString('latin1');
  headers['x-echo-body'] = headerSafe(bodyText);
  lines.push(`body: ${bodyText}`);
  return { headers, text: lines.join('\n'), rawKeys: keys };
}

/** The echo inside a body: the text XML-escaped, then each key's raw bytes. */
function echoBytes(echo: { text: string; rawKeys: Buffer[] }): Buffer {
  return Buffer.concat([Buffer.from(xmlEscape(echo.text), 'latin1'), ...echo.rawKeys.flatMap((k) => [Buffer.from(' raw key: '), k])]);
}

function errorDocument(code: string, echo: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>You sent: `),
    echo,
    Buffer.from('</Message><RequestId>ECHO</RequestId></Error>'),
  ]);
}

/** Puts the echo into the answer's body: an error's Message, or an extra element of another XML document. */
function withEcho(status: number, contentType: string, body: Buffer, echo: Buffer): Buffer {
  const text = body.toString('latin1');
  if (status >= 300 && /<Message>/.test(text)) {
    return Buffer.from(text.replace(/<Message>/, `<Message>You sent: ${echo.toString('latin1')} `), 'latin1');
  }
  if (/xml/i.test(contentType) || text.startsWith('<?xml')) {
    const close = text.lastIndexOf('</');
    if (close > 0) return Buffer.from(`${text.slice(0, close)}<Echo>${echo.toString('latin1')}</Echo>${text.slice(close)}`, 'latin1');
  }
  return body; // object data stays as the endpoint sent it
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) req.destroy(new Error('echo proxy: request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startEchoProxy(opts: EchoProxyOptions): Promise<EchoProxy> {
  const seen: EchoProxy['seen'] = { sseCKeys: new Map(), signatures: new Set() };
  const stats: EchoProxy['stats'] = { requests: 0, refused: 0, echoedErrors: 0 };
  let refuseEvery = opts.refuseEvery ?? 0;
  let trustedCount = 0;
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ca: opts.upstream.caPem }) };

  const handler = (scheme: 'http' | 'https') => async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      stats.requests++;
      const body = await readBody(req);
      const secrets = collectSecrets(req, body, seen);
      const echo = echoOf(req, body, secrets, opts.secretAccessKey);
      const inBody = echoBytes(echo);
      // The SDKs send amz-sdk-invocation-id: the trusted path, and the V4 and V2 requests under test.
      const sdk = req.headers['amz-sdk-invocation-id'] !== undefined;
      const headBucket = req.method === 'HEAD' && !/^\/[^/]+\/./.test(req.url ?? '/');
      if (sdk && refuseEvery > 0 && !headBucket && ++trustedCount % refuseEvery === 0) {
        stats.refused++;
        const doc = errorDocument('InvalidRequest', inBody);
        res.writeHead(400, { ...echo.headers, 'content-type': 'application/xml', 'content-length': String(req.method === 'HEAD' ? 0 : doc.length) });
        res.end(req.method === 'HEAD' ? undefined : doc);
        return;
      }
      const target = new URL(scheme === 'http' ? opts.upstream.http : opts.upstream.https);
      const send = scheme === 'http' ? http.request : https.request;
      const up = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const r = send({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: agents[scheme] }, resolve);
        r.on('error', reject);
        r.end(body);
      });
      const upBody = await readBody(up);
      const status = up.statusCode ?? 502;
      const out = req.method === 'HEAD' ? upBody : withEcho(status, String(up.headers['content-type'] ?? ''), upBody, inBody);
      if (status >= 300) stats.echoedErrors++;
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && k !== 'transfer-encoding' && k !== 'content-length') headers[k] = v;
      // HEAD keeps the upstream's Content-Length (the size of what a GET would return).
      const length = req.method === 'HEAD' ? String(up.headers['content-length'] ?? 0) : String(out.length);
      res.writeHead(status, { ...headers, ...echo.headers, 'content-length': length });
      res.end(req.method === 'HEAD' ? undefined : out);
    } catch (e) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`echo proxy: ${(e as Error).message}`);
    }
  };

  const cert = await proxyCertificate();
  // The handler answers every failure itself (its catch), so its promise never rejects.
  const plain = http.createServer((req, res) => void handler('http')(req, res));
  const tls = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => void handler('https')(req, res));
  const listen = (s: http.Server) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });
  const [httpPort, httpsPort] = [await listen(plain), await listen(tls)];
  return {
    http: `http://127.0.0.1:${httpPort}`,
    https: `https://127.0.0.1:${httpsPort}`,
    caPem: cert.cert,
    seen,
    stats,
    setRefuseEvery(n) {
      refuseEvery = n;
    },
    async close() {
      for (const s of [plain, tls]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
