// The compact matrix printed at the end of a run: one block per table, one line per row, the
// four protocol x signature cells as ✓ / ✗ / E / - (· where the run has no result). Then the
// causes, largest first (renderTerminalCauses).
import type { Redactor } from '../redact/redact';
import type { RunResults, Verdict } from '../verdict/types';
import { MAX_CELLS_TEXT, causeVerdictText, causesHeadline, causesOf, cellCount } from './causes';
import { buildMatrix } from './matrix-model';
import { COLUMNS } from './order';
import { printable } from './sanitize';
import { overallVerdict, summarize } from './summarize';

const SYMBOL: Record<Verdict, string> = { pass: '✓', fail: '✗', error: 'E', skipped: '-' };
const ANSI = { pass: '\x1b[32m', fail: '\x1b[31m', error: '\x1b[33m', skipped: '\x1b[90m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

export function renderTerminalMatrix(results: RunResults, opts: { color?: boolean } = {}): string {
  const color = opts.color ?? false;
  const paint = (code: string, s: string): string => (color ? `${code}${s}${ANSI.reset}` : s);
  // Titles and labels fall back to the table and row ids a results file holds: printable text only,
  // so no escape sequence reaches the terminal except the colours painted here.
  const tables = buildMatrix(results.cases).map((t) => ({ ...t, title: printable(t.title, 80) }));
  const labelOf = (labels: string[]): string => printable(labels.join(' → '), 80);
  const labelWidth = Math.max(20, ...tables.flatMap((t) => [t.title.length, ...t.rows.map((r) => labelOf(r.labels).length + 2)]));
  const colWidth = Math.max(...COLUMNS.map((c) => c.label.length)) + 2;
  // Pad the visible text first, colour after: escape codes must not count towards the width.
  const center = (s: string, w: number): [string, string, string] => {
    const left = Math.floor((w - s.length) / 2);
    return [' '.repeat(left), s, ' '.repeat(w - s.length - left)];
  };

  const lines: string[] = [];
  for (const t of tables) {
    lines.push(paint(ANSI.bold, t.title.padEnd(labelWidth)) + COLUMNS.map((c) => c.label.padStart(c.label.length + 1).padEnd(colWidth)).join(''));
    for (const r of t.rows) {
      const cells = r.cells.map((c) => {
        const known = c && Object.prototype.hasOwnProperty.call(SYMBOL, c.verdict) ? c.verdict : undefined;
        const [l, s, rr] = center(c ? (known ? SYMBOL[known] : '?') : '·', colWidth);
        return l + (known ? paint(ANSI[known], s) : s) + rr;
      });
      lines.push(`  ${labelOf(r.labels)}`.padEnd(labelWidth) + cells.join('').trimEnd());
    }
    lines.push('');
  }
  const s = summarize(results.cases);
  const verdict = overallVerdict({ summary: s, interrupted: results.interrupted });
  const verdictColor = verdict === 'CONFORMANT' ? ANSI.pass : verdict === 'NON-CONFORMANT' ? ANSI.fail : ANSI.error;
  lines.push(
    `${s.total} cells: ${paint(ANSI.pass, `${s.pass} ✓ pass`)}, ${paint(ANSI.fail, `${s.fail} ✗ fail`)}, ` +
      `${paint(ANSI.error, `${s.error} E error`)}, ${paint(ANSI.skipped, `${s.skipped} - skipped`)}` +
      `${results.interrupted ? ' (interrupted)' : ''}  =>  ${paint(ANSI.bold + verdictColor, verdict)}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The run's causes, largest first (empty when every cell passed): per cause one line with its
 * verdict and severity, title, the answer that showed it, how many cells and which (written
 * compactly), then its sentence, indented. Everything a results file or an endpoint could have put
 * there goes through printable: the answer is the endpoint's own status text and code.
 */
export function renderTerminalCauses(results: Pick<RunResults, 'causes' | 'cases'>, opts: { color?: boolean; redactor?: Redactor } = {}): string {
  const groups = causesOf(results, opts.redactor);
  if (groups.length === 0) return '';
  const paint = (code: string, s: string): string => (opts.color ? `${code}${s}${ANSI.reset}` : s);
  const lines = [paint(ANSI.bold, `Causes, largest first: ${causesHeadline(groups)}`)];
  for (const g of groups) {
    const verdict = causeVerdictText(g);
    const answer = g.answer !== undefined ? ` [${printable(g.answer, 220)}]` : '';
    const cells = printable(g.compact.join(', '), MAX_CELLS_TEXT);
    lines.push(`${paint(g.verdict === 'error' ? ANSI.error : ANSI.fail, verdict)} ${paint(ANSI.bold, printable(g.title, 200))}${answer}, ${cellCount(g.cells.length)}: ${cells}`);
    lines.push(`    ${printable(g.sentence, 500)}`);
  }
  return `${lines.join('\n')}\n`;
}
