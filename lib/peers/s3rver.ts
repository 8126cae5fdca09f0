import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Target } from '../config/settings';
import { generateCertificate } from '../reference-endpoint';

/**
 * s3rver (npm devDependency) as a negative control: an S3 emulator that implements no
 * server-side encryption at all. It accepts every SSE header, echoes none, stores plaintext, and
 * (3.7.1) does not verify Signature V4 (any signature with a known access key id passes).
 *
 * Two instances share one data directory: one plain HTTP and one HTTPS listener, as the harness
 * needs both. Both listen on 127.0.0.1, on free ports, with logging off.
 */

/** The only credentials s3rver knows (hard-coded in s3rver/lib/models/account.js). */
export const S3RVER_ACCESS_KEY_ID = 'S3RVER';
export const S3RVER_SECRET_ACCESS_KEY = 'S3RVER';

export interface S3rverOptions {
  /** Bucket created at start (default 'sse-conformance'). */
  bucket?: string;
  /**
   * s3rver's own switch: accept a Signature V2 whose signature does not match. Off by default
   * (s3rver then verifies V2, and refuses the harness's header-signed V2 requests: see
   * s3rver.slow.test.ts). V4 is never verified by s3rver either way.
   */
  allowMismatchedSignatures?: boolean;
}

export interface S3rverPeer {
  target: Target;
  /** The shared data directory (for tests that look at what s3rver wrote to disk). */
  directory: string;
  close(): Promise<void>;
}

// s3rver ships no type declarations: the part of its API used here.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverInstance;

export async function startS3rver(opts: S3rverOptions = {}): Promise<S3rverPeer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a devDependency without types, loaded only when this peer starts
  const S3rver = require('s3rver') as S3rverCtor;
  const bucket = opts.bucket ?? 'sse-conformance';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-s3rver-'));
  const caFile = path.join(directory, 'ca.pem');
  const data = path.join(directory, 'data');
  fs.mkdirSync(data);
  const tls = await generateCertificate();
  fs.writeFileSync(caFile, tls.cert);

  const common = {
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: data,
    vhostBuckets: false,
    resetOnClose: false,
    allowMismatchedSignatures: opts.allowMismatchedSignatures ?? false,
  };
  const started: S3rverInstance[] = [];
  const stopAll = async () => {
    for (const s of started.splice(0)) {
      // Keep-alive sockets from the harness's agents would hold close() open.
      s.httpServer?.closeAllConnections();
      await s.close().catch(() => undefined);
    }
  };
  try {
    // The bucket is made once, by the first instance; the second one finds it in the shared directory.
    const plain = new S3rver({ ...common, configureBuckets: [{ name: bucket, configs: [] }] });
    const httpAddr = await plain.run();
    started.push(plain);
    const secure = new S3rver({ ...common, key: tls.key, cert: tls.cert });
    const httpsAddr = await secure.run();
    started.push(secure);

    const target: Target = {
      embedded: false,
      http: `http://127.0.0.1:${httpAddr.port}`,
      https: `https://127.0.0.1:${httpsAddr.port}`,
      region: 'us-east-1',
      accessKeyId: S3RVER_ACCESS_KEY_ID,
      secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
      bucket,
      forcePathStyle: true,
      caFile,
      tlsInsecure: false,
    };
    let closed: Promise<void> | undefined;
    return {
      target,
      directory,
      close() {
        closed ??= stopAll().then(() => fs.rmSync(directory, { recursive: true, force: true }));
        return closed;
      },
    };
  } catch (e) {
    await stopAll();
    fs.rmSync(directory, { recursive: true, force: true });
    throw e;
  }
}
