import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProfile } from '../profile/load';
import { generateCertificate, startReferenceEndpoint } from './index';

function get(url: string, ca: string, servername?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    https.get({ host: u.hostname, port: u.port, path: '/', ca, servername, headers: servername ? { host: servername } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

test('starts in under a second (certificate included), serves HTTPS that the written CA file verifies', async () => {
  const t0 = Date.now();
  const ep = await startReferenceEndpoint();
  const elapsed = Date.now() - t0;
  try {
    expect(elapsed).toBeLessThan(1000);
    expect(ep.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ep.https).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = fs.readFileSync(ep.caFile, 'utf8');
    expect(ca).toContain('BEGIN CERTIFICATE');
    expect(await get(ep.https, ca)).toBe(403); // verified TLS (IP SAN); anonymous request refused
    expect(await get(ep.https, ca, 'localhost')).toBe(403); // DNS SAN
    expect([ep.region, ep.bucket, ep.kmsKeyId, ep.accessKeyId]).toEqual(['us-east-1', 'sse-conformance', 'sse-conformance-default', 'SSECONFORMANCEKEY']);
    expect(ep.secretAccessKey.length).toBeGreaterThanOrEqual(30);
  } finally {
    await ep.close();
  }
  expect(fs.existsSync(ep.caFile)).toBe(true); // still readable after close
  const second = await startReferenceEndpoint();
  expect(second.caFile).toBe(ep.caFile); // one certificate, one default file, per process
  await second.close();
});

test('options: fixed ports, profile object, bucket, credentials, caFile; close frees the ports and is idempotent', async () => {
  const free = () => new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
  const [hp, sp] = [await free(), await free()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-ref-idx-'));
  const caFile = path.join(dir, 'sub', 'ca.pem');
  const ep = await startReferenceEndpoint({ httpPort: hp, httpsPort: sp, profile: loadProfile('obs'), bucket: 'custom-bucket', accessKeyId: 'AK', secretAccessKey: 'SK', caFile });
  expect([ep.http, ep.https, ep.bucket, ep.accessKeyId, ep.secretAccessKey, ep.caFile]).toEqual([`http://127.0.0.1:${hp}`, `https://127.0.0.1:${sp}`, 'custom-bucket', 'AK', 'SK', caFile]);
  await Promise.all([ep.close(), ep.close()]);
  const again = await startReferenceEndpoint({ httpPort: hp, httpsPort: sp, caFile });
  await again.close();
  expect(fs.existsSync(caFile)).toBe(true); // a caller's CA file is left alone
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a port in use and a bad bucket name fail the start cleanly', async () => {
  const ep = await startReferenceEndpoint();
  const port = Number(new URL(ep.http).port);
  await expect(startReferenceEndpoint({ httpPort: port })).rejects.toThrow(/EADDRINUSE/);
  await expect(startReferenceEndpoint({ bucket: 'Bad_Bucket' })).rejects.toThrow(/bucket/);
  await ep.close();
});

test('generateCertificate is shared per process', async () => {
  expect(await generateCertificate()).toBe(await generateCertificate());
});
