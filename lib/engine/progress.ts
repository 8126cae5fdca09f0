import { printable } from '../report/sanitize';
import type { CaseResult } from '../verdict/types';

/**
 * Progress as cells are judged: one self-rewriting line on a terminal, one plain line per cell
 * in CI (no TTY), nothing when off. Written to stderr so stdout stays clean for pipes.
 */
export function progressPrinter(mode: 'tty' | 'lines' | 'off', label: string, total: number): (r: CaseResult) => void {
  let done = 0;
  let bad = 0;
  return (r) => {
    done++;
    if (r.verdict === 'fail' || r.verdict === 'error') bad++;
    if (mode === 'lines') {
      // The reason may quote the endpoint: printable text only, one line per cell.
      process.stderr.write(`${printable(r.verdict.toUpperCase()).padEnd(7)} ${printable(r.id)}${r.verdict === 'pass' ? '' : ` — ${printable(r.reason)}`}\n`);
    } else if (mode === 'tty') {
      const line = `[${label}] ${done}/${total} cells judged, ${bad} not passing`;
      process.stderr.write(`\r\x1b[2K${line}${done === total ? '\n' : ''}`);
    }
  };
}
