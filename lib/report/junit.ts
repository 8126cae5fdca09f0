// junit.xml for CI: one <testsuite> per vendor table, one <testcase> per cell, named by case id.
// Built with xmlbuilder2 so escaping and well-formedness are the library's job, not ours.
import { create } from 'xmlbuilder2';
import type { CaseResult, RunResults } from '../verdict/types';
import { evidenceLine } from './evidence-line';
import { failureLine } from './labels';
import { atRestRunText, attemptsText, baselineMarkOf } from './marks';
import { buildMatrix } from './matrix-model';

/**
 * XML 1.0 cannot carry most control characters at all, even escaped (binary body excerpts and
 * merged files can), nor lone surrogates or U+FFFE/U+FFFF; DEL and C1 are allowed but would reach
 * a terminal that prints the report. Every string that goes into junit.xml passes here first.
 */
export function xmlSafe(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- replaces the characters XML 1.0 forbids, control characters included
  return String(value ?? '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const seconds = (ms: number): string => (Number(ms) / 1000).toFixed(3);
const totalMs = (cases: readonly CaseResult[]): number => cases.reduce((n, c) => n + c.durationMs, 0);

/**
 * How a cell shows in junit. Against a baseline: a known failure is skipped with its reason (CI stays
 * green on it), a regression fails, and a fixed cell fails too until it is removed from the baseline.
 */
type JunitKind = 'failure' | 'error' | 'skipped' | 'passed';
function kindOf(c: CaseResult): JunitKind {
  const base = baselineMarkOf(c);
  if (base === 'known') return 'skipped';
  if (base === 'fixed') return 'failure';
  return c.verdict === 'fail' ? 'failure' : c.verdict === 'error' ? 'error' : c.verdict === 'skipped' ? 'skipped' : 'passed';
}

function counts(cases: readonly CaseResult[]): { tests: number; failures: number; errors: number; skipped: number } {
  const n = (k: JunitKind) => cases.filter((c) => kindOf(c) === k).length;
  return { tests: cases.length, failures: n('failure'), errors: n('error'), skipped: n('skipped') };
}

function details(c: CaseResult): string {
  const lines = [failureLine(c)];
  const tries = attemptsText(c);
  if (tries) lines.push(tries);
  for (const n of c.notes ?? []) lines.push(`Note: ${n}`);
  return xmlSafe(lines.join('\n'));
}

function systemOut(c: CaseResult): string {
  const lines = [...(c.notes ?? []).map((n) => `Note: ${n}`), ...c.evidence.map(evidenceLine)];
  return xmlSafe(lines.join('\n'));
}

export function renderJunit(results: RunResults): string {
  const all = counts(results.cases);
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('testsuites', {
    name: xmlSafe(`sse-conformance ${results.profile}`),
    ...all,
    time: seconds(results.durationMs),
    timestamp: xmlSafe(results.startedAt),
  });
  for (const table of buildMatrix(results.cases)) {
    const suite = root.ele('testsuite', {
      name: xmlSafe(table.id),
      ...counts(table.cases),
      time: seconds(totalMs(table.cases)),
      timestamp: xmlSafe(results.startedAt),
    });
    const props = suite.ele('properties');
    const prop = (name: string, value: unknown): void => void props.ele('property', { name, value: xmlSafe(value) });
    prop('runId', results.runId);
    prop('profile', results.profile);
    prop('endpoint.http', results.endpoint.http);
    prop('endpoint.https', results.endpoint.https);
    prop('bucket', results.endpoint.bucket);
    prop('region', results.endpoint.region);
    prop('strict', String(results.strict));
    prop('title', table.title);
    if (results.baseline) prop('baseline', results.baseline.file);
    prop('atRest', atRestRunText(results));

    for (const c of table.cases) {
      const tc = suite.ele('testcase', { name: xmlSafe(c.id), classname: xmlSafe(table.id), time: seconds(c.durationMs) });
      const kind = kindOf(c);
      const base = baselineMarkOf(c);
      const prefix = base === 'regression' ? 'regression: ' : '';
      if (base === 'fixed') {
        tc.ele('failure', { message: xmlSafe(`fixed: passes now; remove ${c.id} from the baseline ${results.baseline?.file ?? ''}`), type: 'fixed' }).txt(details(c));
      } else if (kind === 'failure') {
        const severity = xmlSafe(c.severity ?? 'unclassified');
        tc.ele('failure', { message: xmlSafe(`${prefix}[${severity}] ${c.reason}`), type: severity }).txt(details(c));
      } else if (kind === 'error') {
        tc.ele('error', { message: xmlSafe(`${prefix}${c.reason}`), type: 'ERROR' }).txt(details(c));
      } else if (kind === 'skipped') {
        const known = base === 'known' ? `known ${c.verdict.toUpperCase()}${c.severity ? ` (${c.severity})` : ''}, listed in the baseline: ` : '';
        tc.ele('skipped', { message: xmlSafe(`${known}${c.reason}`) });
      }
      const out = systemOut(c);
      if (out) tc.ele('system-out').txt(out);
    }
  }
  return doc.end({ prettyPrint: true });
}
