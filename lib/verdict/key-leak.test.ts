import { randomBytes } from 'node:crypto';
import { findKeyLeak } from './key-leak';

const raw = randomBytes(32);
const other = randomBytes(32);

test.each([
  ['base64 in a header', { 'x-debug': raw.toString('base64') }, Buffer.alloc(0)],
  ['base64url in a header', { 'x-debug': raw.toString('base64url') }, Buffer.alloc(0)],
  ['hex in a header', { 'x-debug': raw.toString('hex') }, Buffer.alloc(0)],
  ['upper-case hex in the body', {}, Buffer.from(`<Error><Message>${raw.toString('hex').toUpperCase()}</Message></Error>`)],
  ['raw bytes in the body', {}, Buffer.concat([Buffer.from('<Error>'), raw, Buffer.from('</Error>')])],
  ['raw bytes in a header (latin1)', { 'x-debug': raw.toString('latin1') }, Buffer.alloc(0)],
  ['base64 without padding in the body', {}, Buffer.from(raw.toString('base64').replace(/=+$/, ''))],
])('finds the key as %s', (_name, headers: Record<string, string>, body) => {
  expect(findKeyLeak(headers, body, [raw])).not.toBeNull();
});

test('another key, the key MD5 and an ordinary answer are not a leak', () => {
  const headers = { 'x-amz-server-side-encryption-customer-key-md5': 'rT2Y2W5bWmRbGv9qVKfQcA==', etag: '"abc"', 'x-debug': other.toString('hex') };
  expect(findKeyLeak(headers, Buffer.from(other.toString('base64')), [raw])).toBeNull();
});
