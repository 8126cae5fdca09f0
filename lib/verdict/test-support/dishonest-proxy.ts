// A dishonest endpoint for the judge's tests: a proxy on 127.0.0.1 in front of the reference
// endpoint's two listeners (TLS terminated here with the same certificate, so the same CA file
// works) that can rewrite any answer, delay the forwarding of a request, or answer by itself.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import type { Target } from '../../config/settings';
import { targetOf } from '../../engine/embedded-target';
import { isTrustedMarked, TRUSTED_MARK } from '../../engine/trusted-mark';
import type { ReferenceEndpoint } from '../../reference-endpoint';
import { generateCertificate } from '../../reference-endpoint/certificate';

export interface ProxiedRequest {
  scheme: 'http' | 'https';
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /**
   * The harness's trusted path; false for requests under test and controls. Known only by the test
   * mark (lib/engine/trusted-mark.ts: runs started by runAgainst, or with RunHooks.markTrusted): nothing
   * else tells them apart. The mark is taken off before the request goes on: the endpoint never sees it.
   */
  sdk: boolean;
}

export interface ProxiedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Decides the answer; `forward()` sends the request upstream (now, or later) and returns what came back. */
export type Behaviour = (req: ProxiedRequest, forward: () => Promise<ProxiedAnswer>) => Promise<ProxiedAnswer>;

export interface DishonestProxy {
  target: Target;
  close(): Promise<void>;
}

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startDishonestProxy(ep: ReferenceEndpoint, behave: Behaviour): Promise<DishonestProxy> {
  const ca = fs.readFileSync(ep.caFile);
  const upstream = { http: new URL(ep.http), https: new URL(ep.https) };
  const handler = (scheme: 'http' | 'https') => async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const body = await readAll(req);
      const sdk = isTrustedMarked(req.headers);
      const sent = { ...req.headers };
      delete sent[TRUSTED_MARK];
      const pr: ProxiedRequest = { scheme, method: req.method ?? 'GET', url: req.url ?? '/', headers: sent, body, sdk };
      const forward = (): Promise<ProxiedAnswer> =>
        new Promise((resolve, reject) => {
          const u = upstream[scheme];
          const lib = scheme === 'https' ? https : http;
          const up = lib.request({ host: u.hostname, port: u.port, method: pr.method, path: pr.url, headers: pr.headers, ...(scheme === 'https' ? { ca } : {}), agent: false }, (ur) => {
            readAll(ur).then((b) => resolve({ status: ur.statusCode ?? 502, headers: ur.headers, body: b }), reject);
          });
          up.on('error', reject);
          up.end(body);
        });
      const answer = await behave(pr, forward);
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      if (pr.method !== 'HEAD') headers['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, headers as http.OutgoingHttpHeaders);
      res.end(pr.method === 'HEAD' ? undefined : answer.body);
    } catch (e) {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(e));
    }
  };
  const tls = await generateCertificate();
  // The handler catches its own failures; nothing awaits its promise.
  const plain = http.createServer((req, res) => void handler('http')(req, res));
  const secure = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => void handler('https')(req, res));
  await Promise.all([plain, secure].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const port = (s: http.Server) => (s.address() as AddressInfo).port;
  return {
    target: { ...targetOf(ep), http: `http://127.0.0.1:${port(plain)}`, https: `https://127.0.0.1:${port(secure)}` },
    async close() {
      for (const s of [plain, secure]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

/** Whether a request asks for or unlocks server-side encryption by its headers. */
export function carriesSse(req: ProxiedRequest): boolean {
  return Object.keys(req.headers).some((h) => h.startsWith('x-amz-server-side-encryption') || h.startsWith('x-amz-copy-source-server-side-encryption'));
}

export function errorAnswer(status: number, code: string, message = 'refused'): ProxiedAnswer {
  return { status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`) };
}

export const isAccepted = (a: ProxiedAnswer): boolean => a.status >= 200 && a.status < 300 && !/<Error[\s>]/.test(a.body.toString());
