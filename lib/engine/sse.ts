import { createHash, randomBytes } from 'node:crypto';
import type { Encryption } from '../profile/types';

export interface SseCKey {
  keyB64: string;
  md5B64: string;
}

export function newSseCKey(): SseCKey {
  const key = randomBytes(32);
  return { keyB64: key.toString('base64'), md5B64: createHash('md5').update(key).digest('base64') };
}

export const H = {
  sse: 'x-amz-server-side-encryption',
  kmsKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  cAlg: 'x-amz-server-side-encryption-customer-algorithm',
  cKey: 'x-amz-server-side-encryption-customer-key',
  cMd5: 'x-amz-server-side-encryption-customer-key-md5',
  srcAlg: 'x-amz-copy-source-server-side-encryption-customer-algorithm',
  srcKey: 'x-amz-copy-source-server-side-encryption-customer-key',
  srcMd5: 'x-amz-copy-source-server-side-encryption-customer-key-md5',
} as const;

/** Headers (or POST form fields: same names) asking for an encryption on what the request writes. */
export function sseHeaders(enc: Encryption, ssec: SseCKey, kmsKeyId: string | undefined): Record<string, string> {
  if (enc === 'sse-c') return { [H.cAlg]: 'AES256', [H.cKey]: ssec.keyB64, [H.cMd5]: ssec.md5B64 };
  if (enc === 'sse-kms') return { [H.sse]: 'aws:kms', ...(kmsKeyId ? { [H.kmsKeyId]: kmsKeyId } : {}) };
  return {};
}

/** Headers that unlock an SSE-C object being read (GET, HEAD) or written into (upload part). */
export function ssecKeyHeaders(enc: Encryption | null, ssec: SseCKey): Record<string, string> {
  return enc === 'sse-c' ? { [H.cAlg]: 'AES256', [H.cKey]: ssec.keyB64, [H.cMd5]: ssec.md5B64 } : {};
}

export function copySourceHeaders(source: Encryption | null, ssec: SseCKey): Record<string, string> {
  return source === 'sse-c' ? { [H.srcAlg]: 'AES256', [H.srcKey]: ssec.keyB64, [H.srcMd5]: ssec.md5B64 } : {};
}

/** A KMS key id matches when equal, or when the endpoint answers with an ARN ending in it. */
export function kmsKeyMatches(answered: string | undefined, asked: string | undefined): boolean {
  if (!answered) return false;
  if (!asked) return true;
  return answered === asked || answered.endsWith(`/${asked}`) || answered.endsWith(`:${asked}`);
}

/**
 * Whether a response's headers confirm the encryption asked for: SSE-C echoes the algorithm
 * and the key MD5, SSE-KMS echoes aws:kms and the key id. Returns what is missing, or null.
 */
export function echoProblem(enc: Encryption, headers: Record<string, string>, ssec: SseCKey, kmsKeyId: string | undefined): string | null {
  if (enc === 'sse-c') {
    if (headers[H.cAlg] !== 'AES256') return `no ${H.cAlg}: AES256 in the answer (got ${headers[H.cAlg] ?? 'none'})`;
    if (headers[H.cMd5] !== ssec.md5B64) return `the answer does not echo the SSE-C key MD5 (got ${headers[H.cMd5] ?? 'none'})`;
    return null;
  }
  if (enc === 'sse-kms') {
    if (headers[H.sse] !== 'aws:kms') return `no ${H.sse}: aws:kms in the answer (got ${headers[H.sse] ?? 'none'})`;
    if (!kmsKeyMatches(headers[H.kmsKeyId], kmsKeyId)) return `the answer does not name the KMS key ${kmsKeyId ?? ''} (got ${headers[H.kmsKeyId] ?? 'none'})`.replace('  ', ' ');
    return null;
  }
  if (headers[H.sse] === 'aws:kms' || headers[H.cAlg]) return 'a non-encrypted write answered as SSE-KMS or SSE-C';
  return null;
}
