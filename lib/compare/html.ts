// compare/index.html: the four tables with one column group per run, each cell's verdict, the
// cells whose outcome differs framed, and each cell's full detail (the run report's own dialog,
// lib/report/html/detail.ts) behind it. Self-contained like a run's index.html; readable without
// JavaScript (every cell is a link to its detail, shown in place then). Every string is escaped.
import { EXPECTATIONS, oneOf, VERDICTS } from '../report/enums';
import { tags, tooltip } from '../report/html/cell';
import { renderDetail } from '../report/html/detail';
import { pageHead } from '../report/html/page';
import { classFrom, esc } from '../report/html/escape';
import { SCRIPT } from '../report/html/script';
import { STYLES } from '../report/html/styles';
import { expectedText, observedText, rowHeadings } from '../report/labels';
import { printable } from '../report/sanitize';
import { COLUMNS } from '../report/order';
import type { CaseResult, RunResults } from '../verdict/types';
import { endpointText, outcomeWord, runDate, runName, totals } from './labels';
import { MAX_CELLS_TEXT, cellCount } from '../report/causes';
import type { CauseChange, CompareRow, CompareTable, Comparison } from './model';
import { COMPARE_STYLES, NOSCRIPT_STYLES } from './styles';

const MARK: Record<string, string> = { pass: '✓ pass', fail: '✗ fail', error: '! error', skipped: '– skipped' };

/** Detail ids are made of two numbers only: nothing a results file says reaches an id or a link. */
type DetailIds = Map<string, number>;
const detailId = (run: number, caseIndex: number): string => `r${run}-c${caseIndex}`;

function runLine(r: RunResults, i: number): string {
  return `<strong>${esc(runName(i))}</strong> · <code>${esc(endpointText(r))}</code> · run <code>${esc(r.runId)}</code> · ${esc(runDate(r))}`;
}

/** One run's cell; `start`: the first column of the run's group (a heavier left rule). */
function cell(c: CaseResult | undefined, run: number, id: string | undefined, ids: DetailIds, diff: boolean, start: boolean): string {
  const extra = `${diff ? ' diff' : ''}${start ? ' run-start' : ''}`;
  if (!id) return `<td class="cell-none${extra}" title="no run judged this cell">·</td>`;
  if (!c) return `<td class="cell-none${extra}" title="${esc(`${runName(run)}: ${id} not run`)}">not run</td>`;
  const d = detailId(run, ids.get(c.id) as number);
  const sub = c.verdict === 'fail' ? `${c.severity ?? 'unclassified'} · ${observedText(c)}` : c.verdict === 'skipped' ? '' : observedText(c);
  return (
    `<td class="cell ${classFrom('verdict', c.verdict, VERDICTS)} ${classFrom('expect', c.expected, EXPECTATIONS)}${extra}" data-case-id="${esc(c.id)}" data-detail="${d}" title="${esc(`${runName(run)}: ${tooltip(c)}`)}">` +
    `<a href="#${d}"><span class="mark">${esc(MARK[oneOf(c.verdict, VERDICTS, 'unknown')] ?? '? unknown')}</span>${sub ? `<span class="sub">${esc(sub)}</span>` : ''}${tags(c)}</a>` +
    `${diff ? '<span class="diffmark" aria-label="differs between runs">≠</span>' : ''}</td>`
  );
}

function row(r: CompareRow, cmp: Comparison, ids: DetailIds): string {
  const labels = r.labels.map((l, i) => `<th scope="row" class="label${i === 0 ? ' first' : ''}">${esc(l)}</th>`).join('');
  const cells = cmp.runs.flatMap((run, ri) =>
    r.ids.map((id, col) => cell(id === undefined ? undefined : run.byId.get(id), ri, id, ids, id !== undefined && cmp.differs.has(id), col === 0)),
  );
  return `<tr title="${esc(r.requirement)}">${labels}<td class="rule">${esc(r.rule.protocol)}</td><td class="rule">${esc(r.rule.auth)}</td>${cells.join('')}</tr>`;
}

function table(t: CompareTable, n: number, cmp: Comparison, ids: DetailIds): string {
  const heads = rowHeadings(t.id);
  const runHeads = cmp.runs
    .map((run, i) => {
      const r = run.results;
      return `<th colspan="${COLUMNS.length}" class="g-run run-start" scope="colgroup"><span class="run-no">${esc(runName(i))}</span><code>${esc(endpointText(r))}</code><span class="run-when"><code>${esc(r.runId)}</code> · ${esc(runDate(r))}</span></th>`;
    })
    .join('');
  const colHeads = cmp.runs.map(() => COLUMNS.map((c, i) => `<th scope="col" class="colhead${i === 0 ? ' run-start' : ''}">${esc(c.label)}</th>`).join('')).join('');
  const count = t.differing.length ? `<span class="t-diff">${t.differing.length} differ</span>` : 'no difference';
  return `<section class="table-block" id="table-${n}">
<h2><span class="tno">Table ${n}</span> ${esc(t.title)} <span class="tcount">${count}</span></h2>
<div class="scroll"><table class="matrix compare">
<thead>
<tr class="group"><th colspan="${heads.length + 2}" class="g-vendor">Vendor documentation</th>${runHeads}</tr>
<tr>${heads.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}<th scope="col">Protocol</th><th scope="col">Auth</th>${colHeads}</tr>
</thead>
<tbody>
${t.rows.map((r) => row(r, cmp, ids)).join('\n')}
</tbody>
</table></div>
</section>`;
}

function runsTable(cmp: Comparison): string {
  const rows = cmp.runs.map((run, i) => {
    const r = run.results;
    const s = totals(r);
    return `<tr><th scope="row">${esc(runName(i))}</th><td><code>${esc(endpointText(r))}</code></td><td><code>${esc(r.profile)}</code>${r.strict ? ' <span class="tag">strict</span>' : ''}</td><td><code>${esc(r.runId)}</code></td><td>${esc(runDate(r))}</td>` +
      `<td class="num">${esc(s.total)}</td><td class="num">${esc(s.pass)}</td><td class="num">${esc(s.fail)}</td><td class="num">${esc(s.error)}</td><td class="num">${esc(s.skipped)}</td><td><code>${esc(printable(run.source, 1000))}</code></td></tr>`;
  });
  return `<section class="runs-block"><h2>Runs</h2><div class="scroll"><table class="runs">
<thead><tr><th>Run</th><th>Endpoint</th><th>Profile</th><th>Run id</th><th>Started</th><th>Cells</th><th>Pass</th><th>Fail</th><th>Error</th><th>Skipped</th><th>Read from</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div></section>`;
}

function differences(cmp: Comparison, ids: DetailIds): string {
  if (!cmp.differing.length) return '';
  const items = cmp.differing.map((id) => {
    const badges = cmp.runs.map((run, ri) => {
      const c = run.byId.get(id);
      const text = esc(`${runName(ri)}: ${outcomeWord(c)}`);
      if (!c) return `<span class="badge not-run">${text}</span>`;
      const d = detailId(ri, ids.get(id) as number);
      return `<a class="badge ${classFrom('verdict', c.verdict, VERDICTS)}" href="#${d}" data-detail="${d}" title="${esc(observedText(c))}">${text}</a>`;
    });
    const any = cmp.runs.map((run) => run.byId.get(id)).find((c) => c);
    return `<li><code>${esc(id)}</code> ${badges.join(' ')}${any ? ` <span class="muted">must be ${esc(expectedText(any))}</span>` : ''}</li>`;
  });
  return `<section class="diffs"><h2>Cells that differ <span class="muted">(${cmp.differing.length})</span></h2><ul>${items.join('\n')}</ul></section>`;
}

const CHANGE_TAG: Record<CauseChange, string> = { appeared: '+ appeared', 'went away': '− went away', varies: '~ in some runs', same: '= in every run' };

/** The causes of every run, matched by id and answer: those that appeared or went away first, each run's count and cells. */
function causesBlock(cmp: Comparison): string {
  if (cmp.causes.length === 0) return '';
  const changed = cmp.causes.filter((c) => c.change !== 'same').length;
  const items = cmp.causes.map((c) => {
    const verdicts = [...new Set(c.verdicts.flat())].join(' / ');
    const answer = c.answer !== undefined ? ` <span class="cause-answer">answered <code>${esc(printable(c.answer, 220))}</code></span>` : '';
    // One line per run: how many cells there, and which; a run without the cause, one word.
    const runs = c.counts
      .map((n, ri) =>
        n
          ? `<li><span class="run-count ${c.verdicts[ri].some((v) => v.startsWith('FAIL')) ? 'verdict-fail' : 'verdict-error'}">${esc(`${runName(ri)}: ${cellCount(n)}`)}</span> <code>${esc(printable(c.compact[ri].join(', '), MAX_CELLS_TEXT))}</code></li>`
          : `<li><span class="run-count not-run">${esc(`${runName(ri)}: none`)}</span></li>`,
      )
      .join('');
    return `<li class="cause-row change-${c.change === 'went away' ? 'gone' : c.change}"><div class="cause-head"><span class="change-tag">${esc(CHANGE_TAG[c.change])}</span> <span class="muted">${esc(printable(verdicts, 100))}</span> <strong>${esc(printable(c.title, 200))}</strong>${answer}</div>
<ul class="cause-runs">${runs}</ul></li>`;
  });
  return `<section class="diffs causes-diff"><h2>Causes <span class="muted">(${esc(changed ? `${changed} of ${cmp.causes.length} not in every run` : `the same ${cmp.causes.length} in every run`)})</span></h2><ul>${items.join('\n')}</ul></section>`;
}

function details(cmp: Comparison, ids: DetailIds): string {
  const out: string[] = [];
  cmp.runs.forEach((run, ri) => {
    for (const id of cmp.ids) {
      const c = run.byId.get(id);
      if (!c) continue;
      const html = renderDetail(c, detailId(ri, ids.get(id) as number));
      // Which run a detail belongs to, first thing in its body (renderDetail knows one run only).
      const at = html.indexOf('<div class="detail-body">');
      if (at < 0) throw new Error('compare: the detail markup changed; cannot place the run line');
      const body = at + '<div class="detail-body">'.length;
      out.push(`${html.slice(0, body)}\n<p class="detail-run">${runLine(run.results, ri)}</p>${html.slice(body)}`);
    }
  });
  return out.join('\n');
}

export function renderCompareHtml(cmp: Comparison): string {
  const ids: DetailIds = new Map(cmp.ids.map((id, i) => [id, i]));
  const n = cmp.differing.length;
  const banner = n
    ? `<section class="banner banner-differ" role="status"><div class="banner-verdict">${n} cell${n === 1 ? '' : 's'} differ</div><div class="banner-text">of ${cmp.ids.length} cells judged by at least one of ${cmp.runs.length} runs: a different verdict, severity, or not run in one of them.</div></section>`
    : `<section class="banner banner-same" role="status"><div class="banner-verdict">No difference</div><div class="banner-text">Each of the ${cmp.ids.length} cells has the same outcome in ${cmp.runs.length === 1 ? 'the one run given' : `all ${cmp.runs.length} runs`}.</div></section>`;
  const title = `SSE conformance comparison: ${cmp.runs.length} run${cmp.runs.length === 1 ? '' : 's'}, ${n} of ${cmp.ids.length} cells differ`;
  return `${pageHead(title, `${STYLES}${COMPARE_STYLES}`, `<noscript><style>${NOSCRIPT_STYLES}</style></noscript>
`)}
<body>
<main>
<header class="top"><div class="title"><h1>SSE conformance comparison</h1><p class="muted">Runs side by side, cell by cell: matched by case id</p></div></header>
${banner}
${runsTable(cmp)}
<section class="legend" aria-label="Legend">
<span class="key"><span class="swatch verdict-pass">✓</span> pass</span>
<span class="key"><span class="swatch verdict-fail">✗</span> fail, with severity and the status answered</span>
<span class="key"><span class="swatch verdict-error">!</span> error: could not judge</span>
<span class="key"><span class="swatch verdict-skipped">–</span> skipped</span>
<span class="key"><span class="swatch diff-swatch">≠</span> differs between runs</span>
<span class="key hint">Click a cell for its requirement and evidence in that run.</span>
</section>
${causesBlock(cmp)}
${differences(cmp, ids)}
${cmp.tables.map((t, i) => table(t, i + 1, cmp, ids)).join('\n')}
<h2 class="details-head">Cell details</h2>
${details(cmp, ids)}
<footer>generated by sse-conformance compare</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
