// One matrix cell: coloured by verdict, its text and tooltip say expected vs observed, and it
// opens the case's detail dialog (see script.ts) through data-detail.
import type { CaseResult } from '../../verdict/types';
import { EXPECTATIONS, VERDICTS } from '../enums';
import { expectedText, observedText, verdictWord } from '../labels';
import { classFrom, esc } from './escape';

function cellText(c: CaseResult): { main: string; sub: string } {
  switch (c.verdict) {
    case 'pass':
      return { main: `✓ ${c.expected}`, sub: observedText(c) };
    case 'fail':
      return { main: `✗ ${c.observed.status || 'no answer'}`, sub: c.severity ?? `expected ${c.expected}` };
    case 'error':
      return { main: `! ${c.observed.status || 'no answer'}`, sub: 'error' };
    case 'skipped':
      return { main: '– skipped', sub: '' };
    default:
      return { main: '? unknown', sub: '' };
  }
}

export function tooltip(c: CaseResult): string {
  const verdict = `${verdictWord(c.verdict)}${c.severity ? ` (${c.severity})` : ''}`;
  return `${c.id}\nExpected: ${expectedText(c)}\nObserved: ${observedText(c)}\nVerdict: ${verdict}`;
}

export function renderCell(c: CaseResult | undefined, detailId: string | undefined): string {
  if (!c || !detailId) return '<td class="cell-none" title="not run">·</td>';
  const { main, sub } = cellText(c);
  return (
    `<td class="cell ${classFrom('verdict', c.verdict, VERDICTS)} ${classFrom('expect', c.expected, EXPECTATIONS)}" data-case-id="${esc(c.id)}" data-detail="${esc(detailId)}"` +
    ` title="${esc(tooltip(c))}" tabindex="0" role="button" aria-haspopup="dialog">` +
    `<span class="mark">${esc(main)}</span>${sub ? `<span class="sub">${esc(sub)}</span>` : ''}</td>`
  );
}
