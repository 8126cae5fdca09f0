// The dishonest endpoint of T03 must be one a real endpoint could be: its tells fire on what the old
// harness sent, and on nothing that the real clients send (captured: lib/engine/client-fixtures/).
import botocoreFixture from '../../../engine/client-fixtures/botocore-s3v2.json';
import chromiumFixture from '../../../engine/client-fixtures/chromium-form-post.json';
import type { ProxiedRequest } from '../../test-support/dishonest-proxy';
import { tellsOf } from './tells-clients-apart';

function request(r: { method: string; target: string; headers: string[][]; body?: string | null }, scheme: 'http' | 'https' = 'http'): ProxiedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of r.headers) headers[k!.toLowerCase()] = v!;
  return { scheme, method: r.method, url: r.target, headers, body: Buffer.from(r.body ?? '', 'latin1'), sdk: false };
}

test('no tell fires on what botocore (signature_version="s3") really sends', () => {
  for (const r of botocoreFixture.requests) expect({ call: r.call, tells: tellsOf(request(r)) }).toEqual({ call: r.call, tells: [] });
});

test('no tell fires on what Chromium really sends with an upload form', () => {
  for (const r of chromiumFixture.requests) {
    const scheme = r.case.startsWith('https') ? 'https' : 'http';
    expect({ case: r.case, tells: tellsOf(request(r, scheme)) }).toEqual({ case: r.case, tells: [] });
  }
});

// What the old harness sent: the SDK's User-Agent (without its metrics list) on every kind, no SDK retry headers.
const OLD_UA = 'aws-sdk-js/3.1173.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.19.0 api/s3#3.1173.0';

test.each<[string, Partial<ProxiedRequest> & { headers: Record<string, string> }, string]>([
  ['V2 with the SDK\'s User-Agent', { method: 'HEAD', url: '/b/k', headers: { 'user-agent': OLD_UA, authorization: 'AWS AK:c2ln' } }, 'Signature V2 from the AWS SDK for JS (it cannot sign V2)'],
  ['V4 without the SDK\'s retry headers', { method: 'HEAD', url: '/b/k', headers: { 'user-agent': OLD_UA, authorization: 'AWS4-HMAC-SHA256 Credential=x' } }, 'the AWS SDK for JS without amz-sdk-invocation-id or amz-sdk-request'],
  ['V4 without the metrics list', { method: 'HEAD', url: '/b/k', headers: { 'user-agent': OLD_UA, authorization: 'AWS4-HMAC-SHA256 Credential=x', 'amz-sdk-invocation-id': 'i', 'amz-sdk-request': 'attempt=1; max=4' } }, 'the AWS SDK for JS without its metrics list or x-amz-user-agent'],
  ['V4 PUT without x-id', { method: 'PUT', url: '/b/k', headers: { 'user-agent': `${OLD_UA} m/N,F,e`, 'x-amz-user-agent': 'aws-sdk-js/3', authorization: 'AWS4-HMAC-SHA256 Credential=x', 'amz-sdk-invocation-id': 'i', 'amz-sdk-request': 'a' } }, 'the AWS SDK for JS without x-id on an object call'],
  ['botocore without its retry headers', { method: 'HEAD', url: '/b/k', headers: { 'user-agent': 'Boto3/1.43.11 md/Botocore#1.43.11', authorization: 'AWS AK:c2ln', 'accept-encoding': 'identity' } }, 'botocore without amz-sdk-invocation-id or amz-sdk-request'],
  ['a form from the SDK', { method: 'POST', url: '/b', headers: { 'user-agent': OLD_UA, 'content-type': 'multipart/form-data; boundary=----sse-conformance-0123' } }, 'a POST form from the AWS SDK for JS (no SDK sends one)'],
  ['a form with the old boundary', { method: 'POST', url: '/b', headers: { 'user-agent': 'Mozilla/5.0 (X11)', 'content-type': 'multipart/form-data; boundary=----sse-conformance-0123' } }, 'a form boundary no browser makes'],
  ['a form without Origin', { method: 'POST', url: '/b', headers: { 'user-agent': 'Mozilla/5.0 (X11)', 'content-type': 'multipart/form-data; boundary=----WebKitFormBoundaryABCDEFGHIJKLMNOP' } }, 'a browser form POST without Origin'],
])('%s gives the request away', (_label, r, tell) => {
  expect(tellsOf({ scheme: 'http', method: 'GET', url: '/', body: Buffer.alloc(0), sdk: false, ...r })).toContain(tell);
});
