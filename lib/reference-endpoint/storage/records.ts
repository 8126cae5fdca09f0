/** What the endpoint remembers about buckets, objects and uploads (metadata stays in memory). */

/** SSE-C: the key itself is never kept, only a salted HMAC of it to recognise it on later requests. */
export interface SseCRecord {
  kind: 'sse-c';
  keyMd5: string;
  salt: Buffer;
  fingerprint: Buffer;
}
/** SSE-KMS: the data key, wrapped by the keyring's master key `keyId`. */
export interface SseKmsRecord {
  kind: 'sse-kms';
  keyId: string;
  wrappedKey: Buffer;
  /** Under the kms-default-key fault: the key id the write asked for (not used), which write answers name. */
  asked?: string;
}
export interface PlainRecord {
  kind: 'plain';
}
export type SseRecord = SseCRecord | SseKmsRecord | PlainRecord;

/** One independently sealed run of bytes: a whole object, or one part of a multipart object. */
export interface Segment {
  blobId: string;
  /** Plaintext length. */
  size: number;
}

/** Content-Type and the other headers S3 stores and returns with an object. */
export interface ObjectHeaders {
  contentType: string;
  stored: Record<string, string>;
  metadata: Record<string, string>;
}

export interface ObjectRecord extends ObjectHeaders {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
  sse: SseRecord;
  segments: Segment[];
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
  segment: Segment;
}

export interface UploadRecord extends ObjectHeaders {
  uploadId: string;
  key: string;
  initiated: Date;
  sse: SseRecord;
  parts: Map<number, PartRecord>;
}

export interface BucketRecord {
  name: string;
  created: Date;
  objects: Map<string, ObjectRecord>;
  uploads: Map<string, UploadRecord>;
}
