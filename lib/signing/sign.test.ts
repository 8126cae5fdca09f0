import vectors from './signing-vectors.json';
import { signRequest } from './sign';
import { hmacSha1Base64 } from './v2';
import { signV4 } from './v4';

const creds = vectors.credentials;
const date = new Date('2007-03-27T19:36:42Z');

describe('signRequest v2', () => {
  it('adds an RFC 1123 date and AWS id:sig authorization', async () => {
    const req = { method: 'PUT', url: new URL('http://127.0.0.1:9000/examplebucket/k1'), headers: { 'X-Amz-Server-Side-Encryption': 'aws:kms' } };
    const out = await signRequest(req, 'v2', creds, 'us-east-1', '/examplebucket/k1', { date });
    expect(out.date).toBe('Tue, 27 Mar 2007 19:36:42 GMT');
    const sts = 'PUT\n\n\nTue, 27 Mar 2007 19:36:42 GMT\nx-amz-server-side-encryption:aws:kms\n/examplebucket/k1';
    expect(out.authorization).toBe(`AWS ${creds.accessKeyId}:${hmacSha1Base64(creds.secretAccessKey, sts)}`);
    expect(out['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(req.headers).toEqual({ 'X-Amz-Server-Side-Encryption': 'aws:kms' }); // input untouched
  });

  it('reproduces a v2_header vector through the entry point (given Date kept)', async () => {
    const v = vectors.v2_header.find((x) => x.name === 'upload-part-copy')!;
    const out = await signRequest({ method: v.method, url: new URL(`http://h${v.resourcePath}`), headers: v.headers as unknown as Record<string, string> }, 'v2', creds, 'us-east-1', v.resourcePath);
    expect(out.authorization).toBe(v.authorization);
    expect(out.date).toBe(v.headers.Date);
  });

  it('adds no date when x-amz-date is sent (its Date line is empty)', async () => {
    const out = await signRequest(
      { method: 'GET', url: new URL('http://h/b/k'), headers: { 'x-amz-date': 'Tue, 27 Mar 2007 19:36:42 GMT' } },
      'v2', creds, 'us-east-1', '/b/k',
    );
    expect(out.date).toBeUndefined();
    const sts = 'GET\n\n\n\nx-amz-date:Tue, 27 Mar 2007 19:36:42 GMT\n/b/k';
    expect(out.authorization).toBe(`AWS ${creds.accessKeyId}:${hmacSha1Base64(creds.secretAccessKey, sts)}`);
  });
});

describe('signRequest v4', () => {
  it('is signV4 (resourcePath ignored)', async () => {
    const req = { method: 'GET', url: new URL('http://127.0.0.1:9000/b/k'), headers: {} };
    expect(await signRequest(req, 'v4', creds, 'us-east-1', '/ignored', { date })).toEqual(await signV4(req, creds, 'us-east-1', { date }));
  });
});
