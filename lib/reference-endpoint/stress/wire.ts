import * as aws4 from 'aws4';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { XMLParser } from 'fast-xml-parser';
import type { Protocol } from '../../profile/types';
import { signRequest } from '../../signing/sign';
import { presignV4 } from '../../signing/v4';
import { presignV2 } from '../../signing/v2-presign';
import type { ReferenceEndpoint } from '../index';

/**
 * Plumbing for the bad-input corpus: requests signed by the harness's signers (aws4 only where a
 * path must reach the wire unnormalised or a date must be signed verbatim), sent over
 * http.request or raw net/tls sockets, and answers parsed from raw bytes.
 */

export type AuthMode = 'v4' | 'v2' | 'v4-presign' | 'v2-presign' | 'none';

/** A request before signing. `path` and `query` go on the wire exactly as written. */
export interface Req {
  protocol: Protocol;
  auth: AuthMode;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Signing time (default now). */
  date?: Date;
  /** V4: sign this literal x-amz-date (e.g. an impossible calendar date) instead of `date`. */
  amzDate?: string;
}

/** A signed request: header lines in order (duplicates allowed), the target as sent. */
export interface Signed {
  protocol: Protocol;
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
  version: string;
}

export const sha256Hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
export const md5B64 = (b: Buffer | string): string => createHash('md5').update(b).digest('base64');

/** True when WHATWG URL parsing leaves the path alone (no dot segments, nothing it re-encodes). */
function urlSafe(path: string): boolean {
  return new URL(`http://h${path}`).pathname === path;
}

export async function sign(ep: ReferenceEndpoint, r: Req): Promise<Signed> {
  const base = r.protocol === 'https' ? ep.https : ep.http;
  const target = r.query ? `${r.path}?${r.query}` : r.path;
  const creds = { accessKeyId: ep.accessKeyId, secretAccessKey: ep.secretAccessKey };
  let headers: Record<string, string> = { ...r.headers };
  if (r.body.length && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = String(r.body.length);
  let sentTarget = target;
  const host = new URL(base).host;
  if (r.auth === 'v4' && (r.amzDate !== undefined || !urlSafe(r.path))) {
    // aws4 (the verifier's own library) signs the raw path and a literal date.
    const lower: Record<string, string> = { host, ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) };
    lower['x-amz-date'] = r.amzDate ?? (r.date ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
    lower['x-amz-content-sha256'] ??= sha256Hex(r.body);
    const opts: aws4.Request = { host, method: r.method, path: target, headers: lower, service: 's3', region: ep.region, body: r.body };
    aws4.sign(opts, creds);
    headers = Object.fromEntries(Object.entries(opts.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
  } else if (r.auth === 'v4' || r.auth === 'v2') {
    headers = await signRequest({ method: r.method, url: new URL(`${base}${urlSafe(r.path) ? target : '/'}`), headers, body: r.body }, r.auth, creds, ep.region, target, { date: r.date });
    headers.host ??= host;
  } else if (r.auth === 'v4-presign') {
    const u = await presignV4({ method: r.method, url: new URL(`${base}${target}`), headers, body: r.body }, creds, ep.region, 900, { date: r.date });
    sentTarget = `${u.pathname}${u.search}`;
    headers.host ??= host;
  } else if (r.auth === 'v2-presign') {
    const expires = Math.floor((r.date ?? new Date()).getTime() / 1000) + 900;
    const u = presignV2(r.method, new URL(`${base}${target}`), target, creds, expires, headers);
    sentTarget = `${u.pathname}${u.search}`;
    headers.host ??= host;
  } else {
    headers.host ??= host;
  }
  return { protocol: r.protocol, method: r.method, target: sentTarget, headers: Object.entries(headers), body: r.body, version: 'HTTP/1.1' };
}

// Header list helpers (names compared case-insensitively).
export const getHeader = (s: Signed, name: string): string | undefined => s.headers.find(([k]) => k.toLowerCase() === name)?.[1];
export function setHeader(s: Signed, name: string, value: string): void {
  const i = s.headers.findIndex(([k]) => k.toLowerCase() === name);
  if (i < 0) s.headers.push([name, value]);
  else s.headers[i] = [s.headers[i]![0], value];
}
export function delHeader(s: Signed, name: string): void {
  s.headers = s.headers.filter(([k]) => k.toLowerCase() !== name);
}

export function serialize(s: Signed, body: Buffer = s.body): Buffer {
  const head = `${s.method} ${s.target} ${s.version}\r\n${s.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Errors that mean the server hung up on us (anything else means the request never went out as meant). */
export const HANG_UP = /ECONNRESET|EPIPE|socket hang up/;

/** What came back for one case. */
export interface Outcome {
  /** Complete responses parsed from the wire, in order. */
  responses: { status: number; headers: Record<string, string>; body: Buffer }[];
  /** Bytes after the last complete response (a cut response, or not HTTP at all). */
  rest: Buffer;
  closed: boolean;
  timedOut: boolean;
  /** Client-side error (ECONNRESET...), informational. */
  error?: string;
}

/** Responses in a byte stream (every answer of the endpoint has a Content-Length). */
export function parseResponses(buf: Buffer, head: boolean): Pick<Outcome, 'responses' | 'rest'> {
  const responses: Outcome['responses'] = [];
  let pos = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', pos);
    if (end < 0) break;
    const lines = buf.subarray(pos, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!);
    if (!m) break;
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const c = l.indexOf(':');
      if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
    }
    const status = Number(m[1]);
    const length = head || status === 204 || status === 304 || status < 200 ? 0 : Number(headers['content-length'] ?? 0);
    if (end + 4 + length > buf.length) break;
    responses.push({ status, headers, body: buf.subarray(end + 4, end + 4 + length) });
    pos = end + 4 + length;
  }
  return { responses, rest: buf.subarray(pos) };
}

export interface RawPlan {
  /** Written in order, each after the previous one was flushed. */
  chunks: Buffer[];
  /** After writing: 'half-close' ends our side; 'keep' waits for the answer. */
  after?: 'half-close' | 'keep';
  /** Read until the server closes (pipelined garbage, cut bodies); else stop after one response. */
  untilClose?: boolean;
  /** Plain TCP to the HTTPS port: what comes back is TLS records, not HTTP. */
  tcpToTls?: boolean;
  head?: boolean;
}

const WAIT_MS = 5_000;

export function rawExchange(ep: ReferenceEndpoint, protocol: Protocol, plan: RawPlan): Promise<Outcome> {
  const u = new URL(protocol === 'https' ? ep.https : ep.http);
  const port = Number(u.port);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closed = false;
    let timedOut = false;
    let error: string | undefined;
    let settled = false;
    const sock: net.Socket =
      protocol === 'https' && !plan.tcpToTls ? tls.connect({ host: u.hostname, port, ca: fs.readFileSync(ep.caFile) }) : net.connect(port, u.hostname);
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const buf = Buffer.concat(chunks);
      resolve({ ...(plan.tcpToTls ? { responses: [], rest: buf } : parseResponses(buf, !!plan.head)), closed, timedOut, error });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      finish();
    }, WAIT_MS);
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      if (!plan.untilClose && !plan.tcpToTls && parseResponses(Buffer.concat(chunks), !!plan.head).responses.length > 0) finish();
    });
    sock.on('close', () => {
      closed = true;
      finish();
    });
    sock.on('error', (e) => {
      error = e.message;
    });
    // Cannot reject: a failed write still calls back, and a socket error lands in `error` above.
    const send = async () => {
      for (const c of plan.chunks) {
        if (sock.destroyed) break;
        await new Promise<void>((r) => sock.write(c, () => r()));
      }
      if (plan.after === 'half-close' && !sock.destroyed) sock.end();
    };
    sock.once(protocol === 'https' && !plan.tcpToTls ? 'secureConnect' : 'connect', () => void send());
  });
}

/** Through Node's HTTP client (what a normal client can send): fresh connection, no agent. */
export function httpExchange(ep: ReferenceEndpoint, s: Signed): Promise<Outcome> {
  const u = new URL(s.protocol === 'https' ? ep.https : ep.http);
  const mod = s.protocol === 'https' ? https : http;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of s.headers) {
    const prev = headers[k];
    headers[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (!settled) resolve(o);
      settled = true;
    };
    const req = mod.request(
      {
        host: u.hostname,
        port: u.port,
        method: s.method,
        path: s.target,
        headers,
        agent: false,
        setHost: false,
        // The chain is verified; the name is not, as Node would check it against a tampered Host header.
        ...(s.protocol === 'https' ? { ca: fs.readFileSync(ep.caFile), servername: undefined, checkServerIdentity: () => undefined } : {}),
      },
      (res) => {
        const body: Buffer[] = [];
        res.on('data', (c: Buffer) => body.push(c));
        res.on('end', () => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v);
          done({ responses: [{ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(body) }], rest: Buffer.alloc(0), closed: false, timedOut: false });
        });
        res.on('error', (e) => done({ responses: [], rest: Buffer.alloc(0), closed: true, timedOut: false, error: e.message }));
      },
    );
    req.setTimeout(WAIT_MS, () => {
      done({ responses: [], rest: Buffer.alloc(0), closed: false, timedOut: true });
      req.destroy();
    });
    req.on('error', (e) => done({ responses: [], rest: Buffer.alloc(0), closed: true, timedOut: false, error: e.message }));
    req.end(s.body);
  });
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

/** The <Code> of an S3 error document, or undefined when the body is not one. */
export function errorCode(body: Buffer): string | undefined {
  const text = body.toString('utf8');
  if (!text.trim().startsWith('<')) return undefined;
  try {
    const doc = xml.parse(text) as { Error?: { Code?: string } };
    return typeof doc.Error?.Code === 'string' ? doc.Error.Code : undefined;
  } catch {
    return undefined;
  }
}

/** A TLS ClientHello as Node sends it, captured on a throwaway loopback listener. */
export function captureClientHello(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((s) => {
      s.once('data', (d: Buffer) => {
        resolve(d);
        s.destroy();
        server.close();
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      const c = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
      c.on('error', () => undefined);
      c.setTimeout(2_000, () => {
        c.destroy();
        server.close();
        reject(new Error('no ClientHello captured'));
      });
    });
  });
}
