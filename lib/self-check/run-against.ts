import type { Target } from '../config/settings';
import { targetOf } from '../engine/embedded-target';
import type { Case } from '../matrix/types';
import { runConformance } from '../run/run';
import type { AtRestRun, CaseResult } from '../verdict/types';
import type { AtRestProbe } from '../at-rest/probe';

export { targetOf };

/**
 * Runs the real run path (lib/run: engine, cleanup, no reports) against a target with an explicit
 * selection, and says how many objects and uploads were left under its prefix after cleanup
 * (-1 when the endpoint could not even be listed).
 */
export async function runAgainst(
  target: Target,
  cases: Case[],
  opts: { runId?: string; concurrency?: number; timeoutMs?: number; strict?: boolean; settleMs?: number; seed?: number; atRest?: AtRestProbe } = {},
): Promise<{ results: CaseResult[]; leftovers: number; atRest?: AtRestRun }> {
  const { results } = await runConformance(
    {
      runId: opts.runId ?? `selfcheck-${Math.random().toString(36).slice(2, 8)}`,
      timeoutMs: opts.timeoutMs ?? 5000,
      strict: opts.strict ?? false,
      concurrency: opts.concurrency ?? 8,
      // Tests wait for late writes only where they test them.
      settleMs: opts.settleMs ?? 0,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    },
    // Tests put proxies in front of the endpoint: the trusted path is marked for them (nothing else tells it apart).
    { target, cases, writeReports: false, markTrusted: true, ...(opts.atRest ? { atRestProbe: opts.atRest } : {}) },
  );
  return { results: results.cases, leftovers: results.cleanup?.left ?? -1, ...(results.atRest ? { atRest: results.atRest } : {}) };
}

export function byId(results: CaseResult[]): Map<string, CaseResult> {
  return new Map(results.map((r) => [r.id, r]));
}
