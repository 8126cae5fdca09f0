// The baseline's verdict in words, for the terminal and check-run: what is known, what regressed,
// what was fixed (with the line to remove, so a baseline never rots silently).
import { baselineRunText } from '../report/marks';
import { printable } from '../report/sanitize';
import type { CaseResult, RunResults } from '../verdict/types';
import { describeCell, type Baseline } from './baseline';
import type { Difference } from './mark';

export function baselineHeadline(res: Pick<RunResults, 'baseline'>): string | undefined {
  const text = baselineRunText(res);
  return text && `baseline ${printable(res.baseline!.file, 300)}: ${text}`;
}

/** One line per regression, then one per fixed cell, in the order given. */
export function baselineLines(cases: readonly CaseResult[], baseline: Baseline | undefined, file: string): string[] {
  const regressions = cases.filter((c) => c.baseline === 'regression').map((c) => {
    const e = baseline?.cells[c.id];
    const was = e ? `the baseline says ${describeCell(e)}` : 'not in the baseline';
    return `REGRESSION ${printable(c.id)}: ${describeCell(c)}, ${was}: ${printable(c.reason, 500)}`;
  });
  const fixed = cases.filter((c) => c.baseline === 'fixed').map((c) => `FIXED ${printable(c.id)}: passes now; remove "${printable(c.id)}" from ${printable(file, 300)}`);
  return [...regressions, ...fixed];
}

/** A readable diff: "-" the baseline, "+" what the run found, with the harness's reason. */
export function renderDifferences(diffs: readonly Difference[]): string {
  const lines: string[] = [];
  for (const d of diffs) {
    const actual = describeCell(d.actual);
    if (d.kind === 'new') {
      lines.push(`+ ${d.id}: ${actual}   (new: not in the expectation)`);
    } else if (d.kind === 'gone') {
      lines.push(`- ${d.id}: ${describeCell(d.expected!)}   (expected, but the run says ${actual})`);
    } else {
      lines.push(`- ${d.id}: ${describeCell(d.expected!)}`);
      lines.push(`+ ${d.id}: ${actual}`);
    }
    lines.push(`      harness: ${printable(d.actual.reason, 1000)}`);
    if (d.expected) lines.push(`      expected because: ${d.expected.because}`);
  }
  return lines.join('\n');
}
