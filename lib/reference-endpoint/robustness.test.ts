import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { TestClient, completeXml, objectPath, parseReply, uploadIdOf } from './test-support/client';

// Bad input of every kind gets an S3 error document, and the server keeps serving.
let dir: string;
let ep: ReferenceEndpoint;
let client: TestClient;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-ref-robust-'));
  ep = await startReferenceEndpoint({ maxBodyBytes: 64 * 1024, dataDir: dir, minPartSize: 1 });
  client = new TestClient(ep);
  await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'alive'), body: 'still here' });
});
afterAll(async () => {
  client.close();
  await ep.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  // After every abuse: a fresh connection still gets served.
  expect((await client.send({ method: 'GET', path: objectPath(ep.bucket, 'alive') })).text).toBe('still here');
});

/** Raw bytes on a fresh socket; resolves with what came back before the server closed or 2 s passed. */
function rawExchange(bytes: string | Buffer, secure = false): Promise<string> {
  const u = new URL(secure ? ep.https : ep.http);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock: net.Socket = secure ? tls.connect({ host: u.hostname, port: Number(u.port), ca: fs.readFileSync(ep.caFile) }) : net.connect(Number(u.port), u.hostname);
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    sock.on('data', (c) => chunks.push(c));
    sock.on('close', done);
    sock.on('error', done);
    sock.setTimeout(2000, () => sock.destroy());
    sock.write(bytes);
  });
}

async function newUpload(key: string): Promise<string> {
  return uploadIdOf(await client.send({ method: 'POST', path: objectPath(ep.bucket, key), query: 'uploads' }));
}

test('malformed XML, a DTD, and a wrong root element are MalformedXML', async () => {
  const id = await newUpload('r/xml');
  for (const body of ['<CompleteMultipartUpload><Part>', '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><CompleteMultipartUpload>&a;</CompleteMultipartUpload>', '<Other/>', '', 'not xml at all']) {
    const r = await client.send({ method: 'POST', path: objectPath(ep.bucket, 'r/xml'), query: `uploadId=${id}`, body });
    expect([r.status, r.code]).toEqual([400, 'MalformedXML']);
  }
  const del = await client.send({ method: 'POST', path: `/${ep.bucket}`, query: 'delete', body: '<Delete><Object><Key>' });
  expect([del.status, del.code]).toEqual([400, 'MalformedXML']);
});

test('a body over the cap is EntityTooLarge, declared or chunked', async () => {
  const declared = await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'r/big'), body: Buffer.alloc(65 * 1024), headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  expect([declared.status, declared.code]).toEqual([400, 'EntityTooLarge']);
  const chunkedBody = Buffer.alloc(100 * 1024, 'a');
  const reply = await rawExchange(
    Buffer.concat([Buffer.from(`PUT ${objectPath(ep.bucket, 'r/big2')} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunkedBody.length.toString(16)}\r\n`), chunkedBody, Buffer.from('\r\n0\r\n\r\n')]),
  );
  expect(reply).toMatch(/^HTTP\/1.1 400/);
  expect(reply).toContain('<Code>EntityTooLarge</Code>');
  expect(await ep.rawStoredBytes(ep.bucket, 'r/big')).toBeUndefined();
});

test('oversized headers get an S3 error document, not a bare 431', async () => {
  const reply = await rawExchange(`GET /${ep.bucket}/alive HTTP/1.1\r\nHost: x\r\nX-Huge: ${'h'.repeat(40 * 1024)}\r\n\r\n`);
  expect(reply).toMatch(/^HTTP\/1.1 400/);
  expect(reply).toContain('<Code>RequestHeaderSectionTooLarge</Code>');
});

test('garbage instead of HTTP gets an error document (HTTP and HTTPS)', async () => {
  for (const secure of [false, true]) {
    const reply = await rawExchange('THIS IS NOT HTTP\r\n\r\n', secure);
    expect(reply).toMatch(/^HTTP\/1.1 400/);
    expect(reply).toContain('<Error>');
  }
});

test('unknown operations and subresources are 501 NotImplemented', async () => {
  for (const [method, query] of [['GET', 'acl'], ['PUT', 'tagging'], ['PATCH', ''], ['POST', ''], ['GET', 'versioning']] as const) {
    const r = await client.send({ method, path: objectPath(ep.bucket, 'alive'), query });
    expect([r.status, r.code]).toEqual([501, 'NotImplemented']);
  }
});

test('a broken percent-escape is InvalidURI; a missing bucket or key is 404', async () => {
  const bad = await rawExchange(`GET /${ep.bucket}/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  expect(bad).toContain('<Code>InvalidURI</Code>');
  expect((await client.send({ method: 'GET', path: '/no-such-bucket/x' })).code).toBe('NoSuchBucket');
  expect((await client.send({ method: 'GET', path: objectPath(ep.bucket, 'no/such/key') })).code).toBe('NoSuchKey');
});

test('a client that hangs up mid-body does not hurt the server', async () => {
  const u = new URL(ep.http);
  await new Promise<void>((resolve) => {
    const sock = net.connect(Number(u.port), u.hostname, () => {
      sock.write(`PUT /${ep.bucket}/r/cut HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little`);
      setTimeout(() => {
        sock.destroy();
        resolve();
      }, 20);
    });
  });
  expect(await ep.rawStoredBytes(ep.bucket, 'r/cut')).toBeUndefined();
});

test('bytes tampered with at rest are detected (GCM) and answered 500 InternalError, not garbage', async () => {
  await client.send({ method: 'PUT', path: objectPath(ep.bucket, 'r/tamper'), headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: 'authentic' });
  const raw = (await ep.rawStoredBytes(ep.bucket, 'r/tamper'))!;
  const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => fs.readFileSync(f).equals(raw))!;
  const bytes = fs.readFileSync(file);
  bytes[14]! ^= 1;
  fs.writeFileSync(file, bytes);
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const r = await client.send({ method: 'GET', path: objectPath(ep.bucket, 'r/tamper') });
  spy.mockRestore();
  expect([r.status, r.code]).toEqual([500, 'InternalError']);
});

test('concurrent writes and reads of one key: every read sees one whole version', async () => {
  const key = objectPath(ep.bucket, 'r/race');
  const versions = Array.from({ length: 12 }, (_, i) => Buffer.alloc(4096, String.fromCharCode(65 + i)));
  await client.send({ method: 'PUT', path: key, headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: versions[0] });
  const ops: Promise<unknown>[] = [];
  const reads: Buffer[] = [];
  for (const v of versions) {
    ops.push(client.send({ method: 'PUT', path: key, headers: { 'x-amz-server-side-encryption': 'aws:kms' }, body: v }));
    ops.push(client.send({ method: 'GET', path: key }).then((r) => reads.push(r.body)));
  }
  await Promise.all(ops);
  for (const r of reads) expect(versions.some((v) => v.equals(r))).toBe(true);
  const final = (await client.send({ method: 'GET', path: key })).body;
  expect(versions.some((v) => v.equals(final))).toBe(true);
  await new Promise((r) => setTimeout(r, 50));
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.blob')).length).toBeLessThanOrEqual(4); // old versions freed
});

test('two completes of one upload race: one wins, the other gets NoSuchUpload', async () => {
  const key = 'r/double';
  const id = await newUpload(key);
  const part = await client.send({ method: 'PUT', path: objectPath(ep.bucket, key), query: `partNumber=1&uploadId=${id}`, body: 'only part' });
  const body = completeXml([{ n: 1, etag: String(part.headers.etag) }]);
  const results = await Promise.all([0, 1].map(() => client.send({ method: 'POST', path: objectPath(ep.bucket, key), query: `uploadId=${id}`, body })));
  expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
  expect((await client.send({ method: 'GET', path: objectPath(ep.bucket, key) })).text).toBe('only part');
});

test('HEAD errors carry no body', async () => {
  const r = await client.send({ method: 'HEAD', path: objectPath(ep.bucket, 'no/such') });
  expect(r.status).toBe(404);
  expect(r.body).toHaveLength(0);
  expect(parseReply(r.status, r.headers, r.body).code).toBeUndefined();
});
