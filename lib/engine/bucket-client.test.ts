import { CreateMultipartUploadCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { openBucketClient, type BucketClient } from './bucket-client';
import { targetOf } from './embedded-target';
import { RUN_PREFIX_ROOT } from './prefix';

// The trusted bucket client without an engine, against the real reference endpoint: it lists and
// cleans exactly the prefix it is given, and its requests carry the deadline it was given.

let ep: ReferenceEndpoint;
let s3: S3Client;
let bucket: BucketClient;
const mine = `${RUN_PREFIX_ROOT}20250101T000000Z-mine01/`;
const other = `${RUN_PREFIX_ROOT}20250101T000000Z-other1/`;

beforeAll(async () => {
  ep = await startReferenceEndpoint({});
  s3 = new S3Client({
    endpoint: ep.https,
    region: ep.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: ep.accessKeyId, secretAccessKey: ep.secretAccessKey },
    requestHandler: { httpsAgent: new https.Agent({ ca: fs.readFileSync(ep.caFile) }) },
  });
  for (const key of [`${mine}a`, `${mine}b/c`, `${other}a`]) await s3.send(new PutObjectCommand({ Bucket: ep.bucket, Key: key, Body: 'x' }));
  for (const key of [`${mine}u`, `${other}u`]) await s3.send(new CreateMultipartUploadCommand({ Bucket: ep.bucket, Key: key }));
  bucket = openBucketClient(targetOf(ep), { timeoutMs: 5000 });
});

afterAll(async () => {
  bucket?.close();
  s3?.destroy();
  await ep?.close();
});

test('lists the objects and open uploads under a prefix, and only those', async () => {
  expect((await bucket.listKeys(mine)).sort()).toEqual([`${mine}a`, `${mine}b/c`]);
  expect((await bucket.listUploads(mine)).map((u) => u.key)).toEqual([`${mine}u`]);
  expect((await bucket.listKeys(RUN_PREFIX_ROOT)).sort()).toEqual([`${mine}a`, `${mine}b/c`, `${other}a`]);
});

test('cleans up one prefix and leaves the next one alone; refuses an unsafe prefix', async () => {
  expect(await bucket.cleanupPrefix(mine)).toEqual({ deleted: 2, aborted: 1, skipped: 0 });
  expect(await bucket.listKeys(mine)).toEqual([]);
  expect(await bucket.listUploads(mine)).toEqual([]);
  expect(await bucket.listKeys(other)).toEqual([`${other}a`]);
  expect((await bucket.listUploads(other)).map((u) => u.key)).toEqual([`${other}u`]);
  await expect(bucket.cleanupPrefix('')).rejects.toThrow(/refusing to clean up an unsafe prefix/);
  await expect(bucket.cleanupPrefix(`${RUN_PREFIX_ROOT}../`)).rejects.toThrow(/refusing to clean up an unsafe prefix/);
});

test('each request is bounded by the timeout it was opened with', async () => {
  // Accepts and never answers, not even the TLS handshake.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const stuck = openBucketClient({ ...targetOf(ep), https: `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}` }, { timeoutMs: 200 });
  try {
    await expect(stuck.listKeys(mine)).rejects.toThrow('list objects: no complete answer within 200 ms');
    await expect(stuck.listUploads(mine)).rejects.toThrow('list multipart uploads: no complete answer within 200 ms');
  } finally {
    stuck.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
