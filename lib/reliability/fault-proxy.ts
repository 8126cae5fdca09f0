import * as net from 'node:net';
import * as tls from 'node:tls';
import * as selfsigned from 'selfsigned';
import { isTrustedMarked } from '../engine/trusted-mark';

/**
 * What the proxy does to a connection or to one request on it.
 *
 * - `pass`: bytes go through untouched.
 * - `delay`: every chunk of the answer is held back `ms` (order kept): a slow endpoint.
 * - `reset`: the answer is cut after `afterBytes` bytes and the client socket destroyed.
 * - `stall`: the request is forwarded, the answer never is (the client must time out).
 * - `error-500` / `slowdown`: the request is not forwarded; the proxy answers an S3 error document
 *   itself (500 InternalError, 503 SlowDown) and closes the connection.
 * - `tls-garbage` / `tls-close` (connection level, raw mode on a TLS listener): the ClientHello gets
 *   plaintext garbage back, or the socket is destroyed mid-handshake.
 * - `drip` (mode 'http'): the request is forwarded; the answer's head goes back at once, then its
 *   body one byte every `everyMs` (no idle gap long enough for a per-socket timeout).
 * - `huge` (mode 'http'): the request is not forwarded; the proxy answers 200 with `bytes` zero bytes
 *   (declared in Content-Length, or chunked with no length), written only as fast as the client
 *   reads them (counted in stats.fabricatedBytes), and closes.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'stall' }
  | { kind: 'error-500' }
  | { kind: 'slowdown' }
  | { kind: 'tls-garbage' }
  | { kind: 'tls-close' }
  | { kind: 'drip'; everyMs: number }
  | { kind: 'huge'; bytes: number; chunked?: boolean };

export const PASS: Fault = { kind: 'pass' };

export interface ConnectionInfo {
  /** 1-based, in accept order. */
  connection: number;
}

export interface RequestInfo extends ConnectionInfo {
  /** 1-based over the whole proxy, in arrival order. */
  request: number;
  /** 1-based within its connection (keep-alive). */
  inConnection: number;
  method: string;
  /** The request target as sent (path and query). */
  target: string;
  /** Header names lower-cased; repeated headers joined with ', '. */
  headers: Record<string, string>;
}

export interface FaultProxyOptions {
  /** Where the bytes go: the endpoint's HTTP or HTTPS listener. */
  upstream: { host: string; port: number };
  /**
   * 'raw': a TCP pipe; faults are decided per connection (TLS stays end to end).
   * 'http': the client's bytes are plaintext HTTP/1.1 (an HTTP listener, or TLS terminated here):
   * requests are delimited and faults can be decided per request.
   */
  mode: 'raw' | 'http';
  /**
   * Terminate TLS here with this certificate and open TLS to the upstream (trusting `upstreamCa`):
   * the proxy then sees the HTTP requests of an HTTPS client. Only with mode 'http'.
   */
  terminateTls?: { cert: string; key: string; upstreamCa: string };
  /** Decided when a connection is accepted; default: pass. */
  onConnection?: (c: ConnectionInfo) => Fault;
  /** Decided when a request's head has arrived (mode 'http', connection fault 'pass'); default: pass. */
  onRequest?: (r: RequestInfo) => Fault;
}

export interface FaultProxyStats {
  connections: number;
  requests: number;
  /** Faults applied, by kind (per connection in raw mode, per request in http mode). */
  injected: Partial<Record<Fault['kind'], number>>;
  /** Body bytes of `huge` answers handed to the client's socket (it reads them, or they wait in its buffers). */
  fabricatedBytes: number;
  /** Every request seen in http mode, with the fault it got (bounded: the first 10,000). */
  log: (Pick<RequestInfo, 'request' | 'connection' | 'method' | 'target'> & { fault: Fault['kind']; sdk: boolean })[];
}

export interface FaultProxy {
  /** e.g. http://127.0.0.1:PORT or https://127.0.0.1:PORT (scheme as given). */
  url(scheme: 'http' | 'https'): string;
  port: number;
  stats: FaultProxyStats;
  /** Replaces the decisions for what arrives from now on. */
  setPolicy(p: Pick<FaultProxyOptions, 'onConnection' | 'onRequest'>): void;
  close(): Promise<void>;
}

const MAX_HEAD = 64 * 1024;
const MAX_LOG = 10_000;

function s3ErrorResponse(status: number, reason: string, code: string, message: string, method: string): Buffer {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<RequestId>FAULTPROXY</RequestId><HostId>fault-proxy</HostId></Error>`;
  const head =
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `x-amz-request-id: FAULTPROXY\r\nConnection: close\r\n\r\n`;
  return Buffer.from(method === 'HEAD' ? head : head + body);
}

const CANNED: Partial<Record<Fault['kind'], (method: string) => Buffer>> = {
  'error-500': (m) => s3ErrorResponse(500, 'Internal Server Error', 'InternalError', 'We encountered an internal error. Please try again.', m),
  slowdown: (m) => s3ErrorResponse(503, 'Slow Down', 'SlowDown', 'Please reduce your request rate.', m),
};

/** Chunks written after `ms`, in order, by one timer at a time. */
class DelayLine {
  private readonly queue: { at: number; chunk: Buffer | null }[] = [];
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly out: net.Socket,
    private readonly ms: number,
  ) {}

  push(chunk: Buffer | null): void {
    this.queue.push({ at: Date.now() + this.ms, chunk });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = Date.now();
      while (this.queue.length > 0 && this.queue[0]!.at <= now) {
        const { chunk } = this.queue.shift()!;
        if (this.out.destroyed) continue;
        if (chunk === null) this.out.end();
        else this.out.write(chunk);
      }
      this.schedule();
    }, Math.max(0, this.queue[0]!.at - Date.now()));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }
}

/** An answer's head at once, then its body one byte every `everyMs`, in order; `null` ends it once all is out. */
class DripLine {
  private head: Buffer | undefined = Buffer.alloc(0);
  private body: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly timer: NodeJS.Timeout;
  constructor(
    private readonly out: net.Socket,
    everyMs: number,
  ) {
    this.timer = setInterval(() => this.tick(), everyMs);
  }

  push(chunk: Buffer | null): void {
    if (chunk === null) {
      this.ended = true;
      return;
    }
    if (this.head === undefined) {
      this.body = Buffer.concat([this.body, chunk]);
      return;
    }
    this.head = Buffer.concat([this.head, chunk]);
    const end = this.head.indexOf('\r\n\r\n');
    if (end < 0) return;
    if (!this.out.destroyed) this.out.write(this.head.subarray(0, end + 4));
    this.body = this.head.subarray(end + 4);
    this.head = undefined;
  }

  private tick(): void {
    if (this.out.destroyed) return this.stop();
    if (this.head === undefined && this.body.length > 0) {
      this.out.write(this.body.subarray(0, 1));
      this.body = this.body.subarray(1);
    } else if (this.ended && this.body.length === 0) {
      if (this.head?.length) this.out.write(this.head);
      this.out.end();
      this.stop();
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const ZEROS = Buffer.alloc(64 * 1024);

/** Writes a `huge` answer, never faster than `out` drains, until it is all out or `out` is gone. */
function fabricate(out: net.Socket, f: Extract<Fault, { kind: 'huge' }>, method: string, stats: FaultProxyStats): void {
  const length = f.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${f.bytes}`;
  out.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n${length}\r\nConnection: close\r\n\r\n`);
  if (method === 'HEAD') return void out.end();
  let sent = 0;
  const pump = (): void => {
    while (sent < f.bytes) {
      if (out.destroyed) return;
      const n = Math.min(ZEROS.length, f.bytes - sent);
      const data = ZEROS.subarray(0, n);
      sent += n;
      stats.fabricatedBytes += n;
      const room = f.chunked ? out.write(Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), data, Buffer.from('\r\n')])) : out.write(data);
      if (!room) return void out.once('drain', pump);
    }
    if (out.destroyed) return;
    if (f.chunked) out.end('0\r\n\r\n');
    else out.end();
  };
  pump();
}

/** Incremental HTTP/1.1 request delimiter: head, then a Content-Length or chunked body. */
class RequestSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private state: 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' = 'head';
  private remaining = 0;

  constructor(
    private readonly onHead: (raw: Buffer, head: { method: string; target: string; headers: Record<string, string> }) => void,
    /** Bytes of the current request (head included, as received). */
    private readonly onBytes: (b: Buffer) => void,
    private readonly onEnd: () => void,
    private readonly onError: (why: string) => void,
  ) {}

  push(data: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    // Each turn consumes bytes or returns: bounded by the buffer's length.
    for (let guard = 0; guard <= this.buf.length + 8 && this.buf.length > 0; guard++) {
      if (this.state === 'head') {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buf.length > MAX_HEAD) this.onError('request head too large');
          return;
        }
        const raw = this.buf.subarray(0, end + 4);
        this.buf = this.buf.subarray(end + 4);
        const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
        const [method = '', target = ''] = lines[0]!.split(' ');
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const i = line.indexOf(':');
          if (i <= 0) continue;
          const k = line.slice(0, i).trim().toLowerCase();
          const v = line.slice(i + 1).trim();
          headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
        }
        this.onHead(raw, { method, target, headers });
        this.onBytes(raw);
        if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) this.state = 'chunk-size';
        else {
          this.remaining = Number(headers['content-length'] ?? 0) || 0;
          this.state = 'length';
          if (this.remaining === 0) this.finish();
        }
      } else if (this.state === 'length') {
        const take = this.buf.subarray(0, this.remaining);
        this.buf = this.buf.subarray(take.length);
        this.remaining -= take.length;
        this.onBytes(take);
        if (this.remaining === 0) this.finish();
      } else if (this.state === 'chunk-size' || this.state === 'trailer' || this.state === 'chunk-crlf') {
        const eol = this.buf.indexOf('\r\n');
        if (eol < 0) return;
        const line = this.buf.subarray(0, eol).toString('latin1');
        this.onBytes(this.buf.subarray(0, eol + 2));
        this.buf = this.buf.subarray(eol + 2);
        if (this.state === 'chunk-crlf') this.state = 'chunk-size';
        else if (this.state === 'trailer') {
          if (line === '') this.finish();
        } else {
          const size = parseInt(line.split(';')[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) return this.onError(`bad chunk size "${line}"`);
          if (size === 0) this.state = 'trailer';
          else {
            this.remaining = size;
            this.state = 'chunk-data';
          }
        }
      } else {
        const take = this.buf.subarray(0, this.remaining);
        this.buf = this.buf.subarray(take.length);
        this.remaining -= take.length;
        this.onBytes(take);
        if (this.remaining === 0) this.state = 'chunk-crlf';
      }
    }
  }

  private finish(): void {
    this.state = 'head';
    this.onEnd();
  }
}

/**
 * A fault-injecting proxy on 127.0.0.1 in front of one listener of an endpoint. Everything is
 * bounded: each connection lives until either side closes, or until close().
 */
export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  if (opts.terminateTls && opts.mode !== 'http') throw new Error('fault proxy: terminateTls needs mode "http"');
  let policy: Pick<FaultProxyOptions, 'onConnection' | 'onRequest'> = { onConnection: opts.onConnection, onRequest: opts.onRequest };
  const stats: FaultProxyStats = { connections: 0, requests: 0, injected: {}, fabricatedBytes: 0, log: [] };
  const sockets = new Set<net.Socket>();
  const count = (k: Fault['kind']) => {
    if (k !== 'pass') stats.injected[k] = (stats.injected[k] ?? 0) + 1;
  };
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // Errors end the connection (the other side is destroyed in 'close'): never an uncaught exception.
    s.on('error', () => s.destroy());
  };

  const handle = (client: net.Socket) => {
    track(client);
    const info: ConnectionInfo = { connection: ++stats.connections };
    const connFault = policy.onConnection?.(info) ?? PASS;
    count(connFault.kind);

    if (connFault.kind === 'tls-garbage' || connFault.kind === 'tls-close') {
      client.once('data', () => {
        if (connFault.kind === 'tls-close') client.destroy();
        else client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\nthis is not TLS\r\n');
      });
      return;
    }
    if ((connFault.kind === 'error-500' || connFault.kind === 'slowdown') && opts.mode === 'raw') {
      client.once('data', () => client.end(CANNED[connFault.kind]!('GET')));
      return;
    }

    const upstream: net.Socket = opts.terminateTls
      ? tls.connect({ host: opts.upstream.host, port: opts.upstream.port, ca: opts.terminateTls.upstreamCa })
      : net.connect({ host: opts.upstream.host, port: opts.upstream.port });
    track(upstream);
    // Set while the proxy answers by itself for as long as it takes (`huge`): the upstream is not needed.
    let ownAnswer = false;
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!ownAnswer) client.destroy();
    });

    // How the answer currently flowing back is treated.
    let answer: Fault = opts.mode === 'raw' ? connFault : PASS;
    let delay: DelayLine | undefined;
    let drip: DripLine | undefined;
    let answered = 0;
    const setAnswer = (f: Fault) => {
      answer = f;
      answered = 0;
      delay?.stop();
      delay = f.kind === 'delay' ? new DelayLine(client, f.ms) : undefined;
      drip?.stop();
      drip = f.kind === 'drip' ? new DripLine(client, f.everyMs) : undefined;
    };
    client.on('close', () => drip?.stop());
    setAnswer(answer);

    upstream.on('data', (chunk: Buffer) => {
      switch (answer.kind) {
        case 'stall':
          return;
        case 'delay':
          return delay!.push(chunk);
        case 'drip':
          return drip!.push(chunk);
        case 'reset': {
          const room = answer.afterBytes - answered;
          if (room > 0) client.write(chunk.subarray(0, room));
          answered += chunk.length;
          if (answered >= answer.afterBytes) {
            client.destroy();
            upstream.destroy();
          }
          return;
        }
        default:
          client.write(chunk);
      }
    });
    upstream.on('end', () => {
      if (answer.kind === 'delay') delay!.push(null);
      else if (answer.kind === 'drip') drip!.push(null);
      else if (answer.kind !== 'stall') client.end();
    });

    if (opts.mode === 'raw') {
      client.pipe(upstream);
      return;
    }

    // mode 'http': delimit requests, decide each one.
    let inConnection = 0;
    let current: Fault = PASS;
    let closing = false;
    let pendingCanned: string | undefined;
    const splitter = new RequestSplitter(
      (_raw, head) => {
        const req: RequestInfo = { ...info, request: ++stats.requests, inConnection: ++inConnection, ...head };
        current = connFault.kind !== 'pass' ? connFault : (policy.onRequest?.(req) ?? PASS);
        if (connFault.kind === 'pass') count(current.kind);
        if (stats.log.length < MAX_LOG) {
          stats.log.push({ request: req.request, connection: req.connection, method: req.method, target: req.target, fault: current.kind, sdk: isSdkRequest(req) });
        }
        if (ownsAnswer(current)) {
          // Not forwarded. Answer once the body is in, or at once when the client waits for 100-continue.
          if (/100-continue/i.test(head.headers.expect ?? '')) answerCanned(head.method);
          else pendingCanned = head.method;
        } else setAnswer(current);
      },
      (bytes) => {
        if (!ownsAnswer(current) && !closing && bytes.length) upstream.write(bytes);
      },
      () => {
        if (pendingCanned !== undefined) answerCanned(pendingCanned);
      },
      () => {
        client.destroy();
      },
    );
    const answerCanned = (method: string) => {
      pendingCanned = undefined;
      if (closing) return;
      closing = true;
      if (current.kind === 'huge') {
        ownAnswer = true;
        upstream.destroy();
        fabricate(client, current, method, stats);
        return;
      }
      upstream.destroy();
      client.end(CANNED[current.kind]!(method));
    };
    client.on('data', (d: Buffer) => {
      if (!closing) splitter.push(d);
    });
    client.on('end', () => upstream.end());
  };

  const server = opts.terminateTls
    ? tls.createServer({ cert: opts.terminateTls.cert, key: opts.terminateTls.key }, handle)
    : net.createServer(handle);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stats,
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    setPolicy(p) {
      policy = { ...p };
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Faults answered by the proxy itself: the request is not forwarded. */
function ownsAnswer(f: Fault): boolean {
  return CANNED[f.kind] !== undefined || f.kind === 'huge';
}

/**
 * Requests of the harness's trusted path. Nothing a real endpoint sees tells them apart (the V4
 * requests under test go out as the same SDK, header for header): runs under a fault proxy mark the
 * trusted path for it (RunHooks.markTrusted, lib/engine/trusted-mark.ts).
 */
export function isSdkRequest(r: Pick<RequestInfo, 'headers'>): boolean {
  return isTrustedMarked(r.headers);
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A self-signed certificate for 127.0.0.1 (CA:true, so it can be trusted directly) for a TLS-terminating proxy. */
export async function proxyCertificate(): Promise<{ cert: string; key: string }> {
  const r = await selfsigned.generate([{ name: 'commonName', value: 'sse-conformance fault proxy' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60 * 60 * 1000),
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: r.cert, key: r.private };
}
