// Words shared by the compare page, its summary.md and the terminal lines.
import { formatDate } from '../report/html/format';
import { verdictWord } from '../report/labels';
import { printable } from '../report/sanitize';
import { summarize } from '../report/summarize';
import type { CaseResult, RunResults } from '../verdict/types';

/** "Run 2": how a run is named everywhere in one comparison. */
export const runName = (i: number): string => `Run ${i + 1}`;

/** The address a run judged (HTTPS first: the one a vendor is known by), one line of 200 characters at most: it heads columns. */
export function endpointUrl(r: RunResults): string {
  return printable(r.endpoint.https || r.endpoint.http, 200);
}

/** The same, saying when it was the embedded reference endpoint. */
export function endpointText(r: RunResults): string {
  return `${endpointUrl(r)}${r.endpoint.embedded ? ' (embedded reference)' : ''}`;
}

/** "2026-11-29 20:52:11 UTC". */
export const runDate = (r: RunResults): string => formatDate(r.startedAt);

/** A run's counts, from its cases (a results file's own summary is a claim that may not match them). */
export const totals = (r: RunResults): RunResults['summary'] => summarize(r.cases);

/** "24 cells: 20 pass, 2 fail, 2 error, 0 skipped". */
export function totalsText(r: RunResults): string {
  const s = totals(r);
  return `${s.total} cells: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.skipped} skipped`;
}

/** A cell's outcome in words: "PASS", "FAIL exposure", "ERROR", "SKIPPED", "not run". */
export function outcomeWord(c: CaseResult | undefined): string {
  if (!c) return 'not run';
  return `${verdictWord(c.verdict)}${c.verdict === 'fail' && c.severity ? ` ${c.severity}` : ''}`;
}
