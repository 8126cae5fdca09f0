import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { sseResponseHeaders } from './sse';
import type { Fault } from './state';
import type { SseRecord } from './storage/records';
import { TestClient, completeXml, copySseCHeaders, customerKey, objectPath, sseCHeaders, uploadIdOf } from './test-support/client';

// The two faults behind the dishonest catalogue's key behaviours (config/dishonest/any-sse-c-key-opens.json,
// kms-default-key.json): each must really change behaviour, in exactly the way its description says.
const started: { ep: ReferenceEndpoint; client: TestClient }[] = [];

async function start(fault?: Fault) {
  const ep = await startReferenceEndpoint(fault ? { fault } : {});
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

const KEY_ID = 'x-amz-server-side-encryption-aws-kms-key-id';
const MD5 = 'x-amz-server-side-encryption-customer-key-md5';

// The status each request with another SSE-C key gets: a GET, a HEAD, a part into an SSE-C upload, a copy of an SSE-C source.
describe.each([
  ['no fault', undefined, { get: 403, head: 403, part: 403, copy: 403 }],
  ['fault: any-sse-c-key-opens', 'any-sse-c-key-opens', { get: 200, head: 200, part: 200, copy: 200 }],
  ['fault: head-key-unchecked', 'head-key-unchecked', { get: 403, head: 200, part: 403, copy: 403 }],
  ['fault: part-key-unchecked', 'part-key-unchecked', { get: 403, head: 403, part: 200, copy: 403 }],
  ['fault: copy-source-key-unchecked', 'copy-source-key-unchecked', { get: 403, head: 403, part: 403, copy: 200 }],
] as const)('SSE-C keys, %s', (_name, fault, want) => {
  let t: Awaited<ReturnType<typeof start>>;
  const k = customerKey();
  const body = 'customer-keyed bytes';
  beforeAll(async () => {
    t = await start(fault);
    expect((await t.client.send({ method: 'PUT', path: objectPath(t.ep.bucket, 'kf/ssec'), headers: sseCHeaders(k), body })).status).toBe(200);
  });

  test('no key: still refused (400); its own key: the bytes; stored sealed, never in clear', async () => {
    const path = objectPath(t.ep.bucket, 'kf/ssec');
    expect((await t.client.send({ method: 'GET', path })).status).toBe(400);
    expect((await t.client.send({ method: 'GET', path, headers: sseCHeaders(k) })).text).toBe(body);
    expect((await t.ep.rawStoredBytes(t.ep.bucket, 'kf/ssec'))!.toString()).not.toContain(body);
  });

  test('another key: GET and HEAD', async () => {
    const path = objectPath(t.ep.bucket, 'kf/ssec');
    const get = await t.client.send({ method: 'GET', path, headers: sseCHeaders(customerKey()) });
    expect(get.status).toBe(want.get);
    if (want.get === 200) {
      expect(get.text).toBe(body);
      // It names the object's key, not the one sent.
      expect(get.headers[MD5]).toBe(k.md5);
    }
    const head = await t.client.send({ method: 'HEAD', path, headers: sseCHeaders(customerKey()) });
    expect(head.status).toBe(want.head);
    if (want.head === 200) expect([head.headers['content-length'], head.headers[MD5]]).toEqual([String(body.length), k.md5]);
  });

  test('another key: a part into an SSE-C upload, and the object completed reads with the upload key', async () => {
    const path = objectPath(t.ep.bucket, 'kf/mpu');
    const uploadId = uploadIdOf(await t.client.send({ method: 'POST', path, query: 'uploads', headers: sseCHeaders(k) }));
    const own = await t.client.send({ method: 'PUT', path, query: `partNumber=1&uploadId=${uploadId}`, headers: sseCHeaders(k), body: 'part one' });
    expect(own.status).toBe(200);
    const other = await t.client.send({ method: 'PUT', path, query: `partNumber=2&uploadId=${uploadId}`, headers: sseCHeaders(customerKey()), body: 'part two' });
    expect(other.status).toBe(want.part);
    const done = await t.client.send({ method: 'POST', path, query: `uploadId=${uploadId}`, body: completeXml([{ n: 1, etag: own.headers.etag as string }]) });
    expect(done.status).toBe(200);
    expect((await t.client.send({ method: 'GET', path, headers: sseCHeaders(k) })).text).toBe('part one');
  });

  test('another key: the copy source key of a copy', async () => {
    const copy = await t.client.send({
      method: 'PUT',
      path: objectPath(t.ep.bucket, 'kf/copy'),
      headers: { 'x-amz-copy-source': `/${t.ep.bucket}/kf/ssec`, ...copySseCHeaders(customerKey()) },
    });
    expect(copy.status).toBe(want.copy);
    if (want.copy === 200) expect((await t.client.send({ method: 'GET', path: objectPath(t.ep.bucket, 'kf/copy') })).text).toBe(body);
  });
});

describe.each([
  ['no fault', undefined],
  ['fault: kms-default-key', 'kms-default-key'],
] as const)('SSE-KMS key ids, %s', (_name, fault) => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start(fault);
  });
  // What a read names: the key asked for without the fault, the default key with it.
  const used = () => (fault ? t.ep.kmsKeyId : t.ep.kmsKeyId2);
  const asking = () => ({ 'x-amz-server-side-encryption': 'aws:kms', [KEY_ID]: t.ep.kmsKeyId2 });

  test('PUT asking for the second key: the answer names it; GET and HEAD name the key used', async () => {
    const path = objectPath(t.ep.bucket, 'kf/kms');
    const put = await t.client.send({ method: 'PUT', path, headers: asking(), body: 'x' });
    expect(put.headers[KEY_ID]).toBe(t.ep.kmsKeyId2);
    expect((await t.client.send({ method: 'GET', path })).headers[KEY_ID]).toBe(used());
    expect((await t.client.send({ method: 'HEAD', path })).headers[KEY_ID]).toBe(used());
  });

  test('copy asking for the second key: likewise', async () => {
    await t.client.send({ method: 'PUT', path: objectPath(t.ep.bucket, 'kf/src'), body: 'src' });
    const path = objectPath(t.ep.bucket, 'kf/kms-copy');
    const copy = await t.client.send({ method: 'PUT', path, headers: { 'x-amz-copy-source': `/${t.ep.bucket}/kf/src`, ...asking() } });
    expect([copy.status, copy.headers[KEY_ID]]).toEqual([200, t.ep.kmsKeyId2]);
    expect((await t.client.send({ method: 'HEAD', path })).headers[KEY_ID]).toBe(used());
  });

  test('an upload asking for the second key: initiate, part and complete answers name it; the object read names the key used', async () => {
    const path = objectPath(t.ep.bucket, 'kf/kms-mpu');
    const init = await t.client.send({ method: 'POST', path, query: 'uploads', headers: asking() });
    expect(init.headers[KEY_ID]).toBe(t.ep.kmsKeyId2);
    const uploadId = uploadIdOf(init);
    const part = await t.client.send({ method: 'PUT', path, query: `partNumber=1&uploadId=${uploadId}`, body: 'part one' });
    expect(part.headers[KEY_ID]).toBe(t.ep.kmsKeyId2);
    const done = await t.client.send({ method: 'POST', path, query: `uploadId=${uploadId}`, body: completeXml([{ n: 1, etag: part.headers.etag as string }]) });
    expect(done.headers[KEY_ID]).toBe(t.ep.kmsKeyId2);
    const get = await t.client.send({ method: 'GET', path });
    expect([get.text, get.headers[KEY_ID]]).toEqual(['part one', used()]);
  });

  test('an unknown key id is still refused', async () => {
    const r = await t.client.send({ method: 'PUT', path: objectPath(t.ep.bucket, 'kf/none'), headers: { 'x-amz-server-side-encryption': 'aws:kms', [KEY_ID]: 'no-such-key' }, body: 'x' });
    expect([r.status, r.code]).toEqual([400, 'KMS.NotFoundException']);
  });
});

// A write's answer names the key asked for, a read's the key used: they differ only when a record
// carries `asked` (set only under the kms-default-key fault).
test.each<[string, SseRecord, 'write' | 'read' | undefined, string | undefined]>([
  ['KMS, no fault, write', { kind: 'sse-kms', keyId: 'k1', wrappedKey: Buffer.alloc(0) }, 'write', 'k1'],
  ['KMS, no fault, read', { kind: 'sse-kms', keyId: 'k1', wrappedKey: Buffer.alloc(0) }, 'read', 'k1'],
  ['KMS, no fault, default (write)', { kind: 'sse-kms', keyId: 'k1', wrappedKey: Buffer.alloc(0) }, undefined, 'k1'],
  ['KMS sealed under the default, k2 asked: write answers name k2', { kind: 'sse-kms', keyId: 'k1', wrappedKey: Buffer.alloc(0), asked: 'k2' }, 'write', 'k2'],
  ['KMS sealed under the default, k2 asked: read answers name k1', { kind: 'sse-kms', keyId: 'k1', wrappedKey: Buffer.alloc(0), asked: 'k2' }, 'read', 'k1'],
  ['SSE-C: no key id either way', { kind: 'sse-c', keyMd5: 'md5', salt: Buffer.alloc(16), fingerprint: Buffer.alloc(32) }, 'read', undefined],
  ['plain: nothing', { kind: 'plain' }, 'write', undefined],
])('sseResponseHeaders: %s', (_name, record, answering, keyId) => {
  expect(sseResponseHeaders(record, answering)[KEY_ID]).toBe(keyId);
});
