import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { signV4 } from '../signing/v4';
import { credentialScope, hmacSha256Hex, sha256Hex, signingKeyV4 } from '../signing/v4-key';
import { hmacSha1Base64, stringToSignV2 } from '../signing/v2';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { TestClient, customerKey, objectPath, sseCHeaders } from './test-support/client';

let ep: ReferenceEndpoint;
let client: TestClient;
beforeAll(async () => {
  ep = await startReferenceEndpoint();
  client = new TestClient(ep);
  await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'auth/plain'), body: 'hello' });
});
afterAll(async () => {
  client.close();
  await ep.close();
});

const wrongSecret = () => ({ accessKeyId: ep.accessKeyId, secretAccessKey: 'not-the-secret' });
const unknownKey = () => ({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: ep.secretAccessKey });
const modes = ['v2', 'v4', 'v2-presign', 'v4-presign'] as const;

describe.each(modes)('%s', (auth) => {
  test('a correct signature is accepted (GET, and PUT with signed SSE-C headers)', async () => {
    expect((await client.send({ auth, method: 'GET', path: objectPath(ep.bucket, 'auth/plain') })).text).toBe('hello');
    const k = customerKey();
    const put = await client.send({ auth, method: 'PUT', path: objectPath(ep.bucket, `auth/ssec-${auth}`), headers: sseCHeaders(k), body: 'secret' });
    expect(put.status).toBe(200);
    expect(put.headers['x-amz-server-side-encryption-customer-key-md5']).toBe(k.md5);
  });

  test('a wrong secret gives 403 SignatureDoesNotMatch', async () => {
    const r = await client.send({ auth, creds: wrongSecret(), method: 'GET', path: objectPath(ep.bucket, 'auth/plain') });
    expect([r.status, r.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  test('an unknown access key gives 403 InvalidAccessKeyId', async () => {
    const r = await client.send({ auth, creds: unknownKey(), method: 'GET', path: objectPath(ep.bucket, 'auth/plain') });
    expect([r.status, r.code]).toEqual([403, 'InvalidAccessKeyId']);
  });

  test('a signature from 20 minutes ago is refused (skew or expiry)', async () => {
    const r = await client.send({ auth, date: new Date(Date.now() - 20 * 60 * 1000), method: 'GET', path: objectPath(ep.bucket, 'auth/plain') });
    expect(r.status).toBe(403);
    expect(r.code).toBe(auth.endsWith('presign') ? 'AccessDenied' : 'RequestTimeTooSkewed');
  });

  test('a header changed after signing is caught (and the error does not echo the SSE-C key)', async () => {
    const k = customerKey();
    const other = customerKey();
    const r = await client.send({
      auth,
      method: 'PUT',
      path: objectPath(ep.bucket, `auth/tamper-${auth}`),
      headers: sseCHeaders(k),
      body: 'x',
      afterSign: (h) => {
        h['x-amz-server-side-encryption-customer-key'] = other.b64;
        h['x-amz-server-side-encryption-customer-key-MD5'] = other.md5;
      },
    });
    expect([r.status, r.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(r.text).not.toContain(other.b64);
    if (auth === 'v4') expect(r.text).toContain('<CanonicalRequest>');
    expect(await ep.rawStoredBytes(ep.bucket, `auth/tamper-${auth}`)).toBeUndefined();
  });
});

test('skew in the future is refused too', async () => {
  const r = await client.send({ auth: 'v4', date: new Date(Date.now() + 20 * 60 * 1000), method: 'GET', path: objectPath(ep.bucket, 'auth/plain') });
  expect([r.status, r.code]).toEqual([403, 'RequestTimeTooSkewed']);
});

test('no authentication at all gives 403 AccessDenied', async () => {
  for (const method of ['GET', 'PUT', 'HEAD']) {
    const r = await client.send({ auth: 'none', method, path: objectPath(ep.bucket, 'auth/plain'), body: method === 'PUT' ? 'x' : undefined });
    expect(r.status).toBe(403);
    if (method !== 'HEAD') expect(r.code).toBe('AccessDenied');
  }
});

test('V4: an x-amz-* header added unsigned is refused', async () => {
  const r = await client.send({ method: 'GET', path: objectPath(ep.bucket, 'auth/plain'), afterSign: (h) => (h['x-amz-meta-sneaky'] = '1') });
  expect([r.status, r.code]).toEqual([403, 'AccessDenied']);
});

test('V4: a body that does not match x-amz-content-sha256 is refused; UNSIGNED-PAYLOAD is accepted', async () => {
  const path = objectPath(ep.bucket, 'auth/payload');
  const bad = await client.send({ method: 'PUT', path, body: 'one', afterSign: () => undefined, headers: { 'x-amz-content-sha256': sha256Hex('two') } });
  expect([bad.status, bad.code]).toEqual([400, 'XAmzContentSHA256Mismatch']);
  const unsigned = await client.send({ method: 'PUT', path, body: 'three', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  expect(unsigned.status).toBe(200);
  expect((await client.send({ method: 'GET', path })).text).toBe('three');
});

test('x-amz-checksum-* headers are checked against the body', async () => {
  const path = objectPath(ep.bucket, 'auth/checksum');
  const sha = (s: string) => createHash('sha256').update(s).digest('base64');
  expect((await client.send({ method: 'PUT', path, body: 'abc', headers: { 'x-amz-checksum-sha256': sha('abc') } })).status).toBe(200);
  const bad = await client.send({ method: 'PUT', path, body: 'abc', headers: { 'x-amz-checksum-sha256': sha('abd') } });
  expect([bad.status, bad.code]).toEqual([400, 'BadDigest']);
});

test('V4: a missing x-amz-content-sha256 is refused', async () => {
  const r = await client.send({ method: 'GET', path: objectPath(ep.bucket, 'auth/plain'), afterSign: (h) => delete h['x-amz-content-sha256'] });
  expect(r.status).toBe(400);
});

test('V4: a credential scope for another region is refused', async () => {
  const url = new URL(`${ep.https}${objectPath(ep.bucket, 'auth/plain')}`);
  const headers = await signV4({ method: 'GET', url, headers: {} }, client.creds, 'eu-west-1');
  const r = await client.raw('https', 'GET', url.pathname, headers);
  expect([r.status, r.code]).toEqual([400, 'AuthorizationHeaderMalformed']);
});

test('V2: botocore-style Date line next to x-amz-date is accepted', async () => {
  const now = new Date().toUTCString();
  const headers: Record<string, string> = { date: now, 'x-amz-date': now };
  const path = objectPath(ep.bucket, 'auth/plain');
  headers.authorization = `AWS ${ep.accessKeyId}:${hmacSha1Base64(ep.secretAccessKey, stringToSignV2('GET', path, headers, now))}`;
  expect((await client.raw('https', 'GET', path, headers)).status).toBe(200);
});

test('two auth mechanisms at once are refused', async () => {
  const r = await client.send({ auth: 'v4-presign', method: 'GET', path: objectPath(ep.bucket, 'auth/plain'), afterSign: (h) => (h.authorization = 'AWS x:y') });
  expect(r.status).toBe(400);
});

describe('aws-chunked payloads', () => {
  function chunked(data: Buffer[], seed: { key: Buffer; datetime: string; scope: string; signature: string } | undefined, trailer?: string): Buffer {
    let prev = seed?.signature ?? '';
    const parts: Buffer[] = [];
    for (const c of [...data, Buffer.alloc(0)]) {
      let ext = '';
      if (seed) {
        prev = hmacSha256Hex(seed.key, ['AWS4-HMAC-SHA256-PAYLOAD', seed.datetime, seed.scope, prev, sha256Hex(''), sha256Hex(c)].join('\n'));
        ext = `;chunk-signature=${prev}`;
      }
      parts.push(Buffer.from(`${c.length.toString(16)}${ext}\r\n`), c, c.length ? Buffer.from('\r\n') : Buffer.alloc(0));
    }
    parts.push(Buffer.from(trailer ? `${trailer}\r\n\r\n` : '\r\n'));
    return Buffer.concat(parts);
  }

  test('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: chunk signatures are verified and the framing removed', async () => {
    const data = [Buffer.from('hello '), Buffer.from('chunked world')];
    const url = new URL(`${ep.https}${objectPath(ep.bucket, 'auth/chunked')}`);
    const date = new Date();
    const decodedLength = String(data.reduce((n, d) => n + d.length, 0));
    const base = { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': decodedLength };
    const headers = await signV4({ method: 'PUT', url, headers: base }, client.creds, ep.region, { date });
    const datetime = headers['x-amz-date']!;
    const seed = { key: signingKeyV4(ep.secretAccessKey, datetime.slice(0, 8), ep.region), datetime, scope: credentialScope(datetime.slice(0, 8), ep.region), signature: /Signature=([0-9a-f]+)/.exec(headers.authorization!)![1]! };
    const body = chunked(data, seed);
    const ok = await client.raw('https', 'PUT', url.pathname, { ...headers, 'content-length': String(body.length) }, body);
    expect(ok.status).toBe(200);
    expect((await client.send({ method: 'GET', path: url.pathname })).text).toBe('hello chunked world');
    // Same framing and signatures, different bytes: what a man in the middle could do without the key.
    const forged = Buffer.from(body.toString('latin1').replace('chunked world', 'CHUNKED WORLD'), 'latin1');
    const bad = await client.raw('https', 'PUT', url.pathname, { ...headers, 'content-length': String(forged.length) }, forged);
    expect([bad.status, bad.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  test('STREAMING-UNSIGNED-PAYLOAD-TRAILER is decoded', async () => {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32('unsigned trailer') >>> 0);
    const wrong = chunked([Buffer.from('unsigned '), Buffer.from('trailer')], undefined, 'x-amz-checksum-crc32:AAAAAA==');
    const bad = await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'auth/trailer'), body: wrong, headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-decoded-content-length': '16' } });
    expect([bad.status, bad.code]).toEqual([400, 'BadDigest']);
    const body = chunked([Buffer.from('unsigned '), Buffer.from('trailer')], undefined, `x-amz-checksum-crc32:${crc.toString('base64')}`);
    const r = await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'auth/trailer'), body, headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-decoded-content-length': '16' } });
    expect(r.status).toBe(200);
    expect((await client.send({ method: 'GET', path: objectPath(ep.bucket, 'auth/trailer') })).text).toBe('unsigned trailer');
  });
});
