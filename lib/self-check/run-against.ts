import type { Target } from '../config/settings';
import { Engine } from '../engine/engine';
import type { Case } from '../matrix/types';
import { targetOf } from '../engine/embedded-target';
import type { CaseResult } from '../verdict/types';
import { keysUnder, uploadsUnder } from '../engine/trusted-ops';

export { targetOf };

/** Runs the real harness engine (true profile) against a target, cleans up, and counts what is left under its prefix. */
export async function runAgainst(
  target: Target,
  cases: Case[],
  opts: { runId?: string; concurrency?: number; timeoutMs?: number; strict?: boolean; settleMs?: number; seed?: number } = {},
): Promise<{ results: CaseResult[]; leftovers: number }> {
  const engine = new Engine(target, {
    runId: opts.runId ?? `selfcheck-${Math.random().toString(36).slice(2, 8)}`,
    scope: 'all',
    timeoutMs: opts.timeoutMs ?? 5000,
    strict: opts.strict ?? false,
    concurrency: opts.concurrency ?? 8,
    // Tests wait for late writes only where they test them.
    settleMs: opts.settleMs ?? 0,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  try {
    const results = await engine.run(cases);
    let leftovers = -1;
    try {
      await engine.cleanup();
      leftovers = (await keysUnder(engine.ctx, engine.ctx.prefix)).length + (await uploadsUnder(engine.ctx, engine.ctx.prefix)).length;
    } catch {
      // An endpoint that cannot even list (closed port, 500 on everything) has nothing to count.
    }
    return { results, leftovers };
  } finally {
    engine.close();
  }
}

export function byId(results: CaseResult[]): Map<string, CaseResult> {
  return new Map(results.map((r) => [r.id, r]));
}
