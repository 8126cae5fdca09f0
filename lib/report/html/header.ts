// The page head: what was tested (endpoint, profile, run), the overall verdict, totals, legend.
import type { RunResults } from '../../verdict/types';
import { overallVerdict, summarize } from '../summarize';
import { atRestRunText, baselineRunText } from '../marks';
import { esc } from './escape';
import { formatDate, formatDuration } from './format';

const BANNER_TEXT = {
  CONFORMANT: 'Every judged cell behaves as the vendor tables require.',
  'NON-CONFORMANT': 'At least one cell breaks the vendor tables.',
  'COULD NOT JUDGE': 'No cell failed, but some could not be judged (errors, an interrupted run, or nothing judged).',
} as const;

export function renderHeader(results: RunResults): string {
  const s = summarize(results.cases);
  const verdict = overallVerdict({ summary: s, interrupted: results.interrupted });
  const ep = results.endpoint;
  const meta: [string, string][] = [
    ['Endpoint', `<code>${esc(ep.http)}</code> · <code>${esc(ep.https)}</code>${ep.embedded ? ' <span class="tag">embedded reference</span>' : ''}`],
    ['Bucket / region', `<code>${esc(ep.bucket)}</code> · <code>${esc(ep.region)}</code>`],
    ['Profile', `<code>${esc(results.profile)}</code>${results.strict ? ' <span class="tag">strict error codes</span>' : ''}`],
    ['Run', `<code>${esc(results.runId)}</code>`],
    ['Started', `${esc(formatDate(results.startedAt))} · ${esc(formatDuration(results.durationMs))}`],
    ['At rest', esc(atRestRunText(results))],
  ];
  const baseline = baselineRunText(results);
  if (baseline) meta.push(['Baseline', `<code>${esc(results.baseline!.file)}</code> · ${esc(baseline)}`]);
  const chip = (cls: string, n: number, label: string): string => `<span class="chip ${cls}"><b>${n}</b> ${label}</span>`;
  return `<header class="top">
<div class="title"><h1>SSE conformance report</h1><p class="muted">Server-side-encryption transport rules: SSE-C and SSE-KMS over HTTP / HTTPS with Signature V2 / V4</p></div>
<dl class="meta">${meta.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</header>
<section class="banner banner-${verdict.toLowerCase().replace(/ /g, '-')}" role="status">
<div class="banner-verdict">${esc(verdict)}</div>
<div class="banner-text">${esc(BANNER_TEXT[verdict])}${results.interrupted ? ' <strong>The run was interrupted.</strong>' : ''}</div>
<div class="chips">${chip('chip-total', s.total, 'cells')}${chip('verdict-pass', s.pass, 'pass')}${chip('verdict-fail', s.fail, 'fail')}${chip('verdict-error', s.error, 'error')}${chip('verdict-skipped', s.skipped, 'skipped')}</div>
</section>
<section class="legend" aria-label="Legend">
<span class="key"><span class="swatch verdict-pass">✓</span> pass: behaved as the table requires (accept, or reject with no side effect)</span>
<span class="key"><span class="swatch verdict-fail">✗</span> fail: the status the endpoint answered, with severity</span>
<span class="key"><span class="swatch verdict-error">!</span> error: could not judge (timeout, reset, 5xx)</span>
<span class="key"><span class="swatch verdict-skipped">–</span> skipped</span>
<span class="key hint">Click a cell for its requirement and evidence.</span>
</section>`;
}
