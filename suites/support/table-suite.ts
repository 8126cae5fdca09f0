import { expandProfile } from '../../lib/matrix/expand';
import { loadProfile } from '../../lib/profile/load';
import type { TableId } from '../../lib/profile/types';
import { failureMessage } from '../../lib/verdict/explain';
import type { CaseResult } from '../../lib/verdict/types';
import { readRunResults } from './run-results';

/**
 * One jest test per cell of a table, named by case id, over the expanded matrix: a PASS passes, a
 * FAIL or an ERROR fails with the verdict's message, a skipped (interrupted) cell is a skipped test.
 */
export function defineTableSuite(table: TableId): void {
  const run = readRunResults();
  const byId = new Map(run.cases.map((r) => [r.id, r]));
  const cases = expandProfile(loadProfile(run.profile)).filter((c) => c.table === table && byId.has(c.id));
  const judged = cases.map((c) => byId.get(c.id)!).filter((r) => r.verdict !== 'skipped');
  const skipped = cases.map((c) => byId.get(c.id)!).filter((r) => r.verdict === 'skipped');

  describe(table, () => {
    if (cases.length === 0) {
      test.skip('no case selected', () => undefined);
      return;
    }
    if (judged.length) {
      test.each(judged.map((r) => [r.id, r] as [string, CaseResult]))('%s', (_id, r) => {
        if (r.verdict !== 'pass') throw new Error(failureMessage(r));
      });
    }
    if (skipped.length) test.skip.each(skipped.map((r) => [r.id]))('%s', () => undefined);
  });
}
