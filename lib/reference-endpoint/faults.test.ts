import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint, type ReferenceEndpointOptions } from './index';
import { runCase } from './test-support/cases';
import { createHash } from 'node:crypto';
import { TestClient, completeXml, customerKey, objectPath, sseCHeaders, uploadIdOf } from './test-support/client';

// The deliberate faults the harness's self-checks rely on: each must really change behaviour.
const cases = new Map(expandProfile(loadProfile('obs')).map((c) => [c.id, c]));
const started: { ep: ReferenceEndpoint; client: TestClient }[] = [];

async function start(opts: ReferenceEndpointOptions) {
  const ep = await startReferenceEndpoint(opts);
  const client = new TestClient(ep);
  started.push({ ep, client });
  return { ep, client };
}
afterAll(async () => {
  for (const s of started) {
    s.client.close();
    await s.ep.close();
  }
});

describe('invert', () => {
  const accepted = 'sse-c/put-object/https-v4';
  const refused = 'sse-kms/get-object/http-v2';
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ invert: [accepted, refused] });
  });

  test('an accept cell is refused (400 InvalidArgument: the cell has no profile error) and stores nothing', async () => {
    const run = await runCase(t.client, cases.get(accepted)!);
    expect([run.act.status, run.act.code]).toEqual([400, 'InvalidArgument']);
    expect(run.act.text).toContain('inverted');
    expect(run.sideEffect).toBe(false);
  });

  test('a reject cell is accepted', async () => {
    const run = await runCase(t.client, cases.get(refused)!);
    expect(run.act.status).toBe(200);
    expect(run.readBackOk).toBe(true);
  });

  test('other cells are untouched', async () => {
    expect((await runCase(t.client, cases.get('sse-c/put-object/https-v2')!)).act.status).toBe(200);
    expect((await runCase(t.client, cases.get('sse-kms/get-object/http-v4')!)).act.status).toBe(400);
  });
});

describe('fault: plaintext', () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ fault: 'plaintext' });
  });

  test('SSE-C is accepted where the profile allows it, but stored in clear, echoed nowhere, readable without key', async () => {
    const k = customerKey();
    const path = objectPath(t.ep.bucket, 'pt/ssec');
    const put = await t.client.send({ method: 'PUT', path, headers: sseCHeaders(k), body: 'not really secret' });
    expect(put.status).toBe(200);
    expect(put.headers['x-amz-server-side-encryption-customer-algorithm']).toBeUndefined();
    expect((await t.ep.rawStoredBytes(t.ep.bucket, 'pt/ssec'))!.toString()).toBe('not really secret');
    expect((await t.client.send({ method: 'GET', path })).text).toBe('not really secret');
    expect((await t.client.send({ method: 'GET', path, headers: sseCHeaders(customerKey()) })).status).toBe(200);
  });

  test('SSE-KMS likewise', async () => {
    const put = await t.client.send({ method: 'PUT', path: objectPath(t.ep.bucket, 'pt/kms'), headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: 'clear' });
    expect(put.status).toBe(200);
    expect(put.headers['x-amz-server-side-encryption']).toBeUndefined();
    expect((await t.ep.rawStoredBytes(t.ep.bucket, 'pt/kms'))!.toString()).toBe('clear');
  });

  test('the profile still refuses what it refuses', async () => {
    const run = await runCase(t.client, cases.get('sse-c/put-object/http-v4')!);
    expect([run.act.status, run.act.code]).toEqual([400, 'InvalidRequest']);
  });
});

describe('fault: bookkeeping', () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ fault: 'bookkeeping' });
  });

  test('SSE-C: echoed and enforced as if encrypted (no key, wrong key: refused), yet stored in clear', async () => {
    const k = customerKey();
    const path = objectPath(t.ep.bucket, 'bk/ssec');
    const put = await t.client.send({ method: 'PUT', path, headers: sseCHeaders(k), body: 'bookkept secret' });
    expect(put.status).toBe(200);
    expect(put.headers['x-amz-server-side-encryption-customer-key-md5']).toBe(k.md5);
    // The ETag is not the plaintext's MD5, as for a really sealed object.
    expect(put.headers.etag).not.toBe(`"${createHash('md5').update('bookkept secret').digest('hex')}"`);
    expect((await t.client.send({ method: 'GET', path })).status).toBe(400);
    expect((await t.client.send({ method: 'GET', path, headers: sseCHeaders(customerKey()) })).status).toBe(403);
    expect((await t.client.send({ method: 'GET', path, headers: sseCHeaders(k) })).text).toBe('bookkept secret');
    expect((await t.ep.rawStoredBytes(t.ep.bucket, 'bk/ssec'))!.toString()).toBe('bookkept secret');
  });

  test('SSE-KMS, and a multipart upload, likewise', async () => {
    const put = await t.client.send({ method: 'PUT', path: objectPath(t.ep.bucket, 'bk/kms'), headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: 'clear' });
    expect(put.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect((await t.ep.rawStoredBytes(t.ep.bucket, 'bk/kms'))!.toString()).toBe('clear');
    const path = objectPath(t.ep.bucket, 'bk/mpu');
    const uploadId = uploadIdOf(await t.client.send({ method: 'POST', path, query: 'uploads', headers: { 'x-amz-server-side-encryption': 'aws:kms' } }));
    const part = await t.client.send({ method: 'PUT', path, query: `partNumber=1&uploadId=${uploadId}`, body: 'part one' });
    const done = await t.client.send({ method: 'POST', path, query: `uploadId=${uploadId}`, body: completeXml([{ n: 1, etag: part.headers.etag as string }]) });
    expect(done.status).toBe(200);
    expect((await t.ep.rawStoredBytes(t.ep.bucket, 'bk/mpu'))!.toString()).toBe('part one');
  });
});

describe('fault: refuse-v2', () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ fault: 'refuse-v2' });
  });

  test.each(['v2', 'v2-presign'] as const)('%s requests get 403 AccessDenied, even a plain GET', async (auth) => {
    const r = await t.client.send({ auth, method: 'PUT', path: objectPath(t.ep.bucket, `r2/${auth}`), body: 'x' });
    expect([r.status, r.code]).toEqual([403, 'AccessDenied']);
  });

  test('a POST with a V2 policy gets 403 AccessDenied; V4 POST works', async () => {
    expect((await t.client.post({ auth: 'v2', key: 'r2/post', file: Buffer.from('x') })).code).toBe('AccessDenied');
    expect((await t.client.post({ auth: 'v4', key: 'r2/post4', file: Buffer.from('x') })).status).toBe(204);
  });

  test('V4 is served', async () => {
    expect((await t.client.send({ auth: 'v4', method: 'PUT', path: objectPath(t.ep.bucket, 'r2/v4'), body: 'x' })).status).toBe(200);
    expect((await t.client.send({ auth: 'v4-presign', method: 'GET', path: objectPath(t.ep.bucket, 'r2/v4') })).text).toBe('x');
  });
});

describe('fault: error-500', () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start({ fault: 'error-500', bucket: 'faulty' });
  });

  test('object-level requests get 500 InternalError', async () => {
    for (const [method, query] of [['PUT', ''], ['GET', ''], ['HEAD', ''], ['DELETE', ''], ['POST', 'uploads']] as const) {
      const r = await t.client.send({ method, path: objectPath('faulty', 'e/x'), query, body: method === 'PUT' ? 'x' : undefined });
      expect(r.status).toBe(500);
      if (method !== 'HEAD') expect(r.code).toBe('InternalError');
    }
    expect((await t.client.post({ auth: 'v4', key: 'e/post', file: Buffer.from('x'), bucket: 'faulty' })).status).toBe(500);
  });

  test('bucket-level create and head still work', async () => {
    expect((await t.client.send({ method: 'HEAD', path: '/faulty' })).status).toBe(200);
    expect((await t.client.send({ method: 'PUT', path: '/another-bucket' })).status).toBe(200);
    expect((await t.client.send({ method: 'HEAD', path: '/another-bucket' })).status).toBe(200);
  });
});

test('an unknown fault name is refused at start', async () => {
  await expect(startReferenceEndpoint({ fault: 'explode' as never })).rejects.toThrow(/unknown fault/);
});
