import { causesOf } from '../report/causes';
import type { CaseResult, RunResults } from '../verdict/types';

// `run --json`: one JSON object per line, for log shippers and CI annotations. The texts are the
// results' own (redacted when judged); JSON escapes every control character.

export function cellLine(r: CaseResult): string {
  return JSON.stringify({
    type: 'cell',
    id: r.id,
    verdict: r.verdict,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.cause ? { cause: r.cause } : {}),
    reason: r.reason,
    durationMs: r.durationMs,
    // How many times the cell was judged (`--retries`), when more than once.
    ...(r.attempts?.length ? { attempts: r.attempts.length + 1 } : {}),
    ...(r.atRest ? { atRest: r.atRest } : {}),
  });
}

/**
 * One line per cause, largest first, for the lines before the summary: what a log shipper groups
 * alerts by. `answer` is the endpoint's status text and code (redacted, at most 200 characters).
 */
export function causeLines(res: Pick<RunResults, 'causes' | 'cases'>): string[] {
  return causesOf(res).map((g) =>
    JSON.stringify({
      type: 'cause',
      id: g.id,
      verdict: g.verdict,
      ...(g.severity ? { severity: g.severity } : {}),
      title: g.title,
      ...(g.answer !== undefined ? { answer: g.answer } : {}),
      count: g.cells.length,
      compact: g.compact,
      cells: g.cells,
      sentence: g.sentence,
    }),
  );
}

export function summaryLine(res: RunResults, exitCode: number, reportDir?: string): string {
  return JSON.stringify({
    type: 'summary',
    runId: res.runId,
    ...res.summary,
    exitCode,
    ...(res.interrupted ? { interrupted: true } : {}),
    ...(res.cleanup && !res.cleanup.ok ? { cleanup: 'incomplete' } : {}),
    ...(res.baseline ? { baseline: { known: res.baseline.known, regressions: res.baseline.regressions, fixed: res.baseline.fixed } } : {}),
    ...(reportDir ? { report: reportDir } : {}),
  });
}
