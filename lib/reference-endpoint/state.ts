import type { Profile } from '../profile/types';
import type { Enforcer } from './enforcement';
import type { Keyring } from './keyring';
import type { BlobStore } from './storage/blobs';
import type { BucketRecord } from './storage/records';

/**
 * Deliberate misbehaviours for self-checks. key-confusion: a copy decrypts an SSE-C source with the
 * destination's SSE-C key (radosgw 16 does), and an SSE-KMS copy keeps the source's KMS key
 * whatever key was asked for: both pass a harness that uses one key for everything. bookkeeping:
 * SSE kept as bookkeeping only: everything is stored in clear, yet answered, echoed and enforced
 * (an SSE-C read still needs its key) as if encrypted: only a look at the stored bytes shows it.
 * any-sse-c-key-opens: SSE-C data is sealed under a key of the endpoint's own, and any well-formed
 * SSE-C key unlocks it (no key is still refused): the customer key is demanded, never checked.
 * kms-default-key: every SSE-KMS write is sealed under the keyring's default key whatever key id
 * was asked for, while the answers to writes (and to the parts and completion of an upload) name
 * the key asked for; reads (GET, HEAD) name the key really used.
 * head-key-unchecked: a HEAD of an SSE-C object decrypts nothing, so it checks only that a key is
 * sent: any well-formed key gets the metadata and the MD5 of the object's key (GET still checks).
 * part-key-unchecked: a part into an SSE-C upload is sealed under whatever key it carries, never
 * compared with the upload's (reads and the upload's other checks are right).
 * copy-source-key-unchecked: SSE-C data is sealed under a key of the endpoint's own, and a copy
 * (or part copy) opens an SSE-C source with any well-formed copy-source key; GET, HEAD and parts
 * check the key.
 */
export type Fault =
  | 'plaintext'
  | 'refuse-v2'
  | 'error-500'
  | 'key-confusion'
  | 'bookkeeping'
  | 'any-sse-c-key-opens'
  | 'kms-default-key'
  | 'head-key-unchecked'
  | 'part-key-unchecked'
  | 'copy-source-key-unchecked';
export const FAULTS: readonly Fault[] = [
  'plaintext',
  'refuse-v2',
  'error-500',
  'key-confusion',
  'bookkeeping',
  'any-sse-c-key-opens',
  'kms-default-key',
  'head-key-unchecked',
  'part-key-unchecked',
  'copy-source-key-unchecked',
];

/** Everything one running endpoint shares between its two listeners. */
export interface EndpointState {
  profile: Profile;
  enforcer: Enforcer;
  fault: Fault | undefined;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  keyring: Keyring;
  blobs: BlobStore;
  buckets: Map<string, BucketRecord>;
  /** Server-side secret keying the SSE-C key fingerprints (so a leaked catalog reveals no key). */
  fingerprintSecret: Buffer;
  maxBodyBytes: number;
  minPartSize: number;
  /** Token of the at-rest admin route (lib/reference-endpoint/admin.ts); no route when absent. */
  atRestToken?: string;
  /** Clock, replaceable in tests. */
  now(): Date;
}
