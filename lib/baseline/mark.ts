// A run against its baseline: every cell that does not pass is either known (listed with the same
// verdict, severity and, when the baseline names it, the same answer) or a regression; a listed
// cell that passes now is fixed. Cells outside the run's selection (filters, shards) are not looked
// at, so one baseline serves every shard of a run.
import type { BaselineMark, BaselineRun, CaseResult } from '../verdict/types';
import type { Baseline, CellExpectation } from './baseline';

export function markOf(r: Pick<CaseResult, 'verdict' | 'severity' | 'observed' | 'atRest'>, e: CellExpectation | undefined): BaselineMark | undefined {
  if (r.verdict === 'skipped') return undefined;
  if (r.verdict === 'pass') return e ? 'fixed' : undefined;
  if (!e) return 'regression';
  const sameObserved = e.observed === undefined || (e.observed.status === r.observed.status && (e.observed.code ?? undefined) === (r.observed.code ?? undefined));
  // What was found at rest is compared only when this run looked (a run without --at-rest has no finding).
  const sameAtRest = e.atRest === undefined || r.atRest === undefined || e.atRest === r.atRest;
  return e.verdict === r.verdict && (e.severity ?? undefined) === (r.severity ?? undefined) && sameObserved && sameAtRest ? 'known' : 'regression';
}

/** Sets each judged cell's `baseline` mark; returns the run's counts. */
export function markBaseline(cases: CaseResult[], baseline: Baseline, file: string): BaselineRun {
  const run: BaselineRun = { file, known: 0, regressions: 0, fixed: 0 };
  for (const c of cases) {
    const mark = markOf(c, baseline.cells[c.id]);
    if (mark) c.baseline = mark;
    else delete c.baseline;
    if (mark === 'known') run.known++;
    else if (mark === 'regression') run.regressions++;
    else if (mark === 'fixed') run.fixed++;
  }
  return run;
}

export interface Difference {
  id: string;
  kind: 'new' | 'gone' | 'changed';
  expected?: CellExpectation;
  actual: CaseResult;
}

/**
 * The cells where a complete run and its baseline disagree, both ways: a regression is "new" (not
 * listed) or "changed" (listed otherwise), a fixed cell or a listed cell the run did not judge is "gone".
 */
export function differences(results: readonly CaseResult[], baseline: Baseline): Difference[] {
  const diffs: Difference[] = [];
  for (const r of results) {
    const e = baseline.cells[r.id];
    const mark = markOf(r, e);
    if (mark === 'regression') diffs.push({ id: r.id, kind: e ? 'changed' : 'new', expected: e, actual: r });
    else if (mark === 'fixed') diffs.push({ id: r.id, kind: 'gone', expected: e, actual: r });
  }
  const seen = new Set(results.filter((r) => r.verdict !== 'skipped').map((r) => r.id));
  for (const [id, e] of Object.entries(baseline.cells)) {
    if (!seen.has(id)) diffs.push({ id, kind: 'gone', expected: e, actual: { id, verdict: 'skipped', observed: { status: 0 }, reason: 'not judged in the run' } as CaseResult });
  }
  return diffs.sort((a, b) => a.id.localeCompare(b.id));
}
