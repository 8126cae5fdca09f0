import * as http from 'node:http';
import * as https from 'node:https';
import type { Agents } from './agents';

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  durationMs: number;
}

export type TransportErrorKind = 'timeout' | 'refused' | 'reset' | 'tls' | 'other';

/** No answer at all: never a rejection, always an ERROR verdict. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly durationMs: number,
  ) {
    super(message);
  }
}

function classify(err: NodeJS.ErrnoException): TransportErrorKind {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || /socket hang up/.test(err.message)) return 'reset';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_OSSL|HOSTNAME/i.test(code) || /SSL|TLS|certificate/i.test(err.message)) return 'tls';
  return 'other';
}

/**
 * The most an answer to the request under test may carry. What it can legitimately hold is an
 * object the harness wrote (~1.5 KiB), an error document or a small XML result.
 */
export const MAX_ANSWER = 4 * 1024 * 1024;

/** Sends one request over the URL's protocol with a hard timeout covering connect to last byte. */
export function send(req: HttpRequest, agents: Agents, timeoutMs: number): Promise<HttpResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const isHttps = req.url.protocol === 'https:';
  const mod = isHttps ? https : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(req.body.length);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    };
    const r = mod.request(
      req.url,
      {
        method: req.method,
        headers,
        agent: isHttps ? agents.https : agents.http,
        // A reused keep-alive socket needs no handshake: servername must be a name, not an IP.
        servername: isHttps && !/^[\d.]+$|^\[/.test(req.url.hostname) ? req.url.hostname : undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const tooLarge = (detail: string) => {
          fail(new TransportError('other', `answer larger than ${MAX_ANSWER} bytes (${detail})`, elapsed()));
          res.destroy();
          r.destroy();
        };
        // (A HEAD answer declares the object's length and carries no body.)
        const declared = Number(res.headers['content-length']);
        if (req.method !== 'HEAD' && declared > MAX_ANSWER) return tooLarge(`Content-Length ${declared}`);
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER) tooLarge('read stopped there');
          else if (!settled) chunks.push(c);
        });
        res.on('error', (e) => fail(new TransportError(classify(e), `response: ${e.message}`, elapsed())));
        res.on('aborted', () => fail(new TransportError('reset', 'response aborted before its end', elapsed())));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(new TransportError('reset', 'connection closed before the response ended', elapsed()));
          settled = true;
          clearTimeout(timer);
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: out, body: Buffer.concat(chunks), durationMs: elapsed() });
        });
      },
    );
    const timer = setTimeout(() => {
      r.destroy();
      fail(new TransportError('timeout', `no complete answer within ${timeoutMs} ms`, elapsed()));
    }, timeoutMs);
    r.on('error', (e: NodeJS.ErrnoException) => fail(new TransportError(classify(e), `${e.code ?? 'error'}: ${e.message}`, elapsed())));
    r.end(req.body);
  });
}
