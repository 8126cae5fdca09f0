import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProfile } from '../profile/load';
import type { Profile } from '../profile/types';
import { generateCertificate } from './certificate';
import { randomBytes } from './crypto';
import { Enforcer } from './enforcement';
import { Keyring, SECOND_KMS_KEY_ID } from './keyring';
import { startHttp, startHttps, stop, type Listener } from './server';
import { FAULTS, type EndpointState, type Fault } from './state';
import { DiskBlobStore, MemoryBlobStore } from './storage/blobs';
import { createBucketRecord } from './storage/catalog';
import { readStored } from './storage/data';
import { validBucketName } from './ops/bucket';

export { generateCertificate };

export interface ReferenceEndpointOptions {
  host?: string; // default 127.0.0.1
  httpPort?: number; // 0 = free port (default 0)
  httpsPort?: number; // 0 = free port
  profile?: Profile | string; // Profile object, or name/path for loadProfile; default 'obs'
  dataDir?: string; // when set, ciphertext is stored on disk there (no key may escape it); else in memory
  accessKeyId?: string;
  secretAccessKey?: string;
  bucket?: string; // created at start; default 'sse-conformance'
  region?: string; // default 'us-east-1'
  invert?: string[]; // case ids whose decision is flipped (deliberate fault for self-checks)
  fault?: Fault;
  caFile?: string; // where to write the generated certificate PEM (default: a temp file)
  /** Extension: smallest non-last part at complete (default 5 MiB, as AWS). */
  minPartSize?: number;
  /** Extension: largest request body accepted (default 64 MiB). */
  maxBodyBytes?: number;
  /** Serve the at-rest admin route (raw stored bytes) on the HTTP listener, to loopback peers bearing this token. */
  atRestToken?: string;
}

export interface ReferenceEndpoint {
  http: string;
  https: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  kmsKeyId: string;
  /** A second KMS key the endpoint offers (copies into SSE-KMS from an SSE-KMS source ask for it). */
  kmsKeyId2: string;
  caFile: string;
  /** The raw stored bytes of an object (ciphertext for SSE objects), or undefined: `--at-rest builtin` reads them. */
  rawStoredBytes(bucket: string, key: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export const DEFAULT_ACCESS_KEY_ID = 'SSECONFORMANCEKEY';

let sharedCaFile: string | undefined;

/**
 * The certificate is shared per process, so is its default PEM file: written once, kept after
 * close (clients may still read it, e.g. to show that a closed endpoint refuses connections),
 * and removed with its folder when the process exits, so that runs leave nothing in the temp folder.
 */
function defaultCaFile(cert: string): string {
  if (!sharedCaFile || !fs.existsSync(sharedCaFile)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-ref-'));
    sharedCaFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(sharedCaFile, cert);
    // 'exit' runs on process.exit() and a normal end (not on SIGKILL); only synchronous work is possible there.
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return sharedCaFile;
}

export async function startReferenceEndpoint(opts: ReferenceEndpointOptions = {}): Promise<ReferenceEndpoint> {
  const host = opts.host ?? '127.0.0.1';
  const profile = typeof opts.profile === 'object' ? opts.profile : loadProfile(opts.profile ?? 'obs');
  const bucket = opts.bucket ?? 'sse-conformance';
  if (!validBucketName(bucket)) throw new Error(`reference endpoint: invalid bucket name "${bucket}"`);
  if (opts.fault !== undefined && !FAULTS.includes(opts.fault)) throw new Error(`reference endpoint: unknown fault "${String(opts.fault)}"`);
  const keyring = new Keyring();
  const state: EndpointState = {
    profile,
    enforcer: new Enforcer(profile, opts.invert),
    fault: opts.fault,
    region: opts.region ?? 'us-east-1',
    credentials: {
      accessKeyId: opts.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
      secretAccessKey: opts.secretAccessKey ?? randomBytes(30).toString('base64'),
    },
    keyring,
    blobs: opts.dataDir ? new DiskBlobStore(path.resolve(opts.dataDir)) : new MemoryBlobStore(),
    buckets: new Map(),
    fingerprintSecret: randomBytes(32),
    maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024 * 1024,
    minPartSize: opts.minPartSize ?? 5 * 1024 * 1024,
    now: () => new Date(),
    ...(opts.atRestToken ? { atRestToken: opts.atRestToken } : {}),
  };
  createBucketRecord(state, bucket);

  const tls = await generateCertificate();
  const caFile = opts.caFile ?? defaultCaFile(tls.cert);
  if (opts.caFile) {
    fs.mkdirSync(path.dirname(caFile), { recursive: true });
    fs.writeFileSync(caFile, tls.cert);
  }

  const listeners: Listener[] = [];
  try {
    listeners.push(await startHttp(state, host, opts.httpPort ?? 0));
    listeners.push(await startHttps(state, host, opts.httpsPort ?? 0, tls));
  } catch (e) {
    await Promise.all(listeners.map(stop));
    throw e;
  }
  let closed: Promise<void> | undefined;
  return {
    http: listeners[0]!.url,
    https: listeners[1]!.url,
    region: state.region,
    accessKeyId: state.credentials.accessKeyId,
    secretAccessKey: state.credentials.secretAccessKey,
    bucket,
    kmsKeyId: keyring.defaultKeyId,
    kmsKeyId2: SECOND_KMS_KEY_ID,
    caFile,
    async rawStoredBytes(b: string, key: string) {
      const obj = state.buckets.get(b)?.objects.get(key);
      return obj ? readStored(state, obj.segments) : undefined;
    },
    close() {
      closed ??= Promise.all(listeners.map(stop)).then(() => state.blobs.close());
      return closed;
    },
  };
}
