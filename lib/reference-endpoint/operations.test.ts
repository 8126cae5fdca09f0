import { md5 } from './crypto';
import { startReferenceEndpoint, type ReferenceEndpoint } from './index';
import { TestClient, completeXml, copySseCHeaders, customerKey, objectPath, sseCHeaders, uploadIdOf } from './test-support/client';

let ep: ReferenceEndpoint;
let client: TestClient;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ minPartSize: 8 });
  client = new TestClient(ep);
});
afterAll(async () => {
  client.close();
  await ep.close();
});

const p = (key: string) => objectPath(ep.bucket, key);

describe('complete multipart upload validation', () => {
  let id: string;
  const etags: string[] = [];
  beforeAll(async () => {
    id = uploadIdOf(await client.send({ method: 'POST', path: p('ops/mp'), query: 'uploads' }));
    for (const [n, body] of [[1, 'tiny'], [2, 'second part'], [3, 'third part!']] as const) {
      etags[n] = String((await client.send({ method: 'PUT', path: p('ops/mp'), query: `partNumber=${n}&uploadId=${id}`, body })).headers.etag);
    }
  });
  const complete = (parts: { n: number; etag: string }[]) => client.send({ method: 'POST', path: p('ops/mp'), query: `uploadId=${id}`, body: completeXml(parts) });

  test('unknown part or wrong ETag: InvalidPart', async () => {
    expect((await complete([{ n: 9, etag: etags[2]! }])).code).toBe('InvalidPart');
    expect((await complete([{ n: 2, etag: '"0000"' }])).code).toBe('InvalidPart');
  });
  test('descending part numbers: InvalidPartOrder', async () => {
    expect((await complete([{ n: 3, etag: etags[3]! }, { n: 2, etag: etags[2]! }])).code).toBe('InvalidPartOrder');
  });
  test('a small part that is not the last: EntityTooSmall', async () => {
    expect((await complete([{ n: 1, etag: etags[1]! }, { n: 2, etag: etags[2]! }])).code).toBe('EntityTooSmall');
  });
  test('a subset of the parts completes; unlisted parts are dropped; the upload is gone', async () => {
    const r = await complete([{ n: 2, etag: etags[2]! }, { n: 3, etag: etags[3]! }]);
    expect(r.status).toBe(200);
    const expected = md5(Buffer.concat([2, 3].map((n) => Buffer.from(etags[n]!.replace(/"/g, ''), 'hex')))).toString('hex');
    expect((r.xml?.CompleteMultipartUploadResult as { ETag: string }).ETag).toBe(`"${expected}-2"`);
    expect((await client.send({ method: 'GET', path: p('ops/mp') })).text).toBe('second partthird part!');
    expect((await complete([{ n: 2, etag: etags[2]! }])).code).toBe('NoSuchUpload');
  });
  test('an upload id for another key is NoSuchUpload; a bad part number is InvalidArgument', async () => {
    const other = uploadIdOf(await client.send({ method: 'POST', path: p('ops/other'), query: 'uploads' }));
    expect((await client.send({ method: 'PUT', path: p('ops/not-other'), query: `partNumber=1&uploadId=${other}`, body: 'x' })).code).toBe('NoSuchUpload');
    expect((await client.send({ method: 'PUT', path: p('ops/other'), query: `partNumber=10001&uploadId=${other}`, body: 'x' })).code).toBe('InvalidArgument');
  });
});

test('list parts and list uploads paginate', async () => {
  const id = uploadIdOf(await client.send({ method: 'POST', path: p('ops/lp/a'), query: 'uploads' }));
  await client.send({ method: 'POST', path: p('ops/lp/b'), query: 'uploads' });
  for (let n = 1; n <= 3; n++) await client.send({ method: 'PUT', path: p('ops/lp/a'), query: `partNumber=${n}&uploadId=${id}`, body: `part ${n}` });
  const page = await client.send({ method: 'GET', path: p('ops/lp/a'), query: `uploadId=${id}&max-parts=2` });
  const lp = page.xml?.ListPartsResult as { IsTruncated: string; NextPartNumberMarker: string; Part: unknown[] };
  expect([lp.IsTruncated, lp.NextPartNumberMarker, lp.Part.length]).toEqual(['true', '2', 2]);
  const rest = await client.send({ method: 'GET', path: p('ops/lp/a'), query: `uploadId=${id}&part-number-marker=2` });
  expect((rest.xml?.ListPartsResult as { Part: { PartNumber: string } }).Part.PartNumber).toBe('3');
  const uploads = await client.send({ method: 'GET', path: `/${ep.bucket}`, query: 'uploads&prefix=ops/lp/&max-uploads=1' });
  const lu = uploads.xml?.ListMultipartUploadsResult as { IsTruncated: string; Upload: { Key: string }; NextKeyMarker: string };
  expect([lu.IsTruncated, lu.Upload.Key, lu.NextKeyMarker]).toEqual(['true', 'ops/lp/a', 'ops/lp/a']);
  expect((await client.send({ method: 'DELETE', path: p('ops/lp/a'), query: `uploadId=${id}` })).status).toBe(204);
  expect((await client.send({ method: 'DELETE', path: p('ops/lp/a'), query: `uploadId=${id}` })).code).toBe('NoSuchUpload');
});

describe('copy', () => {
  beforeAll(async () => {
    await client.send({ method: 'PUT', path: p('ops/src'), headers: { 'content-type': 'text/plain', 'x-amz-meta-color': 'blue' }, body: 'source body' });
  });
  const copy = (key: string, headers: Record<string, string>) => client.send({ method: 'PUT', path: p(key), headers: { 'x-amz-copy-source': `/${ep.bucket}/ops/src`, ...headers } });

  test('COPY keeps content type and metadata; REPLACE takes the request’s', async () => {
    expect((await copy('ops/c1', {})).status).toBe(200);
    const c1 = await client.send({ method: 'GET', path: p('ops/c1') });
    expect([c1.headers['content-type'], c1.headers['x-amz-meta-color'], c1.text]).toEqual(['text/plain', 'blue', 'source body']);
    await copy('ops/c2', { 'x-amz-metadata-directive': 'REPLACE', 'content-type': 'application/json', 'x-amz-meta-size': 'big' });
    const c2 = await client.send({ method: 'HEAD', path: p('ops/c2') });
    expect([c2.headers['content-type'], c2.headers['x-amz-meta-color'], c2.headers['x-amz-meta-size']]).toEqual(['application/json', undefined, 'big']);
  });

  test('copying an object onto itself unchanged is refused; with new encryption it is allowed', async () => {
    const same = await client.send({ method: 'PUT', path: p('ops/src'), headers: { 'x-amz-copy-source': `${ep.bucket}/ops/src` } });
    expect([same.status, same.code]).toEqual([400, 'InvalidRequest']);
    await client.send({ method: 'PUT', path: p('ops/self'), body: 'self' });
    const k = customerKey();
    const enc = await client.send({ method: 'PUT', path: p('ops/self'), headers: { 'x-amz-copy-source': `${ep.bucket}/ops/self`, ...sseCHeaders(k) } });
    expect(enc.status).toBe(200);
    expect((await client.send({ method: 'GET', path: p('ops/self'), headers: sseCHeaders(k) })).text).toBe('self');
  });

  test('bad copy sources', async () => {
    expect((await copy('ops/x', { 'x-amz-copy-source': 'no-slash' })).code).toBe('InvalidArgument');
    expect((await copy('ops/x', { 'x-amz-copy-source': `${ep.bucket}/ops/none` })).code).toBe('NoSuchKey');
    expect((await copy('ops/x', { 'x-amz-copy-source': 'nobucket/ops/src' })).code).toBe('NoSuchBucket');
    expect((await copy('ops/x', copySseCHeaders(customerKey()))).code).toBe('InvalidRequest'); // key for a plain source
  });

  test('upload part copy: range outside the source is refused', async () => {
    const id = uploadIdOf(await client.send({ method: 'POST', path: p('ops/upc'), query: 'uploads' }));
    const r = await client.send({ method: 'PUT', path: p('ops/upc'), query: `partNumber=1&uploadId=${id}`, headers: { 'x-amz-copy-source': `${ep.bucket}/ops/src`, 'x-amz-copy-source-range': 'bytes=5-500' } });
    expect([r.status, r.code]).toEqual([400, 'InvalidArgument']);
    const ok = await client.send({ method: 'PUT', path: p('ops/upc'), query: `partNumber=1&uploadId=${id}`, headers: { 'x-amz-copy-source': `${ep.bucket}/ops/src`, 'x-amz-copy-source-range': 'bytes=0-5' } });
    expect(ok.status).toBe(200);
    expect((ok.xml?.CopyPartResult as { ETag: string }).ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });
});

describe('objects', () => {
  test('Content-MD5 is checked', async () => {
    const bad = await client.send({ method: 'PUT', path: p('ops/md5'), headers: { 'content-md5': md5('other').toString('base64') }, body: 'body' });
    expect([bad.status, bad.code]).toEqual([400, 'BadDigest']);
    const good = await client.send({ method: 'PUT', path: p('ops/md5'), headers: { 'content-md5': md5('body').toString('base64') }, body: 'body' });
    expect(good.status).toBe(200);
    expect(good.headers.etag).toBe(`"${md5('body').toString('hex')}"`);
  });

  test('conditional GET and response overrides', async () => {
    const put = await client.send({ method: 'PUT', path: p('ops/cond'), body: 'cond' });
    expect((await client.send({ method: 'GET', path: p('ops/cond'), headers: { 'if-none-match': String(put.headers.etag) } })).status).toBe(304);
    expect((await client.send({ method: 'GET', path: p('ops/cond'), headers: { 'if-match': '"nope"' } })).status).toBe(412);
    const o = await client.send({ method: 'GET', path: p('ops/cond'), query: 'response-content-type=text%2Fx-test' });
    expect(o.headers['content-type']).toBe('text/x-test');
  });

  test('ListObjects V1 and V2 with a delimiter; delete is idempotent', async () => {
    for (const k of ['ops/tree/a/1', 'ops/tree/a/2', 'ops/tree/b', 'ops/tree/c/3']) await client.send({ method: 'PUT', path: p(k), body: k });
    for (const query of ['prefix=ops/tree/&delimiter=/', 'list-type=2&prefix=ops/tree/&delimiter=/']) {
      const r = await client.send({ method: 'GET', path: `/${ep.bucket}`, query });
      const l = r.xml?.ListBucketResult as { Contents: { Key: string }; CommonPrefixes: { Prefix: string }[] };
      expect(l.Contents.Key).toBe('ops/tree/b');
      expect(l.CommonPrefixes.map((c) => c.Prefix)).toEqual(['ops/tree/a/', 'ops/tree/c/']);
    }
    expect((await client.send({ method: 'DELETE', path: p('ops/tree/b') })).status).toBe(204);
    expect((await client.send({ method: 'DELETE', path: p('ops/tree/b') })).status).toBe(204);
  });
});

describe('buckets and addressing', () => {
  test('create, head, invalid names, not-empty delete, delete', async () => {
    expect((await client.send({ method: 'PUT', path: '/ops-bucket' })).status).toBe(200);
    expect((await client.send({ method: 'PUT', path: '/ops-bucket' })).status).toBe(200);
    expect((await client.send({ method: 'HEAD', path: '/ops-bucket' })).status).toBe(200);
    expect((await client.send({ method: 'PUT', path: '/Bad_Name' })).code).toBe('InvalidBucketName');
    await client.send({ method: 'PUT', path: '/ops-bucket/k', body: 'x' });
    expect((await client.send({ method: 'DELETE', path: '/ops-bucket' })).code).toBe('BucketNotEmpty');
    await client.send({ method: 'DELETE', path: '/ops-bucket/k' });
    expect((await client.send({ method: 'DELETE', path: '/ops-bucket' })).status).toBe(204);
    expect((await client.send({ method: 'HEAD', path: '/ops-bucket' })).status).toBe(404);
  });

  test('virtual-hosted addressing: bucket.localhost', async () => {
    await client.send({ method: 'PUT', path: p('ops/vhost'), body: 'via vhost' });
    const port = new URL(ep.http).port;
    for (const auth of ['v2', 'v4'] as const) {
      const r = await client.send({ auth, protocol: 'http', method: 'GET', path: '/ops/vhost', headers: { host: `${ep.bucket}.localhost:${port}` }, resource: `/${ep.bucket}/ops/vhost` });
      expect([r.status, r.text]).toEqual([200, 'via vhost']);
    }
  });
});
