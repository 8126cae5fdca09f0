import { checkKey, parseAddress } from './request';
import { route } from './router';

const r = (method: string, url: string, headers: Record<string, string> = {}) => {
  const a = parseAddress(url, headers.host ?? '127.0.0.1:9000');
  return route(method, a.bucket, a.key, a.query, headers);
};

test.each([
  ['GET', '/', {}, 'list-buckets'],
  ['PUT', '/b', {}, 'create-bucket'],
  ['GET', '/b?list-type=2&prefix=x', {}, 'list-objects-v2'],
  ['GET', '/b?uploads', {}, 'list-multipart-uploads'],
  ['POST', '/b?delete', {}, 'delete-objects'],
  ['POST', '/b', { 'content-type': 'multipart/form-data; boundary=x' }, 'post-object'],
  ['PUT', '/b/k', {}, 'put-object'],
  ['PUT', '/b/k', { 'x-amz-copy-source': '/b/s' }, 'copy-object'],
  ['PUT', '/b/k?partNumber=1&uploadId=u', {}, 'upload-part'],
  ['PUT', '/b/k?partNumber=1&uploadId=u', { 'x-amz-copy-source': '/b/s' }, 'upload-part-copy'],
  ['POST', '/b/k?uploads', {}, 'initiate-multipart-upload'],
  ['POST', '/b/k?uploadId=u', {}, 'complete-multipart-upload'],
  ['DELETE', '/b/k?uploadId=u', {}, 'abort-multipart-upload'],
  ['GET', '/b/k?uploadId=u', {}, 'list-parts'],
  ['GET', '/b/k?x-id=GetObject', {}, 'get-object'],
  ['HEAD', '/b/k', {}, 'head-object'],
  ['GET', '/b/k?acl', {}, 'not-implemented'],
  ['PATCH', '/b/k', {}, 'not-implemented'],
])('%s %s %j -> %s', (method, url, headers, op) => {
  expect(r(method, url, headers).op).toBe(op);
});

test('object-level: anything with a key, plus POST Object and DeleteObjects', () => {
  expect(r('GET', '/b/k').objectLevel).toBe(true);
  expect(r('POST', '/b?delete').objectLevel).toBe(true);
  expect(r('HEAD', '/b').objectLevel).toBe(false);
  expect(r('PUT', '/b').objectLevel).toBe(false);
});

test('addressing: path-style keys are decoded; bucket.localhost is virtual-hosted; V2 resource is path-style', () => {
  expect(parseAddress('/b/a%20b/c%2Fd?x=1', '127.0.0.1')).toMatchObject({ bucket: 'b', key: 'a b/c/d', rawPath: '/b/a%20b/c%2Fd', rawQuery: 'x=1' });
  expect(parseAddress('/a/b', 'my-bucket.localhost:9000')).toMatchObject({ bucket: 'my-bucket', key: 'a/b', v2Resource: '/my-bucket/a/b' });
  expect(parseAddress('/', 'my-bucket.localhost')).toMatchObject({ bucket: 'my-bucket', key: undefined, v2Resource: '/my-bucket/' });
  expect(() => parseAddress('/b/%E0%A4%A', '127.0.0.1')).toThrow(expect.objectContaining({ code: 'InvalidURI' }));
});

test('keys with dot segments, NUL or over 1024 bytes are refused; ordinary dots are fine', () => {
  for (const k of ['a.b/c..d', '...', 'a/.hidden', 'x'.repeat(1024)]) expect(() => checkKey(k)).not.toThrow();
  for (const k of ['..', '.', '../x', 'a/../b', 'a/./b', 'a/..', '..\\x', 'a\0b']) expect(() => checkKey(k)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  expect(() => checkKey('é'.repeat(513))).toThrow(expect.objectContaining({ code: 'KeyTooLongError' }));
});

test('versionId is not implemented rather than silently ignored', () => {
  expect(r('GET', '/b/k?versionId=abc')).toMatchObject({ op: 'not-implemented' });
});
