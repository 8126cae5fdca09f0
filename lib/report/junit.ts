// junit.xml for CI: one <testsuite> per vendor table, one <testcase> per cell, named by case id.
// Built with xmlbuilder2 so escaping and well-formedness are the library's job, not ours.
import { create } from 'xmlbuilder2';
import type { CaseResult, RunResults } from '../verdict/types';
import { evidenceLine } from './evidence-line';
import { failureLine } from './labels';
import { buildMatrix } from './matrix-model';
import { summarize } from './summarize';

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

function details(c: CaseResult): string {
  const lines = [failureLine(c)];
  for (const n of c.notes ?? []) lines.push(`Note: ${n}`);
  return xmlSafe(lines.join('\n'));
}

function systemOut(c: CaseResult): string {
  const lines = [...(c.notes ?? []).map((n) => `Note: ${n}`), ...c.evidence.map(evidenceLine)];
  return xmlSafe(lines.join('\n'));
}

export function renderJunit(results: RunResults): string {
  const all = summarize(results.cases);
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('testsuites', {
    name: xmlSafe(`sse-conformance ${results.profile}`),
    tests: all.total,
    failures: all.fail,
    errors: all.error,
    skipped: all.skipped,
    time: seconds(results.durationMs),
    timestamp: xmlSafe(results.startedAt),
  });
  for (const table of buildMatrix(results.cases)) {
    const s = summarize(table.cases);
    const suite = root.ele('testsuite', {
      name: xmlSafe(table.id),
      tests: s.total,
      failures: s.fail,
      errors: s.error,
      skipped: s.skipped,
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

    for (const c of table.cases) {
      const tc = suite.ele('testcase', { name: xmlSafe(c.id), classname: xmlSafe(table.id), time: seconds(c.durationMs) });
      if (c.verdict === 'fail') {
        const severity = xmlSafe(c.severity ?? 'unclassified');
        tc.ele('failure', { message: xmlSafe(`[${severity}] ${c.reason}`), type: severity }).txt(details(c));
      } else if (c.verdict === 'error') {
        tc.ele('error', { message: xmlSafe(c.reason), type: 'ERROR' }).txt(details(c));
      } else if (c.verdict === 'skipped') {
        tc.ele('skipped', { message: xmlSafe(c.reason) });
      }
      const out = systemOut(c);
      if (out) tc.ele('system-out').txt(out);
    }
  }
  return doc.end({ prettyPrint: true });
}
