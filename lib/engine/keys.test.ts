import type { Case } from '../matrix/types';
import { Redactor } from '../redact/redact';
import type { EngineContext } from './context';
import { cellKmsKeyId, otherSseCKey } from './keys';

const ctx = (kmsKeyId: string | undefined, kmsKeyId2?: string) => ({ target: { kmsKeyId, ...(kmsKeyId2 ? { kmsKeyId2 } : {}) } }) as unknown as EngineContext;

// Every SSE-KMS target asks for the second key when there is one: a key the endpoint would not pick
// by itself. Reads write nothing and are judged by the fixture's key (S3_KMS_KEY_ID).
test.each<[string, Pick<Case, 'operation' | 'target'>, string | undefined, string | undefined, string | undefined]>([
  ['put into SSE-KMS, second key configured', { operation: 'put-object', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['POST into SSE-KMS', { operation: 'post-object', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['initiate into SSE-KMS', { operation: 'initiate-multipart-upload', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['part into an SSE-KMS upload', { operation: 'upload-part', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['complete of an SSE-KMS upload', { operation: 'complete-multipart-upload', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['copy into SSE-KMS (any source)', { operation: 'copy-object', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['part copy into SSE-KMS (any source)', { operation: 'upload-part-copy', target: 'sse-kms' }, 'k1', 'k2', 'k2'],
  ['second key without a first (endpoint default for fixtures)', { operation: 'copy-object', target: 'sse-kms' }, undefined, 'k2', 'k2'],
  ['GET of the SSE-KMS fixture: its own key', { operation: 'get-object', target: 'sse-kms' }, 'k1', 'k2', 'k1'],
  ['HEAD of the SSE-KMS fixture: its own key', { operation: 'head-object', target: 'sse-kms' }, 'k1', 'k2', 'k1'],
  ['an SSE-C target: the first key (unused)', { operation: 'put-object', target: 'sse-c' }, 'k1', 'k2', 'k1'],
  ['a plain target (a control, a copy into plain)', { operation: 'copy-object', target: 'plain' }, 'k1', 'k2', 'k1'],
  ['no second key: the first', { operation: 'put-object', target: 'sse-kms' }, 'k1', undefined, 'k1'],
  ['no key at all: none (the endpoint default, no key id sent)', { operation: 'put-object', target: 'sse-kms' }, undefined, undefined, undefined],
])('%s', (_name, c, k1, k2, want) => {
  expect(cellKmsKeyId(ctx(k1, k2), c)).toBe(want);
});

test('otherSseCKey: a fresh 32-byte key each time, with its MD5, registered with the redactor before it is returned', () => {
  const redactor = new Redactor();
  const c = { redactor } as unknown as EngineContext;
  const a = otherSseCKey(c);
  const b = otherSseCKey(c);
  expect(a.keyB64).not.toBe(b.keyB64);
  expect(Buffer.from(a.keyB64, 'base64')).toHaveLength(32);
  expect(a.md5B64).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  for (const k of [a, b]) {
    expect(redactor.text(`key=${k.keyB64}`)).not.toContain(k.keyB64);
    expect(redactor.text(Buffer.from(k.keyB64, 'base64').toString('hex'))).not.toContain(Buffer.from(k.keyB64, 'base64').toString('hex'));
  }
});
