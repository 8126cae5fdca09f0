// Under the banner: every failing and erroring cell in one list, most harmful first, each
// opening its detail. Saves hunting for red cells in four tables.
import type { CaseResult } from '../../verdict/types';
import { SEVERITY_ORDER, expectedText, observedText } from '../labels';
import { compareCases } from '../order';
import { VERDICTS } from '../enums';
import { baselineMarkOf } from '../marks';
import { classFrom, esc } from './escape';

const rank = (c: CaseResult): number => (c.verdict === 'fail' ? (c.severity ? SEVERITY_ORDER.indexOf(c.severity) : SEVERITY_ORDER.length) : SEVERITY_ORDER.length + 1);

function item(c: CaseResult, detailIds: Map<string, string>): string {
  const tag = c.verdict === 'fail' ? (c.severity ?? 'fail') : c.verdict === 'pass' ? 'pass' : 'error';
  return `<li><span class="badge ${classFrom('verdict', c.verdict, VERDICTS)}">${esc(tag)}</span> <a href="#${esc(encodeURIComponent(c.id))}" data-detail="${esc(detailIds.get(c.id) ?? '')}"><code>${esc(c.id)}</code></a>
<span class="muted">expected ${esc(expectedText(c))}, got ${esc(observedText(c))}</span> — ${esc(c.reason)}</li>`;
}

function list(title: string, cases: readonly CaseResult[], detailIds: Map<string, string>): string {
  return `<h2>${esc(title)} <span class="muted">(${esc(cases.length)})</span></h2><ul>${cases.map((c) => item(c, detailIds)).join('\n')}</ul>`;
}

export function renderProblems(cases: readonly CaseResult[], detailIds: Map<string, string>, withBaseline = false): string {
  const problems = cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').sort((a, b) => rank(a) - rank(b) || compareCases(a, b));
  if (withBaseline) {
    // Against a baseline, what changed comes first; the known cells are folded away.
    const regressions = problems.filter((c) => baselineMarkOf(c) === 'regression');
    const fixed = cases.filter((c) => baselineMarkOf(c) === 'fixed');
    const known = problems.filter((c) => baselineMarkOf(c) === 'known');
    const parts = [
      regressions.length ? list('Regressions', regressions, detailIds) : '<h2>No regression</h2>',
      fixed.length ? list('Fixed: remove from the baseline', fixed, detailIds) : '',
      known.length ? `<details class="known"><summary>${esc(`Known (listed in the baseline): ${known.length}`)}</summary><ul>${known.map((c) => item(c, detailIds)).join('\n')}</ul></details>` : '',
    ];
    return `<section class="problems">${parts.join('')}</section>`;
  }
  if (problems.length === 0) return '';
  return `<section class="problems">${list('Failures and errors', problems, detailIds)}</section>`;
}
