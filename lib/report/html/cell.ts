// One matrix cell: coloured by verdict, its text and tooltip say expected vs observed, and it
// opens the case's detail dialog (see script.ts) through data-detail.
import type { CaseResult } from '../../verdict/types';
import { EXPECTATIONS, VERDICTS } from '../enums';
import { expectedText, observedText, verdictWord } from '../labels';
import { AT_REST_TAG, AT_REST_TEXT, BASELINE_TAG, BASELINE_TEXT, atRestOf, attemptsText, baselineMarkOf } from '../marks';
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
  const base = baselineMarkOf(c);
  const rest = atRestOf(c);
  const extra = [base && `Baseline: ${BASELINE_TEXT[base]}`, rest && `At rest: ${AT_REST_TEXT[rest]}`, attemptsText(c)].filter(Boolean);
  return [`${c.id}\nExpected: ${expectedText(c)}\nObserved: ${observedText(c)}\nVerdict: ${verdict}`, ...extra].join('\n');
}

/** Small tags under the verdict: the baseline mark, the at-rest finding, the number of tries (also on the compare page). */
export function tags(c: CaseResult): string {
  const out: string[] = [];
  const base = baselineMarkOf(c);
  if (base) out.push(`<span class="tag-cell base-${base}">${esc(BASELINE_TAG[base])}</span>`);
  const rest = atRestOf(c);
  const restTag = rest && AT_REST_TAG[rest];
  if (rest && restTag) out.push(`<span class="tag-cell rest-${rest}">${esc(restTag)}</span>`);
  if (Array.isArray(c.attempts) && c.attempts.length) out.push(`<span class="tag-cell tries">${esc(`try ${c.attempts.length + 1}`)}</span>`);
  return out.length ? `<span class="tags">${out.join('')}</span>` : '';
}

export function renderCell(c: CaseResult | undefined, detailId: string | undefined): string {
  if (!c || !detailId) return '<td class="cell-none" title="not run">·</td>';
  const { main, sub } = cellText(c);
  const base = baselineMarkOf(c);
  return (
    `<td class="cell ${classFrom('verdict', c.verdict, VERDICTS)} ${classFrom('expect', c.expected, EXPECTATIONS)}${base ? ` base-${base}` : ''}" data-case-id="${esc(c.id)}" data-detail="${esc(detailId)}"` +
    ` title="${esc(tooltip(c))}" tabindex="0" role="button" aria-haspopup="dialog">` +
    `<span class="mark">${esc(main)}</span>${sub ? `<span class="sub">${esc(sub)}</span>` : ''}${tags(c)}</td>`
  );
}
