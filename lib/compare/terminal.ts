// What `compare` prints: one line per run, the count of differing cells, where the page is.
// Every string from a results file goes through printable (no escape sequence reaches the terminal).
import { printable } from '../report/sanitize';
import { endpointText, runDate, runName, totalsText } from './labels';
import type { Comparison } from './model';

export function compareLines(cmp: Comparison, htmlPath: string): string {
  const lines = cmp.runs.map((run, i) => {
    const r = run.results;
    return `${runName(i)}: ${printable(endpointText(r), 300)} · ${printable(r.runId, 200)} · ${printable(runDate(r), 100)} · ${totalsText(r)} (${printable(run.source, 500)})`;
  });
  const n = cmp.differing.length;
  lines.push(`${n} of ${cmp.ids.length} cells differ${cmp.runs.length === 1 ? ' (one run: nothing to compare it with)' : ''}`);
  lines.push(`report: ${printable(htmlPath, 1000)}`);
  return `${lines.join('\n')}\n`;
}
