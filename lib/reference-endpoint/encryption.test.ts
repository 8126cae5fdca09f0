import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SECOND_KMS_KEY_ID } from './keyring';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { TestClient, completeXml, copySseCHeaders, customerKey, objectPath, sseCHeaders, uploadIdOf } from './test-support/client';

const PLAINTEXT = Buffer.from('TOP-SECRET-PLAINTEXT '.repeat(40));

let ep: ReferenceEndpoint;
let client: TestClient;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ minPartSize: 16 });
  client = new TestClient(ep);
});
afterAll(async () => {
  client.close();
  await ep.close();
});

const p = (key: string) => objectPath(ep.bucket, key);
const put = (key: string, headers: Record<string, string> = {}, body: Buffer = PLAINTEXT) => client.send({ method: 'PUT', path: p(key), headers, body });
const get = (key: string, headers: Record<string, string> = {}) => client.send({ method: 'GET', path: p(key), headers });

describe('read-back and ciphertext at rest', () => {
  test('plain objects are stored as they are', async () => {
    expect((await put('enc/plain')).status).toBe(200);
    expect((await get('enc/plain')).body.equals(PLAINTEXT)).toBe(true);
    expect((await ep.rawStoredBytes(ep.bucket, 'enc/plain'))!.equals(PLAINTEXT)).toBe(true);
  });

  test('SSE-C: read back with the key, stored bytes are not the plaintext', async () => {
    const k = customerKey();
    expect((await put('enc/ssec', sseCHeaders(k))).status).toBe(200);
    const r = await get('enc/ssec', sseCHeaders(k));
    expect(r.body.equals(PLAINTEXT)).toBe(true);
    expect(r.headers['x-amz-server-side-encryption-customer-key-md5']).toBe(k.md5);
    const raw = (await ep.rawStoredBytes(ep.bucket, 'enc/ssec'))!;
    expect(raw.includes(Buffer.from('TOP-SECRET'))).toBe(false);
    expect(raw.includes(k.key)).toBe(false);
    expect(raw.length).toBe(PLAINTEXT.length + 28); // IV + GCM tag
  });

  test.each([[undefined], [SECOND_KMS_KEY_ID]])('SSE-KMS (key id %s): read back without any key, stored bytes are not the plaintext', async (keyId) => {
    const key = `enc/kms-${keyId ?? 'default'}`;
    const headers: Record<string, string> = { 'x-amz-server-side-encryption': 'aws:kms', ...(keyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': keyId } : {}) };
    const w = await put(key, headers);
    expect(w.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(keyId ?? ep.kmsKeyId);
    const r = await get(key);
    expect(r.body.equals(PLAINTEXT)).toBe(true);
    expect(r.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect((await ep.rawStoredBytes(ep.bucket, key))!.includes(Buffer.from('TOP-SECRET'))).toBe(false);
  });

  test('two objects with the same plaintext and key differ at rest (fresh IVs, fresh data keys)', async () => {
    const k = customerKey();
    await put('enc/same1', sseCHeaders(k));
    await put('enc/same2', sseCHeaders(k));
    await put('enc/kms1', { 'x-amz-server-side-encryption': 'aws:kms' });
    await put('enc/kms2', { 'x-amz-server-side-encryption': 'aws:kms' });
    const raw = async (key: string) => (await ep.rawStoredBytes(ep.bucket, key))!;
    expect((await raw('enc/same1')).equals(await raw('enc/same2'))).toBe(false);
    expect((await raw('enc/kms1')).equals(await raw('enc/kms2'))).toBe(false);
  });

  test('ranges decrypt only what is asked', async () => {
    const k = customerKey();
    await put('enc/range', sseCHeaders(k));
    const r = await get('enc/range', { ...sseCHeaders(k), range: 'bytes=4-9' });
    expect(r.status).toBe(206);
    expect(r.text).toBe(PLAINTEXT.subarray(4, 10).toString());
    expect(r.headers['content-range']).toBe(`bytes 4-9/${PLAINTEXT.length}`);
    const tail = await get('enc/range', { ...sseCHeaders(k), range: 'bytes=-5' });
    expect(tail.body.equals(PLAINTEXT.subarray(-5))).toBe(true);
    const bad = await get('enc/range', { ...sseCHeaders(k), range: `bytes=${PLAINTEXT.length}-` });
    expect([bad.status, bad.code]).toEqual([416, 'InvalidRange']);
  });

  test('multipart SSE-C and SSE-KMS objects read back across part boundaries, ciphertext at rest', async () => {
    for (const kind of ['sse-c', 'sse-kms'] as const) {
      const k = customerKey();
      const sse = kind === 'sse-c' ? sseCHeaders(k) : { 'x-amz-server-side-encryption': 'aws:kms' };
      const partHeaders = kind === 'sse-c' ? sseCHeaders(k) : {};
      const key = `enc/mp-${kind}`;
      const uploadId = uploadIdOf(await client.send({ method: 'POST', path: p(key), query: 'uploads', headers: sse }));
      const chunks = [PLAINTEXT.subarray(0, 300), PLAINTEXT.subarray(300, 600), PLAINTEXT.subarray(600)];
      const etags: string[] = [];
      for (const [i, c] of chunks.entries()) {
        const r = await client.send({ method: 'PUT', path: p(key), query: `partNumber=${i + 1}&uploadId=${uploadId}`, headers: partHeaders, body: c });
        expect(r.status).toBe(200);
        etags.push(String(r.headers.etag));
      }
      const done = await client.send({ method: 'POST', path: p(key), query: `uploadId=${uploadId}`, headers: partHeaders, body: completeXml(etags.map((etag, i) => ({ n: i + 1, etag }))) });
      expect(done.status).toBe(200);
      expect(String(done.headers.etag ?? (done.xml?.CompleteMultipartUploadResult as { ETag: string }).ETag)).toMatch(/-3"$/);
      expect((await get(key, partHeaders)).body.equals(PLAINTEXT)).toBe(true);
      const across = await get(key, { ...partHeaders, range: 'bytes=290-610' });
      expect(across.body.equals(PLAINTEXT.subarray(290, 611))).toBe(true);
      expect((await ep.rawStoredBytes(ep.bucket, key))!.includes(Buffer.from('TOP-SECRET'))).toBe(false);
    }
  });
});

describe('SSE-C key handling', () => {
  const k = customerKey();
  beforeAll(async () => {
    await put('keys/ssec', sseCHeaders(k));
    await put('keys/plain');
  });

  test('GET/HEAD without the key: 400 InvalidRequest; with another key: 403 AccessDenied', async () => {
    expect([(await get('keys/ssec')).status, (await get('keys/ssec')).code]).toEqual([400, 'InvalidRequest']);
    const wrong = await get('keys/ssec', sseCHeaders(customerKey()));
    expect([wrong.status, wrong.code]).toEqual([403, 'AccessDenied']);
    expect((await client.send({ method: 'HEAD', path: p('keys/ssec'), headers: sseCHeaders(customerKey()) })).status).toBe(403);
    expect((await client.send({ method: 'HEAD', path: p('keys/ssec') })).status).toBe(400);
    const head = await client.send({ method: 'HEAD', path: p('keys/ssec'), headers: sseCHeaders(k) });
    expect(head.status).toBe(200);
    expect(head.headers['x-amz-server-side-encryption-customer-algorithm']).toBe('AES256');
    expect(head.headers['content-length']).toBe(String(PLAINTEXT.length));
  });

  test('SSE-C headers on a plain object: 400 InvalidRequest', async () => {
    expect((await get('keys/plain', sseCHeaders(k))).code).toBe('InvalidRequest');
  });

  test.each([
    ['MD5 not matching', () => ({ ...sseCHeaders(k), 'x-amz-server-side-encryption-customer-key-MD5': customerKey().md5 }), 'InvalidArgument'],
    ['key not base64', () => ({ ...sseCHeaders(k), 'x-amz-server-side-encryption-customer-key': '!!!not-base64!!!' }), 'InvalidArgument'],
    ['key of 16 bytes', () => ({ ...sseCHeaders(k), 'x-amz-server-side-encryption-customer-key': Buffer.alloc(16).toString('base64') }), 'InvalidArgument'],
    ['algorithm not AES256', () => ({ ...sseCHeaders(k), 'x-amz-server-side-encryption-customer-algorithm': 'AES128' }), 'InvalidEncryptionAlgorithmError'],
    ['key header missing', () => ({ 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }), 'InvalidArgument'],
    ['SSE-C and aws:kms together', () => ({ ...sseCHeaders(k), 'x-amz-server-side-encryption': 'aws:kms' }), 'InvalidArgument'],
    ['unknown KMS key id', () => ({ 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'no-such-key' }), 'KMS.NotFoundException'],
    ['unknown SSE value', () => ({ 'x-amz-server-side-encryption': 'rot13' }), 'InvalidArgument'],
  ])('PUT with %s is refused with 400 %s', async (name, headers, code) => {
    const key = `keys/bad-${name.replace(/\W+/g, '-')}`;
    const r = await put(key, headers());
    expect([r.status, r.code]).toEqual([400, code]);
    expect(await ep.rawStoredBytes(ep.bucket, key)).toBeUndefined();
  });

  test('the key never reaches the stored bytes or the catalog in clear', async () => {
    const raw = (await ep.rawStoredBytes(ep.bucket, 'keys/ssec'))!;
    expect(raw.includes(k.key)).toBe(false);
  });

  test('copy from an SSE-C source needs the copy-source key', async () => {
    const copy = (h: Record<string, string>) => client.send({ method: 'PUT', path: p('keys/copied'), headers: { 'x-amz-copy-source': p('keys/ssec'), ...h } });
    expect((await copy({})).code).toBe('InvalidRequest');
    expect((await copy(copySseCHeaders(customerKey()))).status).toBe(403);
    const ok = await copy({ ...copySseCHeaders(k), 'x-amz-server-side-encryption': 'aws:kms' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect((await get('keys/copied')).body.equals(PLAINTEXT)).toBe(true);
  });

  test('parts of an SSE-C upload need the upload key', async () => {
    const uploadId = uploadIdOf(await client.send({ method: 'POST', path: p('keys/mp'), query: 'uploads', headers: sseCHeaders(k) }));
    const part = (h: Record<string, string>) => client.send({ method: 'PUT', path: p('keys/mp'), query: `partNumber=1&uploadId=${uploadId}`, headers: h, body: 'part' });
    expect((await part({})).code).toBe('InvalidRequest');
    expect((await part(sseCHeaders(customerKey()))).code).toBe('AccessDenied');
    const ok = await part(sseCHeaders(k));
    expect(ok.status).toBe(200);
    expect(ok.headers['x-amz-server-side-encryption-customer-key-md5']).toBe(k.md5);
  });
});

describe('dataDir', () => {
  let dir: string;
  let disk: ReferenceEndpoint;
  let c: TestClient;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-ref-data-'));
    disk = await startReferenceEndpoint({ dataDir: path.join(dir, 'data') });
    c = new TestClient(disk);
  });
  afterAll(async () => {
    c.close();
    await disk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const files = () => fs.readdirSync(path.join(dir, 'data')).map((f) => fs.readFileSync(path.join(dir, 'data', f)));

  test('SSE-C and SSE-KMS objects are ciphertext on disk; a plain one is not', async () => {
    const k = customerKey();
    expect((await c.send({ method: 'PUT', path: objectPath(disk.bucket, 'd/ssec'), headers: sseCHeaders(k), body: PLAINTEXT })).status).toBe(200);
    expect((await c.send({ method: 'PUT', path: objectPath(disk.bucket, 'd/kms'), headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: PLAINTEXT })).status).toBe(200);
    expect(files()).toHaveLength(2);
    for (const f of files()) {
      expect(f.includes(Buffer.from('TOP-SECRET'))).toBe(false);
      expect(f.includes(k.key)).toBe(false);
    }
    expect((await c.send({ method: 'GET', path: objectPath(disk.bucket, 'd/ssec'), headers: sseCHeaders(k) })).body.equals(PLAINTEXT)).toBe(true);
    expect((await c.send({ method: 'PUT', path: objectPath(disk.bucket, 'd/plain'), body: PLAINTEXT })).status).toBe(200);
    expect(files().some((f) => f.equals(PLAINTEXT))).toBe(true);
  });

  test('a key with ../ is refused and writes nothing (file names never derive from keys anyway)', async () => {
    const before = fs.readdirSync(dir).sort();
    const blobs = fs.readdirSync(path.join(dir, 'data')).sort();
    const key = '../../../../escape/../../etc/x';
    // V2 signs the raw resource; the harness's V4 signer goes through WHATWG URL, which collapses `..`.
    const r = await c.send({ auth: 'v2', method: 'PUT', path: `/${disk.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, body: 'escape?' });
    expect([r.status, r.code]).toEqual([400, 'InvalidArgument']);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.readdirSync(path.join(dir, 'data')).sort()).toEqual(blobs);
    expect(await disk.rawStoredBytes(disk.bucket, key)).toBeUndefined();
  });

  test('overwrite and delete free the old files', async () => {
    const n = files().length;
    await c.send({ method: 'PUT', path: objectPath(disk.bucket, 'd/plain'), body: 'v2' });
    await c.send({ method: 'DELETE', path: objectPath(disk.bucket, 'd/kms') });
    await new Promise((r) => setTimeout(r, 50));
    expect(files()).toHaveLength(n - 1);
  });
});
