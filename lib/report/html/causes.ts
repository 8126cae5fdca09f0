// Under the banner: the run's causes, largest first. Each names what the endpoint did, the answer
// that showed it, its verdict and severity, what it means, and its cells: written compactly, and
// one link per cell to the cell's detail (the same anchors the matrix and the problems list use):
// a compact entry that names one cell is the link; those behind braces are listed, folded away.
// The answer is the endpoint's own text: printable (no control or bidi character) and escaped.
import type { CauseGroup } from '../../verdict/causes';
import { MAX_CELLS_TEXT, causeVerdictText, causesHeadline, cellCount } from '../causes';
import { VERDICTS } from '../enums';
import { printable } from '../sanitize';
import { classFrom, esc } from './escape';

function cellLink(id: string, detailIds: Map<string, string>): string {
  const detail = detailIds.get(id);
  const label = `<code>${esc(printable(id, 300))}</code>`;
  // A cell a crafted file names but the run does not hold: shown, not linked.
  return detail ? `<a href="#${esc(encodeURIComponent(id))}" data-detail="${esc(detail)}">${label}</a>` : `<span class="unlinked">${label}</span>`;
}

function cause(g: CauseGroup, detailIds: Map<string, string>): string {
  const verdict = classFrom('verdict', g.verdict, VERDICTS);
  // "answered 400 Bad Request InvalidRequest"; "no answer (...)" says itself what it is.
  const answerText = g.answer !== undefined ? printable(g.answer, 220) : undefined;
  const answer = answerText !== undefined ? `<span class="cause-answer">${/^\d/.test(answerText) ? 'answered ' : ''}<code>${esc(answerText)}</code></span>` : '';
  // Written compactly; an entry that names one cell (no braces) is itself the link to that cell.
  const cells = new Set(g.cells);
  const compact = g.compact.map((c) => (cells.has(c) ? cellLink(c, detailIds) : `<code>${esc(printable(c, MAX_CELLS_TEXT))}</code>`));
  // The list of every cell, folded away, only where a brace hides some of them.
  const list = g.compact.every((c) => cells.has(c)) ? '' : `\n<details class="cause-cells"><summary>${esc(`the ${cellCount(g.cells.length)}, one by one`)}</summary><ul>${g.cells.map((id) => `<li>${cellLink(id, detailIds)}</li>`).join('')}</ul></details>`;
  return `<li class="cause">
<div class="cause-count ${verdict}"><b>${esc(g.cells.length)}</b><span>${esc(g.cells.length === 1 ? 'cell' : 'cells')}</span></div>
<div class="cause-body">
<div class="cause-head"><span class="badge ${verdict}">${esc(causeVerdictText(g))}</span> <strong class="cause-title">${esc(printable(g.title, 200))}</strong> ${answer}</div>
<p class="cause-sentence">${esc(printable(g.sentence, 500))}</p>
<p class="cause-compact">${compact.join(' ')}</p>${list}
</div>
</li>`;
}

export function renderCauses(groups: readonly CauseGroup[], detailIds: Map<string, string>): string {
  if (groups.length === 0) return '';
  return `<section class="causes" aria-labelledby="causes-title">
<h2 id="causes-title">Causes <span class="muted">${esc(causesHeadline(groups))}, largest first</span></h2>
<ol>
${groups.map((g) => cause(g, detailIds)).join('\n')}
</ol>
</section>`;
}
