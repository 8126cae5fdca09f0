// The worker side of startReferenceEndpointInWorker (in-worker.ts): starts the reference endpoint
// in this thread and answers the host's messages (start when prewarmed, the at-rest reads, close).
import { parentPort, workerData } from 'node:worker_threads';
import { generateCertificate, startReferenceEndpoint, type ReferenceEndpoint, type ReferenceEndpointOptions } from './index';
import type { HostMessage, WorkerData, WorkerMessage } from './worker-messages';

const port = parentPort!;
const tell = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

async function serve(ep: ReferenceEndpoint, m: HostMessage): Promise<void> {
  if (m.type === 'close') {
    await ep.close();
    tell({ type: 'closed' });
    return;
  }
  if (m.type !== 'raw') return;
  try {
    const bytes = await ep.rawStoredBytes(m.bucket, m.key);
    // A copy the host owns: the stored buffer may be a view into a larger one.
    const copy = bytes ? new Uint8Array(bytes) : undefined;
    tell({ type: 'raw', id: m.id, ...(copy ? { bytes: copy } : {}) }, copy ? [copy.buffer as ArrayBuffer] : []);
  } catch (e) {
    tell({ type: 'raw', id: m.id, error: (e as Error).message });
  }
}

function start(options: ReferenceEndpointOptions): void {
  startReferenceEndpoint(options).then(
    (ep) => {
      // Everything but its functions, which stay here and are reached by message.
      const { rawStoredBytes: _read, close: _close, ...endpoint } = ep;
      tell({ type: 'ready', endpoint });
      port.on('message', (m: HostMessage) => void serve(ep, m));
    },
    (e: Error) => tell({ type: 'failed', message: e.message }),
  );
}

const data = workerData as WorkerData;
if ('prewarm' in data) {
  // The modules are loaded by now; the certificate is made once per thread and kept for the start.
  generateCertificate().catch(() => undefined);
  port.once('message', (m: HostMessage) => {
    if (m.type === 'start') start(m.options);
  });
} else start(data.options);
