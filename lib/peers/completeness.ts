import type { Case } from '../matrix/types';
import type { RunResults } from '../verdict/types';

/** The run judged the whole matrix, to the end, with a verdict for every cell. */
export function completenessProblems(run: Pick<RunResults, 'summary' | 'interrupted' | 'cases'>, cases: readonly Case[]): string[] {
  const problems: string[] = [];
  if (run.interrupted) problems.push('the run was interrupted');
  const want = new Set(cases.map((c) => c.id));
  const got = new Set(run.cases.map((c) => c.id));
  const missing = [...want].filter((id) => !got.has(id));
  if (missing.length) problems.push(`${missing.length} of ${want.size} cells were not judged (e.g. ${missing.slice(0, 3).join(', ')})`);
  const skipped = run.cases.filter((c) => c.verdict === 'skipped');
  if (skipped.length) problems.push(`${skipped.length} cells were skipped`);
  return problems;
}
