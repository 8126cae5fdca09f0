import { err } from '../errors';
import type { EndpointState } from '../state';
import { releaseSegments } from './data';
import type { BucketRecord, ObjectRecord, UploadRecord } from './records';

/**
 * Metadata changes are synchronous Map operations done after the (async) data writes, so each
 * is atomic with respect to other requests: a reader sees the old object or the new one, whole.
 */
export function putObjectRecord(state: EndpointState, bucket: BucketRecord, obj: ObjectRecord): void {
  const old = bucket.objects.get(obj.key);
  bucket.objects.set(obj.key, obj);
  if (old) releaseSegments(state, old.segments);
}

export function deleteObjectRecord(state: EndpointState, bucket: BucketRecord, key: string): boolean {
  const old = bucket.objects.get(key);
  if (!old) return false;
  bucket.objects.delete(key);
  releaseSegments(state, old.segments);
  return true;
}

export function uploadOf(bucket: BucketRecord, key: string, uploadId: string): UploadRecord {
  const u = bucket.uploads.get(uploadId);
  if (!u || u.key !== key) throw err.noSuchUpload(uploadId);
  return u;
}

export function dropUpload(state: EndpointState, bucket: BucketRecord, upload: UploadRecord): void {
  bucket.uploads.delete(upload.uploadId);
  releaseSegments(state, [...upload.parts.values()].map((p) => p.segment));
}

export function createBucketRecord(state: EndpointState, name: string): BucketRecord {
  let b = state.buckets.get(name);
  if (!b) {
    b = { name, created: state.now(), objects: new Map(), uploads: new Map() };
    state.buckets.set(name, b);
  }
  return b;
}

/** S3 orders keys by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
