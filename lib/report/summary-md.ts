// summary.md: what a CI step summary ($GITHUB_STEP_SUMMARY) shows. Totals, the verdict, the causes
// (the endpoint's distinct problems, largest first, each naming its cells), one line per table,
// then every failing and erroring cell, most harmful first.
import type { CauseGroup } from '../verdict/causes';
import type { CaseResult, RunResults } from '../verdict/types';
import { MAX_CELLS_TEXT, causeVerdictText, causesHeadline, causesOf } from './causes';
import { SEVERITY_ORDER, expectedText, observedText } from './labels';
import { AT_REST_TEXT, atRestOf, atRestRunText, attemptsText, baselineMarkOf, baselineRunText } from './marks';
import { buildMatrix } from './matrix-model';
import { compareCases } from './order';
import { printable } from './sanitize';
import { overallVerdict, summarize } from './summarize';

const ICON = { CONFORMANT: '✅', 'NON-CONFORMANT': '❌', 'COULD NOT JUDGE': '⚠️' } as const;

/**
 * Text from an endpoint or a results file, as Markdown that shows it and does nothing else: one
 * line (a break would end a table row), no control character, HTML as entities (GitHub renders
 * tags in a step summary), and every character Markdown or a table reads (pipe, backtick,
 * emphasis, links and images) backslash-escaped.
 */
export function mdText(s: unknown): string {
  return printable(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]~|!#]/g, '\\$&');
}

/** Ids, URLs, names: what reads well as code and holds nothing Markdown, HTML or a table acts on. */
const PLAIN_TOKEN = /^[\w.:/@+=,%?&-]+$/;

/** A plain token as an inline code span; anything else escaped as text (a pipe or a backslash cannot be made safe inside a code span in a table). */
export function mdCode(s: unknown): string {
  const text = printable(s);
  return PLAIN_TOKEN.test(text) ? `\`${text}\`` : mdText(text);
}

/** Case ids written compactly (`sse-kms/{put-object,post-object}/https-v2`): code when plain, braces allowed; escaped text otherwise. */
export function mdCells(s: string): string {
  const text = printable(s);
  return /^[\w.:/@+=,%?&{}-]+$/.test(text) ? `\`${text}\`` : mdText(text);
}

/**
 * The causes, largest first: one table row each (how many cells, verdict, what the endpoint did,
 * the answer that showed it, the cells themselves by id, and what it means). The answer is the endpoint's
 * own text: escaped like any other, and bounded (lib/report/causes.ts).
 */
/** A cause's cells written compactly, as Markdown, at most about MAX_CELLS_TEXT characters (then "…"). */
export function mdCellList(compact: readonly string[]): string {
  let cells = '';
  for (const c of compact) {
    const next = `${cells ? `${cells}, ` : ''}${mdCells(c)}`;
    if (next.length > MAX_CELLS_TEXT) return `${cells} …`;
    cells = next;
  }
  return cells;
}

export function causesSection(groups: readonly CauseGroup[]): string[] {
  if (groups.length === 0) return [];
  const rows = groups.map((g) => {
    const cells = mdCellList(g.compact);
    const cols = [String(g.cells.length), mdText(causeVerdictText(g)), `**${mdText(g.title)}**`, g.answer !== undefined ? mdText(g.answer) : '—', cells, mdText(g.sentence)];
    return `| ${cols.join(' | ')} |`;
  });
  return [`### Causes: ${causesHeadline(groups)}`, '', '| Cells | Verdict | Cause | Answer | Which cells | What it means |', '|---:|---|---|---|---|---|', ...rows, ''];
}

function totalsLine(s: RunResults['summary']): string {
  return `**${s.total} cells**: ${s.pass} passed, ${s.fail} failed, ${s.error} errored, ${s.skipped} skipped`;
}

function severityRank(c: CaseResult): number {
  const i = c.severity ? SEVERITY_ORDER.indexOf(c.severity) : -1;
  return i < 0 ? SEVERITY_ORDER.length : i;
}

function listing(title: string, cases: CaseResult[], withSeverity: boolean): string[] {
  if (cases.length === 0) return [];
  const head = withSeverity ? '| Cell | Severity | Expected | Actual | Reason |\n|---|---|---|---|---|' : '| Cell | Expected | Actual | Reason |\n|---|---|---|---|';
  const rows = cases.map((c) => {
    const rest = atRestOf(c);
    const reason = [c.reason, ...(c.notes ?? []), ...(rest === 'plaintext' || rest === 'not-found' ? [AT_REST_TEXT[rest]] : []), attemptsText(c)].filter(Boolean).join(' — ');
    const cols = [mdCode(c.id), ...(withSeverity ? [mdText(c.verdict === 'fail' ? (c.severity ?? 'unclassified') : c.verdict)] : []), mdText(expectedText(c)), mdText(observedText(c)), mdText(reason)];
    return `| ${cols.join(' | ')} |`;
  });
  return [`### ${title} (${cases.length})`, '', head, ...rows, ''];
}

export function renderSummaryMarkdown(results: RunResults): string {
  const s = summarize(results.cases);
  const verdict = overallVerdict({ summary: s, interrupted: results.interrupted });
  const ep = results.endpoint;
  const out: string[] = [
    `## ${ICON[verdict]} SSE conformance: ${verdict}`,
    '',
    `${totalsLine(s)} · profile ${mdCode(results.profile)}${results.strict ? ' (strict)' : ''} · run ${mdCode(results.runId)} · ${mdText(results.startedAt)} · ${(results.durationMs / 1000).toFixed(1)} s`,
    '',
    `Endpoint: ${ep.embedded ? 'embedded reference endpoint, ' : ''}${mdCode(ep.http)} / ${mdCode(ep.https)}, bucket ${mdCode(ep.bucket)}, region ${mdCode(ep.region)}`,
    '',
  ];
  if (results.interrupted) out.push('> **Interrupted**: the run was stopped before every cell was judged.', '');
  out.push(`Stored bytes: ${mdText(atRestRunText(results))}`, '');
  const baseline = baselineRunText(results);
  if (baseline) out.push(`Baseline ${mdCode(results.baseline!.file)}: **${mdText(baseline)}**`, '');

  out.push(...causesSection(causesOf(results)));

  out.push('| Table | Cells | Pass | Fail | Error | Skipped |', '|---|---:|---:|---:|---:|---:|');
  for (const t of buildMatrix(results.cases)) {
    const ts = summarize(t.cases);
    out.push(`| ${mdText(t.title)} | ${ts.total} | ${ts.pass} | ${ts.fail} | ${ts.error} | ${ts.skipped} |`);
  }
  out.push('');

  const failing = results.cases.filter((c) => c.verdict === 'fail').sort((a, b) => severityRank(a) - severityRank(b) || compareCases(a, b));
  const erroring = results.cases.filter((c) => c.verdict === 'error').sort(compareCases);
  if (results.baseline) {
    // Against a baseline the three groups are what a nightly reader needs: what changed first.
    const marked = (m: string) => [...failing, ...erroring].filter((c) => baselineMarkOf(c) === m);
    const fixed = results.cases.filter((c) => baselineMarkOf(c) === 'fixed').sort(compareCases);
    out.push(...listing('Regressions', marked('regression'), true), ...listing('Fixed: remove from the baseline', fixed, true), ...listing('Known (listed in the baseline)', marked('known'), true));
  } else {
    out.push(...listing('Failures', failing, true), ...listing('Errors', erroring, false));
  }
  if (failing.length === 0 && erroring.length === 0) out.push('No failing or erroring cells.', '');
  return out.join('\n');
}
