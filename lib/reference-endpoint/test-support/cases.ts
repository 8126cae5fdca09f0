import type { Case } from '../../matrix/types';
import type { Encryption } from '../../profile/types';
import {
  completeXml,
  copySseCHeaders,
  customerKey,
  objectPath,
  sseHeadersFor,
  uploadIdOf,
  type CustomerKeyMaterial,
  type Reply,
  type TestClient,
} from './client';

/**
 * One matrix case driven against the endpoint: arrange fixtures through the trusted path
 * (HTTPS + V4), act with exactly the case's protocol and signature, then look for side effects.
 */
export interface CaseRun {
  act: Reply;
  /** Whether the act left anything behind (object, upload, part, target). */
  sideEffect: boolean;
  /** For reads and writes that were accepted: the plaintext read back equals what was written. */
  readBackOk?: boolean;
  key: CustomerKeyMaterial;
}

const PAYLOAD = Buffer.from('sse-conformance payload: the quick brown fox jumps over the lazy dog');

let counter = 0;

export async function runCase(client: TestClient, c: Case): Promise<CaseRun> {
  const ep = client.ep;
  const bucket = ep.bucket;
  const base = `cases/${c.id}/${++counter}`;
  const key = customerKey();
  const trusted = { protocol: 'https' as const, auth: 'v4' as const };
  const act = { protocol: c.protocol, auth: c.auth };
  const put = async (k: string, enc: Encryption) => {
    const r = await client.send({ ...trusted, method: 'PUT', path: objectPath(bucket, k), headers: sseHeadersFor(enc, key), body: PAYLOAD });
    if (r.status !== 200) throw new Error(`arrange PUT ${k}: ${r.status} ${r.text}`);
  };
  const initiate = async (k: string, enc: Encryption) => {
    const r = await client.send({ ...trusted, method: 'POST', path: objectPath(bucket, k), query: 'uploads', headers: sseHeadersFor(enc, key) });
    return uploadIdOf(r);
  };
  const exists = async (k: string) => (await ep.rawStoredBytes(bucket, k)) !== undefined;
  const uploads = async (k: string) => {
    const r = await client.send({ ...trusted, method: 'GET', path: `/${bucket}`, query: `uploads&prefix=${encodeURIComponent(k)}` });
    const u = (r.xml?.ListMultipartUploadsResult as { Upload?: unknown } | undefined)?.Upload;
    return u === undefined ? 0 : Array.isArray(u) ? u.length : 1;
  };
  const parts = async (k: string, uploadId: string) => {
    const r = await client.send({ ...trusted, method: 'GET', path: objectPath(bucket, k), query: `uploadId=${encodeURIComponent(uploadId)}` });
    const p = (r.xml?.ListPartsResult as { Part?: unknown } | undefined)?.Part;
    return p === undefined ? 0 : Array.isArray(p) ? p.length : 1;
  };
  const readBack = async (k: string, enc: Encryption) => {
    const r = await client.send({ ...trusted, method: 'GET', path: objectPath(bucket, k), headers: enc === 'sse-c' ? sseHeadersFor('sse-c', key) : {} });
    return r.status === 200 && r.body.equals(PAYLOAD);
  };

  switch (c.operation) {
    case 'put-object': {
      const k = `${base}/obj`;
      const r = await client.send({ ...act, method: 'PUT', path: objectPath(bucket, k), headers: sseHeadersFor(c.target, key), body: PAYLOAD });
      const sideEffect = await exists(k);
      return { act: r, sideEffect, readBackOk: sideEffect ? await readBack(k, c.target) : undefined, key };
    }
    case 'post-object': {
      const k = `${base}/posted`;
      const fields = sseHeadersFor(c.target, key);
      const r = await client.post({ protocol: c.protocol, auth: c.auth, key: k, fields, file: PAYLOAD });
      const sideEffect = await exists(k);
      return { act: r, sideEffect, readBackOk: sideEffect ? await readBack(k, c.target) : undefined, key };
    }
    case 'initiate-multipart-upload': {
      const k = `${base}/mpu`;
      const r = await client.send({ ...act, method: 'POST', path: objectPath(bucket, k), query: 'uploads', headers: sseHeadersFor(c.target, key) });
      return { act: r, sideEffect: (await uploads(k)) > 0, key };
    }
    case 'head-object':
    case 'get-object': {
      const k = `${base}/read`;
      await put(k, c.target);
      const r = await client.send({ ...act, method: c.operation === 'head-object' ? 'HEAD' : 'GET', path: objectPath(bucket, k), headers: c.target === 'sse-c' ? sseHeadersFor('sse-c', key) : {} });
      const readBackOk = c.operation === 'get-object' ? r.status === 200 && r.body.equals(PAYLOAD) : r.status === 200 && Number(r.headers['content-length']) === PAYLOAD.length;
      return { act: r, sideEffect: false, readBackOk, key };
    }
    case 'upload-part': {
      const k = `${base}/mpu`;
      const uploadId = await initiate(k, c.target);
      const r = await client.send({ ...act, method: 'PUT', path: objectPath(bucket, k), query: `partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, headers: c.target === 'sse-c' ? sseHeadersFor('sse-c', key) : {}, body: PAYLOAD });
      return { act: r, sideEffect: (await parts(k, uploadId)) > 0, key };
    }
    case 'complete-multipart-upload': {
      const k = `${base}/mpu`;
      const uploadId = await initiate(k, c.target);
      const part = await client.send({ ...trusted, method: 'PUT', path: objectPath(bucket, k), query: `partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, headers: c.target === 'sse-c' ? sseHeadersFor('sse-c', key) : {}, body: PAYLOAD });
      if (part.status !== 200) throw new Error(`arrange part: ${part.status} ${part.text}`);
      const r = await client.send({ ...act, method: 'POST', path: objectPath(bucket, k), query: `uploadId=${encodeURIComponent(uploadId)}`, headers: c.target === 'sse-c' ? sseHeadersFor('sse-c', key) : {}, body: completeXml([{ n: 1, etag: String(part.headers.etag) }]) });
      const sideEffect = await exists(k);
      return { act: r, sideEffect, readBackOk: sideEffect ? await readBack(k, c.target) : undefined, key };
    }
    case 'copy-object': {
      const src = `${base}/src`;
      const dst = `${base}/dst`;
      await put(src, c.source!);
      const headers = { 'x-amz-copy-source': objectPath(bucket, src), ...sseHeadersFor(c.target, key), ...(c.source === 'sse-c' ? copySseCHeaders(key) : {}) };
      const r = await client.send({ ...act, method: 'PUT', path: objectPath(bucket, dst), headers });
      const sideEffect = await exists(dst);
      return { act: r, sideEffect, readBackOk: sideEffect ? await readBack(dst, c.target) : undefined, key };
    }
    case 'upload-part-copy': {
      const src = `${base}/src`;
      const k = `${base}/mpu`;
      await put(src, c.source!);
      const uploadId = await initiate(k, c.target);
      const headers = { 'x-amz-copy-source': objectPath(bucket, src), ...(c.target === 'sse-c' ? sseHeadersFor('sse-c', key) : {}), ...(c.source === 'sse-c' ? copySseCHeaders(key) : {}) };
      const r = await client.send({ ...act, method: 'PUT', path: objectPath(bucket, k), query: `partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, headers });
      return { act: r, sideEffect: (await parts(k, uploadId)) > 0, key };
    }
  }
}

/** The response headers that confirm the encryption a case asked for. */
export function echoesEncryption(r: Reply, enc: Encryption, key: CustomerKeyMaterial, kmsKeyId: string): boolean {
  if (enc === 'sse-c') return r.headers['x-amz-server-side-encryption-customer-algorithm'] === 'AES256' && r.headers['x-amz-server-side-encryption-customer-key-md5'] === key.md5;
  if (enc === 'sse-kms') return r.headers['x-amz-server-side-encryption'] === 'aws:kms' && r.headers['x-amz-server-side-encryption-aws-kms-key-id'] === kmsKeyId;
  return r.headers['x-amz-server-side-encryption'] === undefined && r.headers['x-amz-server-side-encryption-customer-algorithm'] === undefined;
}
