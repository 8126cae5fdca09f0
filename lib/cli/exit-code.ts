import type { RunResults } from '../verdict/types';

/** 0 conformant, 1 non-conformant (any FAIL), 2 could not judge (any ERROR), 130 interrupted. */
export function exitCodeFor(res: Pick<RunResults, 'summary' | 'interrupted'>): number {
  if (res.interrupted) return 130;
  if (res.summary.fail > 0) return 1;
  if (res.summary.error > 0 || res.summary.total === 0) return 2;
  return 0;
}
