import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRunOptions, RUN_ENV } from '../../lib/engine/run-options';
import { expandProfile } from '../../lib/matrix/expand';
import { filterCases } from '../../lib/matrix/filter';
import type { Case } from '../../lib/matrix/types';
import { summarize } from '../../lib/report/summarize';
import { writeReports } from '../../lib/report/write';
import { unjudged } from '../../lib/verdict/case-identity';
import type { CaseResult, RunResults } from '../../lib/verdict/types';
import { interruptFlag, partsDir } from '../../lib/engine/parts';
import { clearLatest, markReportSet } from '../../lib/cli/report-dir';
import { isCleanupPart, joinCleanupParts } from './cleanup-outcome';

export const INTERRUPTED_ENV = 'SSE_CONFORMANCE_INTERRUPTED';

function missing(c: Case, interrupted: boolean): CaseResult {
  return interrupted
    ? unjudged(c, 'skipped', 'not run: the run was interrupted')
    : unjudged(c, 'error', 'no result: its suite did not run (see the jest output)');
}

/** Joins the suites' per-table results into one RunResults, in matrix order. */
export function collectResults(): RunResults | null {
  if (!process.env[RUN_ENV]) return null;
  const opts = readRunOptions();
  const dir = partsDir(opts.reportRoot, opts.runId);
  if (!fs.existsSync(dir)) {
    // The conformance project did not run at all (e.g. `jest --selectProjects unit`).
    return null;
  }
  const byId = new Map<string, CaseResult>();
  for (const f of fs.readdirSync(dir).filter((name) => name.endsWith('.json') && !isCleanupPart(name))) {
    for (const r of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CaseResult[]) byId.set(r.id, r);
  }
  const interrupted = process.env[INTERRUPTED_ENV] === '1' || fs.existsSync(interruptFlag(opts.reportRoot, opts.runId));
  const selected = filterCases(expandProfile(opts.profileData), opts.filter);
  const tablesRun = new Set([...byId.values()].map((r) => r.table));
  // A shard runs some tables only: the others are not this run's to report.
  const inScope = opts.shard ? selected.filter((c) => tablesRun.has(c.table)) : selected;
  const cases = inScope.map((c) => byId.get(c.id) ?? missing(c, interrupted));
  const t = opts.target;
  const cleanup = joinCleanupParts(dir, opts.runId);
  return {
    schemaVersion: 1,
    runId: opts.runId,
    endpoint: { embedded: t.embedded, http: t.http, https: t.https, bucket: t.bucket, region: t.region },
    profile: opts.profile,
    strict: opts.strict,
    startedAt: opts.startedAt,
    durationMs: Date.now() - Date.parse(opts.startedAt),
    seed: opts.seed,
    settleMs: opts.settleMs,
    ...(interrupted ? { interrupted: true } : {}),
    ...(cleanup ? { cleanup } : {}),
    summary: summarize(cases),
    cases,
  };
}

/** Jest reporter: after the run, writes reports/<run-id>/ and reports/latest/. */
export default class ResultsReporter {
  async onRunComplete(): Promise<void> {
    const results = collectResults();
    if (!results) return;
    const opts = readRunOptions();
    const dir = path.join(opts.reportRoot, results.runId);
    // The SSE-C keys live in the suites' engines, which redacted every result with them already.
    const secrets = { secrets: [opts.target.secretAccessKey] };
    await writeReports(results, dir, secrets);
    const latest = path.join(opts.reportRoot, 'latest');
    // Only a latest/ this tool wrote (or a link) is replaced; the CLI checked before the run, this is the last word.
    if (clearLatest(opts.reportRoot)) {
      await writeReports(results, latest, secrets);
      markReportSet(latest);
    } else process.stderr.write(`${latest} was not written by sse-conformance: left as it is; the report is in ${dir}\n`);
    fs.rmSync(partsDir(opts.reportRoot, opts.runId), { recursive: true, force: true });
  }
}
