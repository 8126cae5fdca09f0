import type { Encryption } from '../profile/types';
import { hmacSha256, md5, randomBytes, safeEqual } from './crypto';
import { S3Error, err } from './errors';
import type { EndpointState } from './state';
import type { SseRecord } from './storage/records';

/** Reads a header (or POST form field) by lower-case name. */
export type Getter = (name: string) => string | undefined;

export const SSE_C_PREFIX = 'x-amz-server-side-encryption-customer-';
export const COPY_SSE_C_PREFIX = 'x-amz-copy-source-server-side-encryption-customer-';

export interface CustomerKey {
  key: Buffer;
  keyMd5: string;
}

export type SseRequest = { kind: 'plain' } | { kind: 'sse-c'; customer: CustomerKey } | { kind: 'sse-kms'; keyId: string | undefined };

/** What the request asks for, by presence only: classification must not depend on validity. */
export function requestedEncryption(get: Getter, names: Iterable<string>): Encryption {
  for (const n of names) if (n.startsWith(SSE_C_PREFIX)) return 'sse-c';
  const sse = get('x-amz-server-side-encryption');
  if ((sse !== undefined && sse.toLowerCase().startsWith('aws:kms')) || get('x-amz-server-side-encryption-aws-kms-key-id') !== undefined) return 'sse-kms';
  return 'plain';
}

/** SSE-C key headers under `prefix`, validated (AES256, 32-byte base64 key, matching MD5); undefined when none is sent. */
export function parseCustomerKey(get: Getter, prefix: string): CustomerKey | undefined {
  const algorithm = get(`${prefix}algorithm`);
  const keyB64 = get(`${prefix}key`);
  const keyMd5 = get(`${prefix}key-md5`);
  if (algorithm === undefined && keyB64 === undefined && keyMd5 === undefined) return undefined;
  if (algorithm === undefined || keyB64 === undefined || keyMd5 === undefined) {
    throw err.invalidArgument(`Requests specifying Server Side Encryption with Customer provided keys must provide ${prefix}algorithm, ${prefix}key and ${prefix}key-MD5.`);
  }
  if (algorithm !== 'AES256') {
    throw new S3Error(400, 'InvalidEncryptionAlgorithmError', 'The encryption request you specified is not valid. The valid value is AES256.', { ArgumentName: `${prefix}algorithm`, ArgumentValue: algorithm });
  }
  const key = strictBase64(keyB64);
  if (!key || key.length !== 32) throw err.invalidArgument('The secret key was invalid for the specified algorithm.', { ArgumentName: `${prefix}key` });
  const computed = md5(key).toString('base64');
  if (!safeEqual(computed, keyMd5)) throw err.invalidArgument('The calculated MD5 hash of the key did not match the hash that was provided.', { ArgumentName: `${prefix}key-MD5` });
  return { key, keyMd5: computed };
}

function strictBase64(s: string): Buffer | undefined {
  const t = s.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) return undefined;
  return Buffer.from(t, 'base64');
}

/** The encryption a write asks for, validated. SSE-C and SSE-KMS together are refused. */
export function parseSseRequest(get: Getter, names: Iterable<string>): SseRequest {
  const customer = parseCustomerKey(get, SSE_C_PREFIX);
  const sse = get('x-amz-server-side-encryption');
  const keyId = get('x-amz-server-side-encryption-aws-kms-key-id');
  if (customer && (sse !== undefined || keyId !== undefined)) {
    throw err.invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified');
  }
  if (customer) return { kind: 'sse-c', customer };
  for (const n of names) if (n.startsWith(SSE_C_PREFIX)) throw err.invalidArgument(`Unknown SSE-C header ${n}`);
  if (sse === undefined) {
    if (keyId !== undefined) throw err.invalidArgument('x-amz-server-side-encryption-aws-kms-key-id is only valid with x-amz-server-side-encryption: aws:kms');
    return { kind: 'plain' };
  }
  if (sse === 'aws:kms') return { kind: 'sse-kms', keyId };
  if (sse === 'AES256') throw err.invalidArgument('SSE-S3 (AES256) is not implemented by the reference endpoint; use aws:kms or SSE-C', { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: sse });
  throw err.invalidArgument('The encryption method specified is not supported', { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: sse });
}

/** A new record for data about to be written, and the key that seals it (null: stored in clear). */
export function newSseRecord(state: EndpointState, req: SseRequest): { record: SseRecord; dataKey: Buffer | null } {
  if (state.fault === 'plaintext' || req.kind === 'plain') return { record: { kind: 'plain' }, dataKey: null };
  if (req.kind === 'sse-c') {
    const salt = randomBytes(16);
    const dataKey = keepsOwnKey(state) ? ownKey(state, salt) : req.customer.key;
    return { record: { kind: 'sse-c', keyMd5: req.customer.keyMd5, salt, fingerprint: fingerprint(state, salt, req.customer.key) }, dataKey };
  }
  const asked = state.keyring.resolve(req.keyId);
  // The kms-default-key fault seals under the default key, and remembers the one asked for to name it in write answers.
  const keyId = state.fault === 'kms-default-key' ? state.keyring.defaultKeyId : asked;
  const { plaintext, wrapped } = state.keyring.generateDataKey(keyId);
  return { record: { kind: 'sse-kms', keyId, wrappedKey: wrapped, ...(asked !== keyId ? { asked } : {}) }, dataKey: plaintext };
}

function fingerprint(state: EndpointState, salt: Buffer, key: Buffer): Buffer {
  return hmacSha256(state.fingerprintSecret, Buffer.concat([salt, key]));
}

/** Faults under which SSE-C data is sealed under a key of the endpoint's own, so that it can open it without the customer's. */
function keepsOwnKey(state: EndpointState): boolean {
  return state.fault === 'any-sse-c-key-opens' || state.fault === 'copy-source-key-unchecked';
}

/** The data key of an SSE-C record under those faults: derived from the endpoint's secret and the record's salt. */
function ownKey(state: EndpointState, salt: Buffer): Buffer {
  return hmacSha256(state.fingerprintSecret, Buffer.concat([Buffer.from('own-sse-c-key\0'), salt]));
}

/**
 * The key to read (or extend) data under `record`, given the SSE-C key the request supplied
 * (`what` names the thing for messages). Missing SSE-C key: 400 InvalidRequest; wrong: 403.
 */
export function dataKeyFor(state: EndpointState, record: SseRecord, customer: CustomerKey | undefined, what = 'object'): Buffer | null {
  if (record.kind === 'sse-c') {
    if (!customer) {
      throw err.invalidRequest(`The ${what} was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the ${what}.`);
    }
    // The any-sse-c-key-opens fault: a key must be sent, any one will do; copy-source-key-unchecked: so for a copy's source.
    const unchecked = state.fault === 'any-sse-c-key-opens' || (state.fault === 'copy-source-key-unchecked' && what === 'source object');
    if (!unchecked && !safeEqual(fingerprint(state, record.salt, customer.key), record.fingerprint)) {
      throw err.accessDenied(`The SSE-C key provided does not match the key the ${what} was encrypted with.`);
    }
    return keepsOwnKey(state) ? ownKey(state, record.salt) : customer.key;
  }
  // The plaintext fault stores everything in clear and no longer checks keys.
  if (customer && state.fault !== 'plaintext') throw err.invalidRequest(`The encryption parameters are not applicable to this ${what}.`);
  if (record.kind === 'sse-kms') return state.keyring.unwrap(record.keyId, record.wrappedKey);
  return null;
}

/**
 * Response headers confirming the encryption (none for plain, hence none under the plaintext fault).
 * `answering` a write (and its parts and completion) or a read: they differ only under the
 * kms-default-key fault, where a write's answer names the key asked for, a read's the key used.
 */
export function sseResponseHeaders(record: SseRecord, answering: 'write' | 'read' = 'write'): Record<string, string> {
  if (record.kind === 'sse-c') return { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key-MD5': record.keyMd5 };
  if (record.kind === 'sse-kms') {
    return { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': answering === 'write' ? (record.asked ?? record.keyId) : record.keyId };
  }
  return {};
}

export function encryptionOf(record: SseRecord): Encryption {
  return record.kind;
}
