import { keyRefusal } from './other-keys';

// What a trusted request with no key, or another key than the object's (or upload's), got. Only a
// refusal shows the key is checked; an acceptance shows it is not; anything else shows nothing.
const what = { opens: 'stored object opens with another SSE-C key', step: 'verify: trusted GET with another SSE-C key' };

test.each<[string, number, string | undefined, object]>([
  ['200: opened', 200, undefined, { verdict: 'fail', severity: 'downgrade', reason: 'stored object opens with another SSE-C key: the key is not checked' }],
  ['206: opened (a range is still the bytes)', 206, undefined, { verdict: 'fail', severity: 'downgrade' }],
  ['204: accepted', 204, undefined, { verdict: 'fail', severity: 'downgrade' }],
  ['403 AccessDenied: refused (S3)', 403, 'AccessDenied', { verdict: 'pass' }],
  ['400 InvalidRequest/InvalidArgument: refused', 400, 'InvalidArgument', { verdict: 'pass' }],
  ['404: refused (nothing served for that key)', 404, 'NoSuchKey', { verdict: 'pass' }],
  ['409: refused', 409, 'Conflict', { verdict: 'pass' }],
  ['408: busy, not a refusal', 408, 'RequestTimeout', { verdict: 'error', reason: 'verify: trusted GET with another SSE-C key got 408 RequestTimeout' }],
  ['429: busy, not a refusal', 429, 'SlowDown', { verdict: 'error' }],
  ['500: proves nothing', 500, 'InternalError', { verdict: 'error', reason: 'verify: trusted GET with another SSE-C key got 500 InternalError' }],
  ['503: proves nothing', 503, undefined, { verdict: 'error', reason: 'verify: trusted GET with another SSE-C key got 503' }],
  ['301: a redirect proves nothing', 301, 'PermanentRedirect', { verdict: 'error' }],
  ['304: proves nothing', 304, undefined, { verdict: 'error' }],
])('%s', (_name, status, code, want) => {
  expect(keyRefusal(status, code, what)).toEqual(expect.objectContaining(want));
});
