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
 */
export type Fault = 'plaintext' | 'refuse-v2' | 'error-500' | 'key-confusion' | 'bookkeeping';
export const FAULTS: readonly Fault[] = ['plaintext', 'refuse-v2', 'error-500', 'key-confusion', 'bookkeeping'];

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
