import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeFor } from '../cli/exit-code';
import type { Target } from '../config/settings';
import { openBucketClient } from '../engine/bucket-client';
import { RUN_PREFIX_ROOT } from '../engine/prefix';
import { runConformance } from '../run/run';
import type { Case } from '../matrix/types';
import { summarize } from '../report/summarize';
import type { CaseResult, RunResults } from '../verdict/types';

export interface FaultRun {
  results: CaseResult[];
  summary: RunResults['summary'];
  exitCode: number;
  /** Objects and uploads left under the run's prefix after cleanup, counted through the direct (unproxied) HTTPS path. */
  leftovers: number;
  /** What engine.cleanup() threw, if anything. */
  cleanupError?: string;
  /** results.json's maxAttempts (`retries` + 1; absent when 1). */
  maxAttempts?: number;
}

/**
 * Runs the real run path against `faulted` (a target whose HTTP or HTTPS address is a fault proxy),
 * then `beforeCleanup` (e.g. the fault goes away), then the engine's own cleanup, then counts what
 * is left under the whole run prefix through `direct`, the endpoint's own HTTPS listener.
 */
export async function runUnderFault(
  faulted: Target,
  direct: Target,
  cases: Case[],
  opts: { timeoutMs: number; concurrency: number; beforeCleanup?: () => void; retries?: number },
): Promise<FaultRun> {
  const runId = `faults-${Math.random().toString(36).slice(2, 8)}`;
  // The real run path (lib/run), no reports, no settle wait.
  const { results: run } = await runConformance(
    { runId, timeoutMs: opts.timeoutMs, strict: false, concurrency: opts.concurrency, settleMs: 0, ...(opts.retries !== undefined ? { retries: opts.retries } : {}) },
    // The proxy tells the trusted path from the requests under test by the test mark alone.
    { target: faulted, cases, writeReports: false, beforeCleanup: opts.beforeCleanup, markTrusted: true },
  );
  const results = run.cases;
  const cleanupError = run.cleanup && run.cleanup.failures.length ? run.cleanup.failures.join('; ') : undefined;
  const counter = openBucketClient(direct, { timeoutMs: 5000 });
  let leftovers: number;
  try {
    const prefix = `${RUN_PREFIX_ROOT}${runId}/`;
    leftovers = (await counter.listKeys(prefix)).length + (await counter.listUploads(prefix)).length;
  } finally {
    counter.close();
  }
  const summary = summarize(results);
  return {
    results,
    summary,
    exitCode: exitCodeFor({ summary }),
    leftovers,
    ...(cleanupError ? { cleanupError } : {}),
    ...(run.maxAttempts !== undefined ? { maxAttempts: run.maxAttempts } : {}),
  };
}

/** A PEM file trusting every certificate given (the endpoint's, a terminating proxy's). */
export function caBundle(dir: string, pems: string[]): string {
  const file = path.join(dir, `ca-${Math.random().toString(36).slice(2, 8)}.pem`);
  fs.writeFileSync(file, pems.map((p) => p.trim()).join('\n') + '\n');
  return file;
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sse-${label}-`));
}

export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}
