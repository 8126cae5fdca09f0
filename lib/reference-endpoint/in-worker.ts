// The reference endpoint on a worker thread. `sse-conformance run` without an endpoint is bound by
// the CPU of one thread; with the endpoint on another, the harness's thread judges while the
// endpoint answers. The endpoint is the same code with the same options; its at-rest reads travel
// as messages. A worker may be started ahead (prewarmEndpointWorker) while the run path loads.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReferenceEndpoint, ReferenceEndpointOptions } from './index';
import type { HostMessage, WorkerData, WorkerMessage } from './worker-messages';

/** The built worker beside the bundle: set by scripts/build.js (esbuild `define`); undefined from the sources. */
declare const __SSE_ENDPOINT_WORKER__: string | undefined;

function spawn(workerData: WorkerData): Worker {
  if (typeof __SSE_ENDPOINT_WORKER__ === 'string') return new Worker(__SSE_ENDPOINT_WORKER__, { workerData });
  // From the TypeScript sources (tsx, jest): the worker compiles them as bin/sse-conformance.js does.
  const entry = path.join(__dirname, 'worker.ts');
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}

/** A worker started ahead, waiting for its options; at most one, taken by the next start. */
let prewarmed: Worker | undefined;

/** Starts a worker that loads the endpoint and makes its certificate, to be given its options later. */
export function prewarmEndpointWorker(): void {
  prewarmed ??= spawn({ prewarm: true });
}

/** Ends a prewarmed worker nothing will take (the run found an endpoint configured, or ended first). */
export function dropPrewarmedWorker(): void {
  void prewarmed?.terminate();
  prewarmed = undefined;
}

/** Whether a prewarmed worker is waiting to be taken. */
export function prewarmedWorkerWaiting(): boolean {
  return prewarmed !== undefined;
}

/** The folders of the CA files of endpoints not closed yet: removed at close, or when the process ends. */
const caFolders = new Set<string>();
const removeFolder = (dir: string) => {
  fs.rmSync(dir, { recursive: true, force: true });
  caFolders.delete(dir);
};
let sweepOnExit = false;

/** The CA folders still there (what a test checks is not left behind). */
export function openCaFolders(): string[] {
  return [...caFolders];
}

/** A new folder for a CA file, removed by removeFolder or, at the latest, when the process ends. */
function caFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-ref-'));
  caFolders.add(dir);
  if (!sweepOnExit) {
    sweepOnExit = true;
    // A terminated worker runs no 'exit' handler of its own: this thread removes what is left.
    process.once('exit', () => [...caFolders].forEach(removeFolder));
  }
  return dir;
}

type Pending = { resolve: (b: Buffer | undefined) => void; reject: (e: Error) => void };

/** As startReferenceEndpoint, on its own thread; options must be plain data (a profile by name or as an object). */
export function startReferenceEndpointInWorker(options: ReferenceEndpointOptions = {}): Promise<ReferenceEndpoint> {
  // The certificate's PEM goes where this thread removes it: at close, or when the process ends.
  const dir = options.caFile ? undefined : caFolder();
  const startWith = { ...options, caFile: options.caFile ?? path.join(dir!, 'ca.pem') };
  let worker: Worker;
  if (prewarmed) {
    worker = prewarmed;
    prewarmed = undefined;
    worker.postMessage({ type: 'start', options: startWith } satisfies HostMessage);
  } else worker = spawn({ options: startWith });

  const pending = new Map<number, Pending>();
  let nextId = 0;
  let stopped: Error | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (dir) removeFolder(dir);
      resolve();
    }),
  );
  const fail = (e: Error) => {
    stopped ??= e;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
  };

  const rawStoredBytes = (bucket: string, key: string): Promise<Buffer | undefined> =>
    stopped
      ? Promise.reject(stopped)
      : new Promise((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          worker.postMessage({ type: 'raw', id, bucket, key } satisfies HostMessage);
        });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= exited ? Promise.resolve() : (worker.postMessage({ type: 'close' } satisfies HostMessage), exit);
    return closing;
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'ready':
          resolve({ ...m.endpoint, rawStoredBytes, close });
          break;
        case 'failed':
          // Told once the worker is gone, and its folder with it (the 'exit' handler below).
          fail(new Error(m.message));
          void worker.terminate();
          break;
        case 'raw': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.error !== undefined) p?.reject(new Error(m.error));
          else p?.resolve(m.bytes ? Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength) : undefined);
          break;
        }
        case 'closed':
          // Its listeners are closed: nothing of the worker is needed any more.
          void worker.terminate();
          break;
      }
    });
    // An error (or a refused start) is told when the worker has exited: first the cause, else the exit.
    worker.once('error', fail);
    worker.once('exit', (code) => {
      exited = true;
      fail(new Error(`the embedded endpoint stopped (exit code ${code})`));
      reject(stopped);
    });
  });
}
