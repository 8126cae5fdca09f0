import type { RunResults } from '../verdict/types';

/**
 * 0 conformant, 1 non-conformant (any FAIL), 2 could not judge (any ERROR, or a cleanup that left
 * things in the bucket), 130 interrupted (143 when the signal was SIGTERM: see run-action).
 * A failed cleanup counts like an ERROR: a run with a FAIL still exits 1, with the warning printed.
 * With a baseline, FAIL and ERROR cells it lists (with the same verdict) do not count. Writes under
 * the run's prefix outside every cell's folder (`unattributed`) make a run that would exit 0 exit 1.
 */
export function exitCodeFor(res: Pick<RunResults, 'summary' | 'interrupted' | 'cleanup' | 'baseline' | 'unattributed'>): number {
  const code = cellsExitCode(res);
  // A write under the run's prefix that no cell owns and no request asked for: non-conformant, never ignored.
  return code === 0 && res.unattributed?.length ? 1 : code;
}

function cellsExitCode(res: Pick<RunResults, 'summary' | 'interrupted' | 'cleanup' | 'baseline'>): number {
  if (res.interrupted) return 130;
  // Against a baseline (--expect): 0 when exactly the listed cells do not pass, as listed; a
  // regression or a fixed cell (a baseline line to remove) is 1. Nothing judged is still 2.
  if (res.baseline) {
    if (res.baseline.regressions > 0 || res.baseline.fixed > 0) return 1;
    if (res.summary.total === 0 || (res.cleanup && !res.cleanup.ok)) return 2;
    return 0;
  }
  if (res.summary.fail > 0) return 1;
  if (res.summary.error > 0 || res.summary.total === 0) return 2;
  if (res.cleanup && !res.cleanup.ok) return 2;
  return 0;
}
