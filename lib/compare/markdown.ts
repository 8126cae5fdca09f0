// compare/summary.md: what a CI step summary shows of a comparison. The runs, the causes (which
// appeared or went away, by id and answer), the cells that differ (each run's outcome and answer),
// then the four tables with one column group per run.
// Every string from a results file goes through mdText/mdCode (lib/report/summary-md.ts).
import { oneOf, VERDICTS } from '../report/enums';
import { observedText, rowHeadings } from '../report/labels';
import { COLUMNS } from '../report/order';
import { mdCellList, mdCode, mdText } from '../report/summary-md';
import type { CaseResult } from '../verdict/types';
import { endpointUrl, outcomeWord, runDate, runName, totals } from './labels';
import type { CauseChange, Comparison } from './model';

const SHORT: Record<string, string> = { pass: '✓', fail: '✗', error: '!', skipped: '–' };

/** A table cell: "✓", "✗ exposure", "!", "–", "not run"; a differing one bold with ≠. */
function short(c: CaseResult | undefined, diff: boolean): string {
  const text = !c ? 'not run' : `${SHORT[oneOf(c.verdict, VERDICTS, 'unknown')] ?? '?'}${c.verdict === 'fail' ? ` ${mdText(c.severity ?? 'unclassified')}` : ''}`;
  return diff ? `**≠ ${text}**` : text;
}

const row = (cols: string[]): string => `| ${cols.join(' | ')} |`;

const CHANGE_TEXT: Record<CauseChange, string> = { appeared: '**appeared**', 'went away': '**went away**', varies: 'in some runs only', same: 'in every run' };

/** Every cause of any run, those that appeared or went away first: each run's count of cells, its cells written compactly. */
function causesSection(cmp: Comparison): string[] {
  if (cmp.causes.length === 0) return [];
  const changed = cmp.causes.filter((c) => c.change !== 'same').length;
  const out = [
    `### Causes: ${changed ? `${changed} of ${cmp.causes.length} not in every run` : `the same ${cmp.causes.length} in every run`}`,
    '',
    row(['Change', 'Verdict', 'Cause', 'Answer', ...cmp.runs.map((_, i) => runName(i))]),
    row(['---', '---', '---', '---', ...cmp.runs.map(() => '---')]),
  ];
  for (const c of cmp.causes) {
    const perRun = c.counts.map((n, ri) => {
      if (!n) return '—';
      return `${n}: ${mdCellList(c.compact[ri])}`;
    });
    out.push(row([CHANGE_TEXT[c.change], mdText([...new Set(c.verdicts.flat())].join(' / ')), mdText(c.title), c.answer !== undefined ? mdText(c.answer) : '—', ...perRun]));
  }
  out.push('');
  return out;
}

export function renderCompareMarkdown(cmp: Comparison): string {
  const n = cmp.differing.length;
  const out: string[] = [
    `## ${n ? '≠' : '='} SSE conformance comparison: ${cmp.runs.length} run${cmp.runs.length === 1 ? '' : 's'}, ${n ? `${n} of ${cmp.ids.length} cells differ` : `no difference in ${cmp.ids.length} cells`}`,
    '',
    '| Run | Endpoint | Profile | Run id | Started | Cells | Pass | Fail | Error | Skipped |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|',
  ];
  cmp.runs.forEach((run, i) => {
    const r = run.results;
    const s = totals(r);
    out.push(row([runName(i), `${mdCode(endpointUrl(r))}${r.endpoint.embedded ? ' (embedded reference)' : ''}`, `${mdCode(r.profile)}${r.strict ? ' (strict)' : ''}`, mdCode(r.runId), mdText(runDate(r)), ...[s.total, s.pass, s.fail, s.error, s.skipped].map(String)]));
  });
  out.push('');
  out.push(...causesSection(cmp));

  if (n) {
    out.push(`### Cells that differ (${n})`, '', row(['Cell', ...cmp.runs.map((_, i) => runName(i))]), row(['---', ...cmp.runs.map(() => '---')]));
    for (const id of cmp.differing) {
      out.push(row([mdCode(id), ...cmp.runs.map((run) => {
        const c = run.byId.get(id);
        return c ? `${mdText(outcomeWord(c))} (${mdText(observedText(c))})` : 'not run';
      })]));
    }
  } else {
    out.push('Every cell has the same outcome in every run.');
  }
  out.push('');

  cmp.tables.forEach((t, ti) => {
    const heads = rowHeadings(t.id);
    const runCols = cmp.runs.flatMap((_, i) => COLUMNS.map((c) => `${runName(i)} ${c.label}`));
    out.push(`### Table ${ti + 1}: ${mdText(t.title)}${t.differing.length ? ` (${t.differing.length} differ)` : ''}`, '');
    out.push(row([...heads, 'Protocol', 'Auth', ...runCols]), row([...heads, 'p', 'a', ...runCols].map(() => '---')));
    for (const r of t.rows) {
      const cells = cmp.runs.flatMap((run) => r.ids.map((id) => (id === undefined ? '·' : short(run.byId.get(id), cmp.differs.has(id)))));
      out.push(row([...r.labels.map(mdText), mdText(r.rule.protocol), mdText(r.rule.auth), ...cells]));
    }
    out.push('');
  });
  return out.join('\n');
}
