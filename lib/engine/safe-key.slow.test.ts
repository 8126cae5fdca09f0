import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { proxyCertificate } from '../reliability/fault-proxy';
import { caBundle, tempDir } from '../reliability/fault-run';
import { Engine } from './engine';
import { targetOf } from './embedded-target';
import { cleanupPrefix } from './trusted-ops';

// Issue 11 item 11: a listing is the endpoint's word. Here a hostile HTTPS front of the reference
// endpoint adds keys to every object and upload listing: `<prefix>../../victim` (passes a
// startsWith check; an endpoint that normalises dot segments deletes outside the prefix with it),
// an empty segment and a control character. Cleanup must delete its own objects, touch none of
// those (no request names them), and count them as skipped.

jest.setTimeout(30_000);

let ep: ReferenceEndpoint;
let server: https.Server;
let dir: string;
const seen: { method: string; url: string; body: string }[] = [];
let injected: string[] = [];

beforeAll(async () => {
  ep = await startReferenceEndpoint();
  dir = tempDir('safe-key');
  const cert = await proxyCertificate();
  const upstreamCa = fs.readFileSync(ep.caFile, 'utf8');
  const up = new URL(ep.https);
  server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, body: body.toString('utf8') });
      const fwd = https.request(
        { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers, ca: upstreamCa },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (d: Buffer) => parts.push(d));
          answer.on('end', () => {
            let text = Buffer.concat(parts).toString('utf8');
            const headers = { ...answer.headers };
            if (req.method === 'GET' && /[?&]list-type=2/.test(req.url!) && text.includes('</ListBucketResult>')) {
              text = text.replace('</ListBucketResult>', injected.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join('') + '</ListBucketResult>');
            } else if (req.method === 'GET' && /[?&]uploads/.test(req.url!) && text.includes('</ListMultipartUploadsResult>')) {
              text = text.replace('</ListMultipartUploadsResult>', injected.map((k) => `<Upload><Key>${k}</Key><UploadId>hostile</UploadId></Upload>`).join('') + '</ListMultipartUploadsResult>');
            } else {
              res.writeHead(answer.statusCode!, headers);
              res.end(Buffer.concat(parts));
              return;
            }
            delete headers['transfer-encoding'];
            headers['content-length'] = String(Buffer.byteLength(text));
            res.writeHead(answer.statusCode!, headers);
            res.end(text);
          });
        },
      );
      fwd.on('error', () => res.destroy());
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hostileCa = caBundle(dir, [cert.cert]);
});

let hostileCa: string;

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await ep?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('keys from a hostile listing with dot or empty segments or control characters are skipped and counted, never deleted', async () => {
  const port = (server.address() as AddressInfo).port;
  const engine = new Engine({ ...targetOf(ep), https: `https://127.0.0.1:${port}`, caFile: hostileCa }, { runId: 'hostile-listing', timeoutMs: 5000, strict: false, concurrency: 1 });
  const direct = new Engine(targetOf(ep), { runId: 'hostile-listing', timeoutMs: 5000, strict: false, concurrency: 1 });
  try {
    const prefix = engine.ctx.prefix;
    // Where `<prefix>../../victim` lands on an endpoint that resolves dot segments.
    const victim = prefix.split('/').slice(0, -3).concat('victim').join('/');
    await direct.ctx.trusted.send(new PutObjectCommand({ Bucket: ep.bucket, Key: victim, Body: 'victim' }));
    await direct.ctx.trusted.send(new PutObjectCommand({ Bucket: ep.bucket, Key: `${prefix}own`, Body: 'own' }));
    injected = [`${prefix}../../victim`, `${prefix}a//b`, `${prefix}x&#x1;y`];

    const r = await cleanupPrefix(engine.ctx, prefix);
    expect(r).toEqual({ deleted: 1, aborted: 0, skipped: 6 }); // three object keys, three uploads
    const deletes = seen.filter((s) => s.method === 'DELETE' || (s.method === 'POST' && s.url.includes('delete')));
    expect(deletes.length).toBeGreaterThan(0);
    for (const d of deletes) expect(`${decodeURIComponent(d.url)} ${d.body}`).not.toMatch(/\.\.\/\.\.\/victim|a\/\/b|uploadId=hostile|x&#x1;y|x\u0001y/i);
    await expect(direct.ctx.trusted.send(new HeadObjectCommand({ Bucket: ep.bucket, Key: victim }))).resolves.toBeDefined();
  } finally {
    injected = [];
    engine.close();
    direct.close();
  }
});
