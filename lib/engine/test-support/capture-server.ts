// A local S3-shaped server that records every request exactly as it came (header names in order and
// case, the target, the body) and answers each operation with a minimal success, so that a client
// (the AWS SDK, the harness's own signer) goes through its whole request path against it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  /** Path and query as sent. */
  target: string;
  /** [name, value] in the order and case they came. */
  headers: [string, string][];
  body: Buffer;
}

export interface CaptureServer {
  url: string;
  seen: Captured[];
  close(): Promise<void>;
}

function answer(req: http.IncomingMessage): string {
  const q = req.url ?? '';
  const copy = req.headers['x-amz-copy-source'] !== undefined;
  if (req.method === 'POST' && /[?&]uploads\b/.test(q)) return '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>';
  if (req.method === 'POST' && /[?&]uploadId=/.test(q)) return '<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"e"</ETag></CompleteMultipartUploadResult>';
  if (req.method === 'PUT' && copy && /[?&]partNumber=/.test(q)) return '<CopyPartResult><ETag>"e"</ETag></CopyPartResult>';
  if (req.method === 'PUT' && copy) return '<CopyObjectResult><ETag>"e"</ETag></CopyObjectResult>';
  if (req.method === 'GET') return 'hello';
  return '';
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const seen: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      seen.push({ method: req.method ?? '', target: req.url ?? '', headers, body: Buffer.concat(chunks) });
      const out = answer(req);
      res.writeHead(req.method === 'POST' && !/[?&]upload/.test(req.url ?? '') ? 204 : 200, {
        'content-type': 'application/xml',
        etag: '"e"',
        'content-length': req.method === 'HEAD' ? '5' : String(Buffer.byteLength(out)),
      });
      res.end(req.method === 'HEAD' ? undefined : out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The value of a header (first of that name, any case). */
export function headerOf(c: Captured, name: string): string | undefined {
  return c.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}
