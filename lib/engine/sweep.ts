import type pLimit from 'p-limit';
import { redactCase } from '../report/redact-results';
import { afterSweep } from '../verdict/rules';
import type { CaseResult } from '../verdict/types';
import type { EngineContext } from './context';
import { keysUnder, uploadsUnder } from './trusted-ops';

export { DEFAULT_SETTLE_MS } from '../config/defaults';

/**
 * A write can land after the harness last looked (queues, replication). After the last cell and
 * the settle time, every cell whose request under test was not accepted is looked at once more; a
 * late write turns it into an exposure, saying when it was seen. Results are replaced in `byId`.
 */
export async function sweepLateWrites(ctx: EngineContext, byId: Map<string, CaseResult>, settleMs: number, limit: ReturnType<typeof pLimit>): Promise<void> {
  const cells = ctx.refused.filter((cell) => {
    const r = byId.get(cell.id);
    return r && !(r.verdict === 'fail' && r.severity === 'exposure');
  });
  if (cells.length === 0) return;
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= make());
  };
  ctx.sweep = { keys: once(() => keysUnder(ctx, ctx.prefix)), uploads: once(() => uploadsUnder(ctx, ctx.prefix)) };
  await Promise.all(
    cells.map((cell) =>
      limit(async () => {
        const r = byId.get(cell.id)!;
        let seen;
        try {
          seen = await cell.look();
        } catch (e) {
          seen = { present: null, blind: `the final re-check failed: ${(e as Error).message}` };
        }
        const j = afterSweep({ verdict: r.verdict as 'pass' | 'fail' | 'error', ...(r.severity ? { severity: r.severity } : {}), reason: r.reason }, seen, Math.round(performance.now() - cell.at));
        const { severity: _dropped, ...rest } = r;
        byId.set(cell.id, redactCase({ ...rest, verdict: j.verdict, ...(j.severity ? { severity: j.severity } : {}), reason: j.reason, requests: cell.scope.requests, evidence: cell.scope.evidence }, ctx.redactor, { evidenceRedacted: true }));
      }),
    ),
  );
  delete ctx.sweep;
}
