import * as fs from 'node:fs';
import type { Target } from '../config/settings';
import type { Profile } from '../profile/types';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { targetOf } from '../self-check/run-against';
import type { FaultProxy } from './fault-proxy';
import { tempDir } from './fault-run';

export interface FaultBench {
  /** The reference endpoint the proxies stand in front of. */
  ep: ReferenceEndpoint;
  /** Its listeners reached directly (the trusted side of a fault run). */
  direct: Target;
  /** A temp folder, removed after the file's tests. */
  dir: string;
  /** Proxies to close after the file's tests. */
  proxies: FaultProxy[];
}

/** jest hooks for a fault test file: one reference endpoint for all its tests, closed with its proxies and temp folder. */
export function faultBench(label: string, profile: Profile): FaultBench {
  const bench = { proxies: [] } as unknown as FaultBench;
  beforeAll(async () => {
    bench.ep = await startReferenceEndpoint({ profile });
    bench.direct = targetOf(bench.ep);
    bench.dir = tempDir(label);
  });
  afterAll(async () => {
    await Promise.all(bench.proxies.map((p) => p.close()));
    await bench.ep?.close();
    if (bench.dir) fs.rmSync(bench.dir, { recursive: true, force: true });
  });
  return bench;
}
