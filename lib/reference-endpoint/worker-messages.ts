// What the host (in-worker.ts) and the endpoint's worker (worker.ts) say to each other.
import type { ReferenceEndpoint, ReferenceEndpointOptions } from './index';

export type EndpointDescription = Omit<ReferenceEndpoint, 'rawStoredBytes' | 'close'>;

export type HostMessage = { type: 'start'; options: ReferenceEndpointOptions } | { type: 'raw'; id: number; bucket: string; key: string } | { type: 'close' };

/** The worker's start: with its options, or `prewarm` (load, make the certificate, then wait for a 'start' message). */
export type WorkerData = { options: ReferenceEndpointOptions } | { prewarm: true };

export type WorkerMessage =
  | { type: 'ready'; endpoint: EndpointDescription }
  | { type: 'failed'; message: string }
  | { type: 'raw'; id: number; bytes?: Uint8Array; error?: string }
  | { type: 'closed' };
