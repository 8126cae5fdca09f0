import type { ReferenceEndpoint } from '../../lib/reference-endpoint';

// Global setup and teardown share the parent process but not a module registry: keep the handle on the process.
const KEY = Symbol.for('sse-conformance.embedded-endpoint');
type Holder = { [KEY]?: ReferenceEndpoint };

export function setEmbeddedEndpoint(ep: ReferenceEndpoint): void {
  (process as unknown as Holder)[KEY] = ep;
}

export async function closeEmbeddedEndpoint(): Promise<void> {
  const holder = process as unknown as Holder;
  const ep = holder[KEY];
  delete holder[KEY];
  await ep?.close();
}
