import * as http from 'node:http';
import { adminRouteProbe } from '../at-rest/probe';
import { ADMIN_PATH, ADMIN_TOKEN_HEADER } from './admin';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { TestClient, customerKey, objectPath, sseCHeaders } from './test-support/client';

// The at-rest admin route `serve` opens: raw stored bytes, to loopback peers with the token only.
const token = 'T0ken-of-the-admin-route-0123456789';
let ep: ReferenceEndpoint;
let client: TestClient;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ atRestToken: token });
  client = new TestClient(ep);
  await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'adm/ssec'), headers: sseCHeaders(customerKey()), body: 'secret words' });
  await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'adm/plain'), body: 'plain words' });
});
afterAll(async () => {
  client.close();
  await ep.close();
});

function get(base: string, query: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(`${ADMIN_PATH}?${query}`, base), { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

test('with the token: the raw stored bytes (ciphertext for SSE-C), 404 for no object', async () => {
  const probe = adminRouteProbe(ep.http, token, { timeoutMs: 5000 });
  const sealed = await probe.read(ep.bucket, 'adm/ssec');
  expect(sealed.kind).toBe('bytes');
  expect((sealed as { bytes: Buffer }).bytes.equals((await ep.rawStoredBytes(ep.bucket, 'adm/ssec'))!)).toBe(true);
  expect((sealed as { bytes: Buffer }).bytes.includes('secret words')).toBe(false);
  expect(await probe.read(ep.bucket, 'adm/plain')).toEqual({ kind: 'bytes', bytes: Buffer.from('plain words'), stderr: '' });
  expect(await probe.read(ep.bucket, 'adm/none')).toEqual({ kind: 'not-found', stderr: '' });
});

test('without the token, or with a wrong one: 403, nothing read', async () => {
  const q = `bucket=${ep.bucket}&key=adm/plain`;
  for (const headers of [{}, { [ADMIN_TOKEN_HEADER]: 'wrong' }, { [ADMIN_TOKEN_HEADER]: `${token}x` }] as Record<string, string>[]) {
    const r = await get(ep.http, q, headers);
    expect(r.status).toBe(403);
    expect(r.body.includes('plain words')).toBe(false);
  }
  expect(await adminRouteProbe(ep.http, 'wrong', { timeoutMs: 5000 }).read(ep.bucket, 'adm/plain')).toMatchObject({ kind: 'error', message: 'admin route answered 403' });
});

test('an endpoint started without a token has no such route', async () => {
  const other = await startReferenceEndpoint();
  try {
    const r = await get(other.http, `bucket=${other.bucket}&key=k`, { [ADMIN_TOKEN_HEADER]: token });
    // An S3 answer (no bucket can be named ".sse-conformance"), not the admin route.
    expect(r.status).not.toBe(200);
    expect(r.body.toString()).toMatch(/<Error>/);
  } finally {
    await other.close();
  }
});
