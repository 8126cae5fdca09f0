import type { IncomingHttpHeaders } from 'node:http';
import vectors from '../../signing/signing-vectors.json';
import { S3Error } from '../errors';
import { parseAmzDate, type SignedRequest } from './common';
import { verifyV2Header } from './v2';
import { verifyV4Header, v4PolicySignature } from './v4';
import { hmacSha1Base64 } from '../../signing/v2';

// Signatures computed by other implementations (botocore, AWS's documentation) must verify here.
const creds = vectors.credentials;

function request(method: string, target: string, headers: Record<string, string | undefined>): SignedRequest {
  const q = target.indexOf('?');
  const lower: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) lower[k.toLowerCase()] = v;
  return {
    method,
    rawPath: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? '' : target.slice(q + 1),
    query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
    v2Resource: target,
    headers: lower,
  };
}

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as S3Error).code;
  }
};

describe('V2 header verification against botocore vectors', () => {
  const now = new Date('2007-03-27T19:40:00Z');
  test.each(vectors.v2_header.map((v) => [v.name, v] as const))('%s', (_n, v) => {
    const r = request(v.method, v.resourcePath, { ...v.headers, Authorization: v.authorization });
    expect(verifyV2Header(r, creds, now)).toBe(creds.accessKeyId);
    const tampered = request(v.method, v.resourcePath, { ...v.headers, Authorization: v.authorization.replace(/.=$/, 'A=') });
    expect(code(() => verifyV2Header(tampered, creds, now))).toBe('SignatureDoesNotMatch');
  });

  test('the AWS documented example verifies', () => {
    const v = vectors.aws_documented[0]!;
    const r = request('GET', '/johnsmith/photos/puppy.jpg', { Date: 'Tue, 27 Mar 2007 19:36:42 +0000', Authorization: `AWS AKIAIOSFODNN7EXAMPLE:${v.signature}` });
    expect(verifyV2Header(r, creds, now)).toBe('AKIAIOSFODNN7EXAMPLE');
  });

  test('x-amz-date: the AWS form (empty Date line) and botocore form (Date line kept) both verify', () => {
    const headers = { Date: 'Tue, 27 Mar 2007 19:36:42 +0000', 'x-amz-date': 'Tue, 27 Mar 2007 19:36:42 +0000' };
    const aws = hmacSha1Base64(creds.secretAccessKey, 'GET\n\n\n\nx-amz-date:Tue, 27 Mar 2007 19:36:42 +0000\n/b/k');
    const boto = hmacSha1Base64(creds.secretAccessKey, 'GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\nx-amz-date:Tue, 27 Mar 2007 19:36:42 +0000\n/b/k');
    for (const sig of [aws, boto]) expect(code(() => verifyV2Header(request('GET', '/b/k', { ...headers, Authorization: `AWS ${creds.accessKeyId}:${sig}` }), creds, now))).toBe('ok');
  });

  test('unknown key, skew and garbage', () => {
    const v = vectors.v2_header[0]!;
    expect(code(() => verifyV2Header(request('GET', v.resourcePath, { ...v.headers, Authorization: v.authorization.replace('AKIA', 'XXXX') }), creds, now))).toBe('InvalidAccessKeyId');
    expect(code(() => verifyV2Header(request('GET', v.resourcePath, { ...v.headers, Authorization: v.authorization }), creds, new Date('2007-03-27T20:00:00Z')))).toBe('RequestTimeTooSkewed');
    expect(code(() => verifyV2Header(request('GET', v.resourcePath, { Authorization: v.authorization }), creds, now))).toBe('AccessDenied');
    expect(code(() => verifyV2Header(request('GET', v.resourcePath, { ...v.headers, Authorization: 'AWS nocolon' }), creds, now))).toBe('InvalidArgument');
  });
});

describe('V4 header verification (aws4) against independent signatures', () => {
  test.each(vectors.v4_header.map((v) => [v.name, v] as const))('botocore vector %s', (_n, v) => {
    const u = new URL(v.url);
    const headers = { ...v.headersOut, Host: u.host };
    const now = new Date('2015-12-29T00:05:00Z');
    const r = request(v.method, u.pathname + u.search, headers);
    expect(verifyV4Header(r, creds, v.region, now).accessKeyId).toBe(creds.accessKeyId);
    const tampered = request(v.method, u.pathname + u.search, { ...headers, 'X-Amz-Date': '20151229T000001Z' });
    expect(code(() => verifyV4Header(tampered, creds, v.region, now))).toBe('SignatureDoesNotMatch');
  });

  test('AWS documented GET with a signed Range header (aws4 ignores range unless told)', () => {
    const v = vectors.aws_documented[2] as unknown as { request: { method: string; path: string; headers: Record<string, string> }; signedHeaders: string; signature: string };
    const headers = { ...v.request.headers, Authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${v.signedHeaders},Signature=${v.signature}` };
    const now = new Date('2013-05-24T00:00:30Z');
    expect(verifyV4Header(request('GET', v.request.path, headers), creds, 'us-east-1', now).accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(code(() => verifyV4Header(request('GET', v.request.path, { ...headers, Range: 'bytes=0-10' }), creds, 'us-east-1', now))).toBe('SignatureDoesNotMatch');
    expect(code(() => verifyV4Header(request('GET', v.request.path, headers), creds, 'eu-west-1', now))).toBe('AuthorizationHeaderMalformed');
    expect(code(() => verifyV4Header(request('GET', v.request.path, headers), creds, 'us-east-1', new Date('2013-05-24T01:00:00Z')))).toBe('RequestTimeTooSkewed');
    expect(code(() => verifyV4Header(request('GET', v.request.path, { ...headers, 'x-amz-meta-extra': 'unsigned' }), creds, 'us-east-1', now))).toBe('AccessDenied');
  });

  test('POST policy signature vector (botocore)', () => {
    const v = vectors.v4_post_policy[0]!;
    const sig = v4PolicySignature(v.fields.policy, creds.secretAccessKey, { accessKeyId: creds.accessKeyId, date: '20151229', region: 'us-east-1', service: 's3' }, v.fields['x-amz-date']);
    expect(sig).toBe(v.fields['x-amz-signature']);
    const v2 = vectors.v2_post_policy[0]!;
    expect(hmacSha1Base64(creds.secretAccessKey, v2.policyBase64)).toBe(v2.signature);
  });
});

describe('strictness', () => {
  test('a V2 signature with anything appended does not verify (base64 is compared as text)', () => {
    const v = vectors.v2_header[0]!;
    const now = new Date('2007-03-27T19:40:00Z');
    const sig = v.authorization.slice(v.authorization.indexOf(':') + 1);
    for (const extra of [sig, 'AAAA', '!', '=']) {
      const r = request(v.method, v.resourcePath, { ...v.headers, Authorization: `${v.authorization}${extra}` });
      expect(code(() => verifyV2Header(r, creds, now))).toBe('SignatureDoesNotMatch');
    }
  });

  test('impossible calendar dates are not dates (no rolling over into a valid one)', () => {
    for (const d of ['20260532T000000Z', '20260230T000000Z', '20261301T000000Z', '20260101T240000Z', '20260101T006000Z', 'Mon, 30 Feb 2026 10:00:00 GMT', 'Wed, 31 Jun 2026 10:00:00 GMT']) {
      expect(parseAmzDate(d)).toBeUndefined();
    }
    expect(parseAmzDate('20240229T235959Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
    expect(parseAmzDate('Thu, 29 Feb 2024 10:00:00 GMT')?.toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(parseAmzDate('Tue, 27 Mar 2007 19:36:42 +0000')?.toISOString()).toBe('2007-03-27T19:36:42.000Z');
  });
});
