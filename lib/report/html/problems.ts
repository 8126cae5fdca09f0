// Under the banner: every failing and erroring cell in one list, most harmful first, each
// opening its detail. Saves hunting for red cells in four tables.
import type { CaseResult } from '../../verdict/types';
import { SEVERITY_ORDER, expectedText, observedText } from '../labels';
import { compareCases } from '../order';
import { VERDICTS } from '../enums';
import { classFrom, esc } from './escape';

const rank = (c: CaseResult): number => (c.verdict === 'fail' ? (c.severity ? SEVERITY_ORDER.indexOf(c.severity) : SEVERITY_ORDER.length) : SEVERITY_ORDER.length + 1);

export function renderProblems(cases: readonly CaseResult[], detailIds: Map<string, string>): string {
  const problems = cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').sort((a, b) => rank(a) - rank(b) || compareCases(a, b));
  if (problems.length === 0) return '';
  const items = problems.map((c) => {
    const tag = c.verdict === 'fail' ? (c.severity ?? 'fail') : 'error';
    return `<li><span class="badge ${classFrom('verdict', c.verdict, VERDICTS)}">${esc(tag)}</span> <a href="#${esc(encodeURIComponent(c.id))}" data-detail="${esc(detailIds.get(c.id) ?? '')}"><code>${esc(c.id)}</code></a>
<span class="muted">expected ${esc(expectedText(c))}, got ${esc(observedText(c))}</span> — ${esc(c.reason)}</li>`;
  });
  return `<section class="problems"><h2>Failures and errors <span class="muted">(${esc(problems.length)})</span></h2><ul>${items.join('\n')}</ul></section>`;
}
