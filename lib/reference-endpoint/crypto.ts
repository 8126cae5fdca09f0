import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * AES-256-GCM with a fresh random 96-bit IV per sealed segment: `iv | ciphertext | tag`.
 * GCM (not CTR) so that a wrong key or tampered bytes fail loudly instead of returning garbage.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SEAL_OVERHEAD = IV_BYTES + TAG_BYTES;

export function seal(key: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer, aad?: Buffer): Buffer {
  if (sealed.length < SEAL_OVERHEAD) throw new Error('sealed segment too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** Constant-time comparison of two byte strings of possibly different lengths. */
export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // spend comparable time either way
    return false;
  }
  return timingSafeEqual(x, y);
}

export const md5 = (data: Buffer | string): Buffer => createHash('md5').update(data).digest();
export const md5Hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');
export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
export const hmacSha256 = (key: Buffer, data: Buffer): Buffer => createHmac('sha256', key).update(data).digest();
export { randomBytes };
