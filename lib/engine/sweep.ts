import type pLimit from 'p-limit';
import { redactCase } from '../report/redact-results';
import { judgementOf, rejudged } from '../verdict/causes';
import { afterSweep, type Judgement, type WitnessReport } from '../verdict/rules';
import type { CaseResult } from '../verdict/types';
import type { CaseScope } from './case-scope';
import type { EngineContext, RefusedCell } from './context';
import { account } from './account';
import { attemptStep } from './retry';
import { failureText, keysUnder, uploadsUnder } from './trusted-ops';

export { DEFAULT_SETTLE_MS } from '../config/defaults';

/**
 * A write can land after the harness last looked (queues, replication). After the last cell, and
 * once the settle time has passed since the last refusal, every cell whose request under test was
 * not accepted is looked at once more (at least the settle time after its answer); a
 * late write turns it into an exposure, saying when it was seen. So are the earlier tries of a cell
 * judged again (`--retries`, `tryOf` says which try each scope was): a late write behind a try that
 * ended in ERROR is an exposure all the same. Results are replaced in `byId`.
 */
export async function sweepLateWrites(
  ctx: EngineContext,
  byId: Map<string, CaseResult>,
  settleMs: number,
  limit: ReturnType<typeof pLimit>,
  tryOf: Map<CaseScope, number> = new Map(),
  /** Deletions started meanwhile (the engine's cleanup during the settle time): ended before the listing. */
  deleting?: Promise<unknown>,
): Promise<void> {
  const byCell = new Map<string, RefusedCell[]>();
  for (const cell of ctx.refused) {
    const r = byId.get(cell.id);
    if (!r || (r.verdict === 'fail' && r.severity === 'exposure')) continue;
    byCell.set(cell.id, [...(byCell.get(cell.id) ?? []), cell]);
  }
  if (byCell.size === 0) return;
  // Each refusal gets at least settleMs before its re-check: the wait runs from the last refusal, not
  // from the last cell (cells judged after it already used up part of the time).
  const lastRefusal = Math.max(...[...byCell.values()].flat().map((c) => c.at));
  const wait = Math.max(0, lastRefusal + settleMs - performance.now());
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  // A listing paged by offset would skip keys if deletions shifted it mid-way: a cell's late write among them.
  await deleting;
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= make());
  };
  // The run-wide listings account for everything they show (./account.ts).
  ctx.sweep = {
    keys: once(async () => {
      const keys = await keysUnder(ctx, ctx.prefix);
      account(ctx, keys, []);
      return keys;
    }),
    uploads: once(async () => {
      const uploads = await uploadsUnder(ctx, ctx.prefix);
      account(ctx, [], uploads);
      return uploads;
    }),
  };
  await Promise.all(
    [...byCell.entries()].map(([id, cells]) =>
      // One cell's tries one after another: each replaces the same result.
      limit(async () => {
        for (const cell of cells) {
          const r = byId.get(id)!;
          if (r.verdict === 'fail' && r.severity === 'exposure') break;
          byId.set(id, await recheck(ctx, r, cell, tryOf.get(cell.scope)));
        }
      }),
    ),
  );
  delete ctx.sweep;
}

async function recheck(ctx: EngineContext, r: CaseResult, cell: RefusedCell, n: number | undefined): Promise<CaseResult> {
  const tries = (r.attempts?.length ?? 0) + 1;
  const earlier = n !== undefined && n < tries;
  // The look is recorded into the try's own scope; what it adds is appended to the result (whose
  // evidence is that very array when the cell was tried once).
  const from = cell.scope.evidence.length;
  const requestsFrom = cell.scope.requests;
  let seen: WitnessReport;
  try {
    seen = await cell.look();
  } catch (e) {
    seen = { present: null, blind: `the final re-check failed: ${failureText(e)}` };
  }
  const ms = Math.round(performance.now() - cell.at);
  const verdict = judgementOf(r);
  let j: Judgement;
  if (!earlier) j = afterSweep(verdict, seen, ms);
  else {
    // An earlier try claimed no absence: only what it wrote counts, not what a witness could not see.
    j = afterSweep(verdict, { present: seen.present }, ms);
    if (seen.present) j = { ...j, reason: `an earlier try (attempt ${n} of ${tries}): ${j.reason}` };
  }
  const added = cell.scope.evidence.slice(from).map((x) => (earlier ? { ...x, step: attemptStep(n!, x.step) } : x));
  const base = r.evidence === cell.scope.evidence ? r.evidence.slice(0, from) : r.evidence;
  return redactCase(
    {
      ...rejudged(r, j),
      requests: r.requests + (cell.scope.requests - requestsFrom),
      evidence: [...base, ...added],
    },
    ctx.redactor,
    { evidenceRedacted: true },
  );
}
