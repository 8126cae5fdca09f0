import type { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_TIMEOUT_MS } from '../config/defaults';
import type { Target } from '../config/settings';
import { Redactor } from '../redact/redact';
import { createAgents, type Agents } from '../transport/agents';
import type { ListingBounds } from './listing-bounds';
import { createTrustedClient } from './trusted-client';
import { cleanupPrefix, keysUnder, uploadsUnder, type TrustedBucket } from './trusted-ops';
import { userAgentOf, useUserAgent } from './user-agent';

// The trusted path (HTTPS, Signature V4, the AWS SDK) to one bucket, without an engine: no run
// prefix, no SSE-C keys, no cells. For what only lists and deletes: `cleanup`, the peers stage's
// leftover check, the fault tests' counts.

export interface BucketClient {
  /** Every object key under the prefix (ListObjectsV2, all pages). */
  listKeys(prefix: string, bounds?: Partial<ListingBounds>): Promise<string[]>;
  /** Every open multipart upload under the prefix. */
  listUploads(prefix: string, bounds?: Partial<ListingBounds>): Promise<{ key: string; uploadId: string }[]>;
  /** Aborts every upload and deletes every object under the prefix, and nothing else (see trusted-ops cleanupPrefix). */
  cleanupPrefix(prefix: string): Promise<{ deleted: number; aborted: number; skipped: number }>;
  /** Closes the client and its sockets. */
  close(): void;
}

export interface BucketClientOptions {
  /** Per-request deadline (default: the run's default timeout). */
  timeoutMs?: number;
  /** Sockets per protocol (default 4: these steps go one at a time). */
  maxSockets?: number;
}

export function openBucketClient(target: Target, opts: BucketClientOptions = {}): BucketClient {
  const agents: Agents = createAgents({ caFile: target.caFile, insecure: target.tlsInsecure }, opts.maxSockets ?? 4);
  // Errors can quote what the endpoint said: the secret key never goes out in them.
  const trusted: S3Client = createTrustedClient(target, agents, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, new Redactor([target.secretAccessKey]));
  // The same User-Agent as a run's trusted path (S3_USER_AGENT or the SDK's).
  useUserAgent(trusted, userAgentOf(target));
  const bucket: TrustedBucket = { trusted, target };
  return {
    listKeys: (prefix, bounds) => keysUnder(bucket, prefix, bounds),
    listUploads: (prefix, bounds) => uploadsUnder(bucket, prefix, bounds),
    cleanupPrefix: (prefix) => cleanupPrefix(bucket, prefix),
    close() {
      trusted.destroy();
      agents.destroy();
    },
  };
}
