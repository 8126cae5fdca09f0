// writeReports: every format from one RunResults, into one directory.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Redactor } from '../redact/redact';
import type { RunResults } from '../verdict/types';
import { renderHtml } from './html/render';
import { renderJunit } from './junit';
import { redactResults } from './redact-results';
import { renderResultsJson } from './results-json';
import { renderSummaryMarkdown } from './summary-md';

export const REPORT_FILES = ['results.json', 'junit.xml', 'summary.md', 'index.html'] as const;

/**
 * Writes results.json, junit.xml, summary.md and index.html into dir (created if missing) and
 * returns their paths in that order. Every format is drawn from a redacted copy of the results;
 * pass `secrets` (secret key, SSE-C keys) to redact their literal values too.
 */
export async function writeReports(results: RunResults, dir: string, opts: { secrets?: string[] } = {}): Promise<string[]> {
  const redactor = new Redactor(opts.secrets);
  const safe = redactResults(results, redactor);
  await mkdir(dir, { recursive: true });
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'results.json': renderResultsJson(safe),
    'junit.xml': renderJunit(safe),
    'summary.md': renderSummaryMarkdown(safe),
    'index.html': renderHtml(safe, { redactor }),
  };
  const paths: string[] = [];
  for (const name of REPORT_FILES) {
    const file = path.join(dir, name);
    await writeFile(file, contents[name], 'utf8');
    paths.push(file);
  }
  return paths;
}
