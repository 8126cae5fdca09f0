// What `compare` prints: one line per run, the count of differing cells, the causes that appeared
// or went away (by id and answer), where the page is. Every string from a results file goes
// through printable (no escape sequence reaches the terminal); the answer is an endpoint's text.
import { MAX_CELLS_TEXT, cellCount } from '../report/causes';
import { printable } from '../report/sanitize';
import { endpointText, runDate, runName, totalsText } from './labels';
import type { CauseChange, CompareCause, Comparison } from './model';

const SIGN: Record<CauseChange, string> = { appeared: '+', 'went away': '-', varies: '~', same: '=' };

/** Where a cause is: "Run 2: 8 cells: sse-c/{put-object,post-object}/https-v2", for each run that has it. */
function whereText(c: CompareCause): string {
  return c.counts
    .map((n, ri) => (n ? `${runName(ri)}: ${cellCount(n)}: ${printable(c.compact[ri].join(', '), MAX_CELLS_TEXT)}` : ''))
    .filter(Boolean)
    .join('; ');
}

/** One line per cause that is not in every run, those that appeared first. */
export function causeChangeLines(cmp: Pick<Comparison, 'causes'>): string[] {
  const changed = cmp.causes.filter((c) => c.change !== 'same');
  if (changed.length === 0) return [];
  const count = (ch: CauseChange) => changed.filter((c) => c.change === ch).length;
  const head = [`${count('appeared')} appeared`, `${count('went away')} went away`, ...(count('varies') ? [`${count('varies')} in some runs only`] : [])].join(', ');
  return [
    `causes: ${head} (of ${cmp.causes.length})`,
    ...changed.map((c) => {
      const verdicts = [...new Set(c.verdicts.flat())].join(' / ');
      const answer = c.answer !== undefined ? ` [${printable(c.answer, 220)}]` : '';
      return `${SIGN[c.change]} ${c.change}: ${printable(verdicts, 100)} ${printable(c.title, 200)}${answer}; ${whereText(c)}`;
    }),
  ];
}

export function compareLines(cmp: Comparison, htmlPath: string): string {
  const lines = cmp.runs.map((run, i) => {
    const r = run.results;
    return `${runName(i)}: ${printable(endpointText(r), 300)} · ${printable(r.runId, 200)} · ${printable(runDate(r), 100)} · ${totalsText(r)} (${printable(run.source, 500)})`;
  });
  const n = cmp.differing.length;
  lines.push(`${n} of ${cmp.ids.length} cells differ${cmp.runs.length === 1 ? ' (one run: nothing to compare it with)' : ''}`);
  lines.push(...causeChangeLines(cmp));
  lines.push(`report: ${printable(htmlPath, 1000)}`);
  return `${lines.join('\n')}\n`;
}
