// Totals and the overall verdict, computed the same way by every writer and by merge.
import type { CaseResult, RunResults } from '../verdict/types';
import { VERDICTS } from './enums';

export type OverallVerdict = 'CONFORMANT' | 'NON-CONFORMANT' | 'COULD NOT JUDGE';

export function summarize(cases: readonly Pick<CaseResult, 'verdict'>[]): RunResults['summary'] {
  const s = { total: cases.length, pass: 0, fail: 0, error: 0, skipped: 0 };
  // A verdict outside the four (a damaged or crafted results file) could not be judged: an error.
  for (const c of cases) s[VERDICTS.includes(c.verdict) ? c.verdict : 'error'] += 1;
  return s;
}

/**
 * A proven FAIL makes the endpoint non-conformant whatever else happened. Otherwise any ERROR,
 * an interrupted run, or a run that judged nothing leaves the question open. Skipped cells
 * (filtered out on purpose) do not stand in the way of CONFORMANT.
 */
export function overallVerdict(results: Pick<RunResults, 'summary' | 'interrupted'>): OverallVerdict {
  const s = results.summary;
  if (s.fail > 0) return 'NON-CONFORMANT';
  if (s.error > 0 || results.interrupted || s.pass === 0) return 'COULD NOT JUDGE';
  return 'CONFORMANT';
}
