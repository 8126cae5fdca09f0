import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Redactor } from '../redact/redact';
import { clearLatest, markReportSet } from '../report/report-dir';
import { writeReports } from '../report/write';
import type { RunResults } from '../verdict/types';

/** reports/<run-id>/ and reports/latest/ (only replacing a latest/ this tool wrote, or a link). */
export async function writeRunReports(results: RunResults, reportRoot: string, redactor: Redactor): Promise<{ reportDir: string; latestWritten: boolean }> {
  // Every result was redacted when it was judged; the reports redact it all again with the run's
  // own redactor (the secret key and every SSE-C key of the run), so one path that forgot cannot leak.
  const secrets = { secrets: redactor };
  const reportDir = path.join(reportRoot, results.runId);
  await writeReports(results, reportDir, secrets);
  const latest = path.join(reportRoot, 'latest');
  const latestWritten = clearLatest(reportRoot);
  if (latestWritten) {
    // The same files: rendered (and redacted) once.
    fs.cpSync(reportDir, latest, { recursive: true });
    markReportSet(latest);
  }
  return { reportDir, latestWritten };
}
