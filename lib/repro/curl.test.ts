import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { newSseCKey } from '../engine/sse';
import { buildPostPolicyFields } from '../signing/post-policy';
import { multipartFormBody } from '../signing/form-data';
import { CurlError, curlCommand, type CurlRequest } from './curl';

const KEY = newSseCKey();
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const V4_SIG = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'a'.repeat(8);

function input(over: Partial<CurlRequest> & { request: CurlRequest['request'] }): CurlRequest {
  return { auth: 'v4', policyAuth: false, region: 'eu-west-1', accessKeyId: 'AKIDEXAMPLE', insecure: false, fromEnv: [{ value: KEY.keyB64, env: 'SSE_CUSTOMER_KEY' }], never: [SECRET], ...over };
}

/** Runs the lines that write "$body" in bash and returns the bytes written. */
function bodyWritten(lines: string[], env: Record<string, string> = {}): Buffer {
  const end = lines.indexOf('} > "$body"');
  const script = [...lines.slice(0, end + 1), 'cat "$body"', 'rm -f "$body"'].join('\n');
  // stdin not a socket: bash would take itself for a remote shell and read ~/.bashrc.
  const r = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r.stderr.toString()).toBe('');
  return r.stdout;
}

const v4Put = (body: Buffer) => ({
  method: 'PUT',
  url: 'https://s3.example.com/bucket/runs/a%2Bb/k?x-id=PutObject',
  headers: {
    'content-type': 'application/octet-stream',
    'x-amz-server-side-encryption-customer-algorithm': 'AES256',
    'x-amz-server-side-encryption-customer-key': KEY.keyB64,
    'x-amz-server-side-encryption-customer-key-md5': KEY.md5B64,
    'content-length': String(body.length),
    'user-agent': "aws-sdk-js/3 it's",
    host: 's3.example.com',
    'x-amz-date': '20260101T000000Z',
    'x-amz-content-sha256': 'e'.repeat(64),
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=${V4_SIG}`,
  },
  body,
});

test('V4: curl signs (--aws-sigv4, keys from the environment); the harness signature, date and key are not in the command', () => {
  const body = randomBytes(1500);
  const cmd = curlCommand(input({ request: v4Put(body), caFile: '/etc/my ca.pem' }));
  const text = cmd.lines.join('\n');
  expect(text).toContain('--aws-sigv4 "aws:amz:eu-west-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"');
  expect(text).toContain(`-H "x-amz-server-side-encryption-customer-key: $SSE_CUSTOMER_KEY"`);
  expect(text).toContain(`-H 'x-amz-server-side-encryption-customer-key-md5: ${KEY.md5B64}'`);
  expect(text).toContain(`-H 'user-agent: aws-sdk-js/3 it'\\''s'`);
  expect(text).toContain(`--cacert '/etc/my ca.pem'`);
  expect(text).toContain(`-X PUT`);
  expect(text).toContain(`'https://s3.example.com/bucket/runs/a%2Bb/k?x-id=PutObject'`);
  for (const gone of [V4_SIG, KEY.keyB64, SECRET, 'x-amz-date', 'authorization', 'host:', 'content-length']) expect(text.toLowerCase()).not.toContain(gone.toLowerCase());
  expect(cmd.env).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'SSE_CUSTOMER_KEY']);
  expect(cmd.notes.join('\n')).toMatch(/does not expire/);
  // key and key-md5: curl before 8.10 orders them wrong when it signs.
  expect(cmd.notes.join('\n')).toMatch(/curl before 8\.10\.0 signs x-amz-server-side-encryption-customer-key-md5 before x-amz-server-side-encryption-customer-key/);
  expect(bodyWritten(cmd.lines)).toEqual(body);
});

test('V2: the signed headers as they were, Date and signature included, the access key id and the SSE-C key from the environment; valid 15 minutes past the Date', () => {
  const request = {
    method: 'PUT',
    url: 'http://127.0.0.1:9000/bucket/k?uploadId=a%2Fb&partNumber=1',
    headers: {
      Host: '127.0.0.1:9000',
      'Accept-Encoding': 'identity',
      'x-amz-server-side-encryption-customer-key': KEY.keyB64,
      'User-Agent': 'Boto3/1',
      Date: 'Sun, 06 Dec 2026 15:09:08 GMT',
      Authorization: 'AWS AKIDEXAMPLE:TAHzDxq2ONixUmAHxS5eq1iOehg=',
      'Content-Length': '0',
    },
  };
  const cmd = curlCommand(input({ request, auth: 'v2', caFile: '/ca.pem', insecure: true }));
  const text = cmd.lines.join('\n');
  expect(text).toContain(`-H "Authorization: AWS $AWS_ACCESS_KEY_ID:TAHzDxq2ONixUmAHxS5eq1iOehg="`);
  expect(text).toContain(`-H 'Date: Sun, 06 Dec 2026 15:09:08 GMT'`);
  expect(text).toContain(`-H 'Content-Length: 0'`);
  expect(text).toContain(`-H 'Accept:'`);
  // Plain HTTP: no TLS flags.
  expect(text).not.toMatch(/--cacert|--insecure|--aws-sigv4|AKIDEXAMPLE/);
  expect(text).toContain(`'http://127.0.0.1:9000/bucket/k?uploadId=a%2Fb&partNumber=1'`);
  expect(cmd.env).toEqual(['AWS_ACCESS_KEY_ID', 'SSE_CUSTOMER_KEY']);
  expect(cmd.notes).toEqual([expect.stringContaining('until about 2026-12-06T15:24:08Z')]);
});

test('POST: the form written byte for byte, its fields readable, the SSE-C key from the environment; valid until the policy expires', () => {
  const fields = buildPostPolicyFields({
    bucket: 'b',
    key: 'runs/k',
    auth: 'v4',
    creds: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
    region: 'eu-west-1',
    date: new Date('2026-12-06T15:00:00Z'),
    expiresInSec: 900,
    fields: { 'Content-Type': 'application/octet-stream', 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key': KEY.keyB64, 'x-amz-server-side-encryption-customer-key-md5': KEY.md5B64 },
  });
  // A file with line breaks and text in it: still written exactly.
  const file = Buffer.concat([randomBytes(300), Buffer.from('\r\nplain text\r\n--not-a-boundary\r\n'), randomBytes(300), Buffer.from('\r\n')]);
  const form = multipartFormBody(fields, file, 'report.bin');
  const request = { method: 'POST', url: 'https://h/b', headers: { Host: 'h', 'Content-Length': String(form.body.length), 'Content-Type': form.contentType, 'User-Agent': 'Mozilla/5.0', Origin: 'null' }, body: form.body };
  const cmd = curlCommand(input({ request, policyAuth: true }));
  const text = cmd.lines.join('\n');
  expect(text).not.toContain(KEY.keyB64);
  expect(text).toContain(`"$SSE_CUSTOMER_KEY"`);
  // The policy signature is printed: it is what authenticates the form.
  expect(text).toContain(fields['x-amz-signature']);
  expect(text).toContain(`'Content-Disposition: form-data; name="policy"'`);
  expect(text).not.toMatch(/-X POST|--aws-sigv4/);
  expect(cmd.notes).toEqual([expect.stringContaining("until the policy's expiration, 2026-12-06T15:15:00.000Z")]);
  expect(bodyWritten(cmd.lines, { SSE_CUSTOMER_KEY: KEY.keyB64 })).toEqual(form.body);
});

test('bodies of every shape are written exactly: text without line breaks, text with CRLFs, binary', () => {
  const shapes = [
    Buffer.from('<CompleteMultipartUpload><Part><ETag>"a$b`c\'d"</ETag></Part></CompleteMultipartUpload>'),
    Buffer.from('line one\r\nline two\r\n'),
    Buffer.from('\r\n\r\n'),
    randomBytes(2000),
    Buffer.from([0, 13, 10, 13, 10, 65, 13]),
  ];
  for (const body of shapes) {
    const request = { method: 'POST', url: 'https://h/b/k?uploadId=u', headers: { 'Content-Type': 'application/xml' }, body };
    expect(bodyWritten(curlCommand(input({ request, auth: 'v2' })).lines)).toEqual(body);
  }
});

test('a key no variable holds, or a secret anywhere, and there is no command', () => {
  const other = newSseCKey();
  const withOther = { ...v4Put(Buffer.from('x')), headers: { ...v4Put(Buffer.from('x')).headers, 'x-amz-server-side-encryption-customer-key': other.keyB64 } };
  expect(() => curlCommand(input({ request: withOther }))).toThrow(CurlError);
  const form = multipartFormBody({ key: 'k', 'x-amz-server-side-encryption-customer-key': other.keyB64 }, Buffer.from('f'));
  expect(() => curlCommand(input({ request: { method: 'POST', url: 'https://h/b', headers: {}, body: form.body }, policyAuth: true }))).toThrow(/no variable holds/);
  const leaky = { ...v4Put(Buffer.from('x')), url: `https://h/b/k?x=${SECRET}` };
  expect(() => curlCommand(input({ request: leaky }))).toThrow(/would hold a secret/);
  // A V2 Authorization of another access key id is not this run's.
  expect(() => curlCommand(input({ request: { method: 'GET', url: 'http://h/b/k', headers: { Authorization: 'AWS OTHER:abc=' } }, auth: 'v2' }))).toThrow(CurlError);
});
