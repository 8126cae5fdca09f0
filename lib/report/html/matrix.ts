// The four tables drawn as in the vendor's documentation (row labels, Protocol, Auth), plus one
// observed column per protocol x signature.
import { rowHeadings } from '../labels';
import type { MatrixTable } from '../matrix-model';
import { COLUMNS } from '../order';
import { summarize } from '../summarize';
import { renderCell } from './cell';
import { esc } from './escape';

export function renderTable(t: MatrixTable, detailIds: Map<string, string>, n: number): string {
  const heads = rowHeadings(t.id);
  const s = summarize(t.cases);
  const counts = [`${s.pass} pass`, s.fail ? `<span class="t-fail">${s.fail} fail</span>` : '', s.error ? `<span class="t-error">${s.error} error</span>` : '', s.skipped ? `${s.skipped} skipped` : '']
    .filter(Boolean)
    .join(' · ');
  const rows = t.rows.map((r) => {
    const labels = r.labels.map((l, i) => `<th scope="row" class="label${i === 0 ? ' first' : ''}">${esc(l)}</th>`).join('');
    const cells = r.cells.map((c) => renderCell(c, c && detailIds.get(c.id))).join('');
    return `<tr title="${esc(r.requirement)}">${labels}<td class="rule">${esc(r.rule.protocol)}</td><td class="rule">${esc(r.rule.auth)}</td>${cells}</tr>`;
  });
  return `<section class="table-block" id="table-${esc(t.id)}">
<h2><span class="tno">Table ${n}</span> ${esc(t.title)} <span class="tcount">${counts}</span></h2>
<table class="matrix">
<colgroup>${heads.map(() => '<col class="c-label">').join('')}<col class="c-rule"><col class="c-rule">${COLUMNS.map(() => '<col class="c-cell">').join('')}</colgroup>
<thead>
<tr class="group"><th colspan="${heads.length + 2}" class="g-vendor">Vendor documentation</th><th colspan="${COLUMNS.length}" class="g-observed">Observed on this endpoint</th></tr>
<tr>${heads.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}<th scope="col">Protocol</th><th scope="col">Auth</th>${COLUMNS.map((c) => `<th scope="col" class="colhead">${esc(c.label)}</th>`).join('')}</tr>
</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}
