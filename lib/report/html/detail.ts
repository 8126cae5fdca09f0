// A case's detail: requirement, expected, verdict, severity, reason, notes, then each evidence
// exchange in full. Evidence is redacted before it gets here (render.ts); all of it is escaped.
import type { CaseResult, Exchange } from '../../verdict/types';
import { VERDICTS } from '../enums';
import { expectedText, observedText, severityText, verdictWord } from '../labels';
import { cellCauseText } from '../causes';
import { AT_REST_TEXT, BASELINE_TEXT, atRestOf, attemptsText, baselineMarkOf } from '../marks';
import { printable } from '../sanitize';
import { classFrom, esc } from './escape';
import { formatDuration } from './format';

function headersTable(h: Record<string, string>): string {
  const rows = Object.entries(h).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`);
  return rows.length ? `<table class="headers">${rows.join('')}</table>` : '<p class="muted">no headers recorded</p>';
}

function body(excerpt: string | undefined): string {
  if (excerpt === undefined) return '';
  if (excerpt === '') return '<p class="muted">empty body</p>';
  return `<pre class="body">${esc(excerpt)}</pre>`;
}

function exchange(e: Exchange, open: boolean): string {
  const answer = e.response ? `${e.response.status}${e.response.statusText ? ` ${e.response.statusText}` : ''}` : 'no response';
  // Only these four class names can come out, whatever the status holds.
  const cls = e.response ? (e.response.status >= 500 ? 'st-5xx' : e.response.status >= 400 ? 'st-4xx' : 'st-2xx') : 'st-none';
  const tries = e.attempts && e.attempts > 1 ? ` · ${e.attempts} attempts` : '';
  const response = e.response
    ? `<div class="half"><h4>Response</h4><pre class="line">${esc(answer)}</pre>${headersTable(e.response.headers)}${body(e.response.bodyExcerpt)}</div>`
    : `<div class="half"><h4>Response</h4><p class="transport-error">${esc(e.error ?? 'no response recorded')}</p></div>`;
  return `<details class="exchange"${open ? ' open' : ''}>
<summary><span class="step">${esc(e.step)}</span> <code>${esc(e.request.method)} ${esc(e.request.url)}</code> <span class="status ${cls}">${esc(answer)}</span> <span class="muted">${esc(formatDuration(e.durationMs))}${esc(tries)}</span></summary>
<div class="pair">
<div class="half"><h4>Request</h4><pre class="line">${esc(e.request.method)} ${esc(e.request.url)}</pre>${headersTable(e.request.headers)}${body(e.request.bodyExcerpt)}</div>
${response}
</div>
${e.response && e.error ? `<p class="transport-error">${esc(e.error)}</p>` : ''}
</details>`;
}

export function renderDetail(c: CaseResult, detailId: string): string {
  const verdict = esc(verdictWord(c.verdict));
  const verdictClass = classFrom('verdict', c.verdict, VERDICTS);
  const id = esc(detailId);
  const facts: [string, string][] = [
    ['Requirement', esc(c.requirement)],
    ['Expected', esc(expectedText(c))],
    ['Observed', esc(observedText(c))],
    ['Verdict', `<span class="badge ${verdictClass}">${verdict}</span>`],
  ];
  if (c.severity) facts.push(['Severity', `<strong>${esc(c.severity)}</strong>: ${esc(severityText(c.severity))}`]);
  facts.push(['Reason', esc(c.reason)]);
  // The cause this cell is grouped under at the top of the page; the answer is the endpoint's text.
  const cause = cellCauseText(c);
  if (cause) facts.push(['Cause', `${esc(cause.title)}${cause.answer !== undefined ? ` · answered <code>${esc(printable(cause.answer, 220))}</code>` : ''}`]);
  const base = baselineMarkOf(c);
  if (base) facts.push(['Baseline', esc(BASELINE_TEXT[base])]);
  const rest = atRestOf(c);
  if (rest) facts.push(['At rest', esc(AT_REST_TEXT[rest])]);
  const tries = attemptsText(c);
  if (tries) facts.push(['Tries', `${esc(tries)}<ul class="notes">${(c.attempts ?? []).map((a, i) => `<li>${esc(`try ${i + 1}: ${verdictWord(a.verdict)}, ${a.reason} (${formatDuration(a.durationMs)}, then waited ${formatDuration(a.backoffMs)})`)}</li>`).join('')}</ul>`]);
  if (c.notes?.length) facts.push(['Notes', `<ul class="notes">${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`]);
  facts.push(['Cost', esc(`${formatDuration(c.durationMs)}, ${c.requests} request${c.requests === 1 ? '' : 's'}`)]);

  // Open the act exchange(s): the request under test is what a reader wants first.
  const acts = c.evidence.map((e) => e.step.startsWith('act'));
  const anyAct = acts.some(Boolean);
  const evidence = c.evidence.length
    ? c.evidence.map((e, i) => exchange(e, anyAct ? acts[i] : i === 0)).join('\n')
    : '<p class="muted">No exchange recorded for this cell.</p>';

  return `<dialog class="detail" id="${id}" data-case-id="${esc(c.id)}" aria-labelledby="${id}-title">
<header class="detail-head ${verdictClass}"><span class="badge ${verdictClass}">${verdict}</span><h2 id="${id}-title"><code>${esc(c.id)}</code></h2><button type="button" class="close" data-close aria-label="Close">×</button></header>
<div class="detail-body">
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<h3>Evidence <span class="muted">(${esc(c.evidence.length)} exchange${c.evidence.length === 1 ? '' : 's'}, secrets redacted)</span></h3>
${evidence}
</div>
</dialog>`;
}
