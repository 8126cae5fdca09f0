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
 * What the reports must not contain. Required: a caller says what it knows, even when that is
 * nothing (`[]`: `merge`, whose inputs were redacted by their runs; the patterns still apply).
 * A Redactor as the engine filled it, or strings: each is redacted as a secret access key would be
 * (itself, url-encoded, base64), and one that is base64 (an SSE-C key as the engine holds it) also
 * as the raw bytes it encodes, in every encoding (Redactor.addKey).
 */
export interface ReportSecrets {
  secrets: Redactor | string[];
}

export function redactorFor(secrets: Redactor | string[]): Redactor {
  if (secrets instanceof Redactor) return secrets;
  const r = new Redactor();
  for (const s of secrets) {
    r.addSecretKey(s);
    // Harmless when a secret key happens to be valid base64: its decoded bytes are registered too.
    if (s.length >= 24 && /^[A-Za-z0-9+/]+={0,2}$/.test(s)) r.addKeyB64(s);
  }
  return r;
}

/**
 * Writes results.json, junit.xml, summary.md and index.html into dir (created if missing) and
 * returns their paths in that order. Every format is drawn from a redacted copy of the results.
 */
export async function writeReports(results: RunResults, dir: string, opts: ReportSecrets): Promise<string[]> {
  // Callers written in plain JS (jest reporters) get no type check: refuse rather than write unredacted.
  if (!opts?.secrets) throw new Error('writeReports: the secrets to redact are required ({ secrets: [] } when there are none)');
  const redactor = redactorFor(opts.secrets);
  const safe = redactResults(results, redactor);
  await mkdir(dir, { recursive: true });
  const contents: Record<(typeof REPORT_FILES)[number], string> = {
    'results.json': renderResultsJson(safe),
    'junit.xml': renderJunit(safe),
    'summary.md': renderSummaryMarkdown(safe),
    'index.html': renderHtml(safe, { redactor, redacted: true }),
  };
  const paths: string[] = [];
  for (const name of REPORT_FILES) {
    const file = path.join(dir, name);
    await writeFile(file, contents[name], 'utf8');
    paths.push(file);
  }
  return paths;
}
