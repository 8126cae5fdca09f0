import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { customerKey } from './test-support/client';

// The AWS SDK as an independent client: its serializers, its signer, its XML parsers.
let ep: ReferenceEndpoint;
let s3: S3Client;
let s3http: S3Client;
const PART = Buffer.alloc(5 * 1024 * 1024, 'p');

function client(endpoint: string, defaults = false): S3Client {
  return new S3Client({
    ...(defaults ? {} : { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }),
    endpoint,
    region: ep.region,
    forcePathStyle: true,
    credentials: { accessKeyId: ep.accessKeyId, secretAccessKey: ep.secretAccessKey },
    requestHandler: { httpsAgent: new https.Agent({ ca: fs.readFileSync(ep.caFile), keepAlive: true }) },
  });
}

beforeAll(async () => {
  ep = await startReferenceEndpoint();
  s3 = client(ep.https);
  s3http = client(ep.http);
});
afterAll(async () => {
  s3.destroy();
  s3http.destroy();
  await ep.close();
});

const Bucket = () => ep.bucket;
const ssec = (k = customerKey()) => ({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: k.b64, SSECustomerKeyMD5: k.md5 });

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return { name: e.name, status: e.$metadata.httpStatusCode };
    throw e;
  }
  throw new Error('expected a failure');
}

test('SSE-C put/get/head over HTTPS, and a key-less read is refused', async () => {
  const key = ssec();
  const put = await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/ssec', Body: 'sdk secret', ...key }));
  expect(put.SSECustomerKeyMD5).toBe(key.SSECustomerKeyMD5);
  const got = await s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/ssec', ...key }));
  expect(await got.Body!.transformToString()).toBe('sdk secret');
  expect(got.SSECustomerAlgorithm).toBe('AES256');
  const head = await s3.send(new HeadObjectCommand({ Bucket: Bucket(), Key: 'sdk/ssec', ...key }));
  expect(head.ContentLength).toBe(10);
  expect(await failure(s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/ssec' })))).toEqual({ name: 'InvalidRequest', status: 400 });
  expect(await failure(s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/ssec', ...ssec() })))).toEqual({ name: 'AccessDenied', status: 403 });
});

test('SSE-KMS put/get/head over HTTPS echo aws:kms and the key id', async () => {
  const put = await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/kms', Body: 'kms body', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: ep.kmsKeyId }));
  expect([put.ServerSideEncryption, put.SSEKMSKeyId]).toEqual(['aws:kms', ep.kmsKeyId]);
  const got = await s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/kms' }));
  expect(await got.Body!.transformToString()).toBe('kms body');
  expect(got.SSEKMSKeyId).toBe(ep.kmsKeyId);
  const head = await s3.send(new HeadObjectCommand({ Bucket: Bucket(), Key: 'sdk/kms' }));
  expect(head.ServerSideEncryption).toBe('aws:kms');
});

test('over plain HTTP the rules apply: SSE-KMS GET refused, HEAD allowed, SSE-C PUT refused', async () => {
  expect(await failure(s3http.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/kms' })))).toEqual({ name: 'InvalidRequest', status: 400 });
  expect((await s3http.send(new HeadObjectCommand({ Bucket: Bucket(), Key: 'sdk/kms' }))).ServerSideEncryption).toBe('aws:kms');
  expect(await failure(s3http.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/http-ssec', Body: 'x', ...ssec() })))).toEqual({ name: 'InvalidRequest', status: 400 });
  await s3http.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/http-plain', Body: 'plain over http' }));
  expect(await (await s3http.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/http-plain' }))).Body!.transformToString()).toBe('plain over http');
});

test.each(['ssec', 'kms'] as const)('multipart with %s: initiate, parts, part copy with a range, list parts, complete, read back', async (kind) => {
  const key = `sdk/mp-${kind}`;
  const k = ssec();
  const enc = kind === 'ssec' ? k : { ServerSideEncryption: 'aws:kms' as const };
  const partEnc = kind === 'ssec' ? k : {};
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: Bucket(), Key: key, ...enc }));
  const p1 = await s3.send(new UploadPartCommand({ Bucket: Bucket(), Key: key, UploadId, PartNumber: 1, Body: PART, ...partEnc }));
  await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/copy-src', Body: '0123456789' }));
  const p2 = await s3.send(new UploadPartCopyCommand({ Bucket: Bucket(), Key: key, UploadId, PartNumber: 2, CopySource: `${Bucket()}/sdk/copy-src`, CopySourceRange: 'bytes=2-5', ...partEnc }));
  const parts = await s3.send(new ListPartsCommand({ Bucket: Bucket(), Key: key, UploadId }));
  expect(parts.Parts?.map((p) => p.Size)).toEqual([PART.length, 4]);
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: Bucket(), Prefix: key }));
  expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([UploadId]);
  const done = await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: Bucket(), Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.CopyPartResult!.ETag }] } }),
  );
  expect(done.ETag).toMatch(/-2"$/);
  if (kind === 'kms') expect(done.ServerSideEncryption).toBe('aws:kms');
  const got = await s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: key, Range: `bytes=${PART.length - 2}-`, ...partEnc }));
  expect(await got.Body!.transformToString()).toBe('pp2345');
});

test('abort removes the upload', async () => {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: Bucket(), Key: 'sdk/aborted' }));
  await s3.send(new AbortMultipartUploadCommand({ Bucket: Bucket(), Key: 'sdk/aborted', UploadId }));
  expect(await failure(s3.send(new ListPartsCommand({ Bucket: Bucket(), Key: 'sdk/aborted', UploadId })))).toEqual({ name: 'NoSuchUpload', status: 404 });
});

test('copy: SSE-C source to SSE-C target with a new key, metadata directive REPLACE', async () => {
  const a = ssec();
  const b = ssec();
  await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/copy-a', Body: 'rotate me', Metadata: { one: '1' }, ...a }));
  const copy = await s3.send(
    new CopyObjectCommand({
      Bucket: Bucket(),
      Key: 'sdk/copy-b',
      CopySource: `${Bucket()}/sdk/copy-a`,
      CopySourceSSECustomerAlgorithm: 'AES256',
      CopySourceSSECustomerKey: a.SSECustomerKey,
      CopySourceSSECustomerKeyMD5: a.SSECustomerKeyMD5,
      MetadataDirective: 'REPLACE',
      Metadata: { two: '2' },
      ...b,
    }),
  );
  expect(copy.SSECustomerKeyMD5).toBe(b.SSECustomerKeyMD5);
  const got = await s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/copy-b', ...b }));
  expect(await got.Body!.transformToString()).toBe('rotate me');
  expect(got.Metadata).toEqual({ two: '2' });
  expect(await failure(s3.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/copy-b', ...a })))).toEqual({ name: 'AccessDenied', status: 403 });
});

test('list (prefix, continuation) and delete-objects', async () => {
  for (let i = 0; i < 5; i++) await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: `sdk/list/${i}`, Body: String(i) }));
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: Bucket(), Prefix: 'sdk/list/', MaxKeys: 2, ContinuationToken: token }));
    seen.push(...(page.Contents ?? []).map((c) => c.Key!));
    token = page.NextContinuationToken;
  } while (token);
  expect(seen).toEqual(['sdk/list/0', 'sdk/list/1', 'sdk/list/2', 'sdk/list/3', 'sdk/list/4']);
  const del = await s3.send(new DeleteObjectsCommand({ Bucket: Bucket(), Delete: { Objects: seen.map((Key) => ({ Key })) } }));
  expect(del.Deleted).toHaveLength(5);
  expect((await s3.send(new ListObjectsV2Command({ Bucket: Bucket(), Prefix: 'sdk/list/' }))).KeyCount).toBe(0);
});

test('the SDK default checksum mode (aws-chunked body, CRC32 trailer; CRC32 header) is understood and checked', async () => {
  const d = client(ep.https, true);
  try {
    await d.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/stream', Body: Readable.from([Buffer.from('streamed '), Buffer.from('body')]), ContentLength: 13 }));
    await d.send(new PutObjectCommand({ Bucket: Bucket(), Key: 'sdk/buffer', Body: Buffer.from('buffered body') }));
    expect(await (await d.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/stream' }))).Body!.transformToString()).toBe('streamed body');
    expect(await (await d.send(new GetObjectCommand({ Bucket: Bucket(), Key: 'sdk/buffer' }))).Body!.transformToString()).toBe('buffered body');
  } finally {
    d.destroy();
  }
});
