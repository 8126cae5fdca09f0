/**
 * Checks a finished `sse-conformance run` against a live peer endpoint (run it BEFORE the
 * endpoint is stopped):
 *   (a) the run judged every cell of the matrix, and every ERROR cell is an expected one;
 *   (b) nothing is left in the bucket under the run's prefix: no object, no open multipart upload;
 *   (c) the cells that did not pass match the checked-in expectation exactly, both ways;
 *   (d) with --require-at-rest: the run was probed at rest, the probe passed its own check, and
 *       every passing accept cell was verified at rest.
 * Prints a diff on any difference and exits 1; exit 0 when all three hold.
 *
 *   tsx lib/peers/check-run.ts --report-dir reports/radosgw --env-file DIR/.env \
 *       --expected config/peers/radosgw.expected.json [--not-before EPOCH_MS] [--harness-exit N] [--require-at-rest]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeFor } from '../cli/exit-code';
import { loadSettings } from '../config/settings';
import { openBucketClient } from '../engine/bucket-client';
import { RUN_PREFIX_ROOT } from '../engine/prefix';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import type { RunResults } from '../verdict/types';
import { describeCell, loadBaseline } from '../baseline/baseline';
import { differences } from '../baseline/mark';
import { renderDifferences } from '../baseline/render';
import { entryFor } from '../baseline/write';
import { completenessProblems } from './completeness';

export interface CheckOptions {
  reportDir: string;
  envFile: string;
  expected: string;
  notBefore?: number;
  harnessExit?: number;
  /** The run must have been probed at rest, the probe sound, and every PASS accept cell verified there. */
  requireAtRest?: boolean;
  out?: (s: string) => void;
}

/** Objects and open uploads under a prefix, through the harness's trusted path. */
export async function leftoversUnder(envFile: string, prefix: string): Promise<{ keys: string[]; uploads: { key: string; uploadId: string }[] }> {
  const settings = loadSettings({ envFile });
  if (!settings.target) throw new Error(`${envFile} names no endpoint`);
  const bucket = openBucketClient({ ...settings.target, embedded: false }, { timeoutMs: settings.timeoutMs });
  try {
    return { keys: await bucket.listKeys(prefix), uploads: await bucket.listUploads(prefix) };
  } finally {
    bucket.close();
  }
}

export async function checkRun(o: CheckOptions): Promise<boolean> {
  const out = o.out ?? ((s: string) => process.stdout.write(`${s}\n`));
  const file = path.join(o.reportDir, 'latest', 'results.json');
  if (!fs.existsSync(file)) {
    out(`FAILED: no ${file}: the run wrote no report`);
    return false;
  }
  const run = JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
  if (o.notBefore !== undefined && Date.parse(run.startedAt) < o.notBefore - 1000) {
    out(`FAILED: ${file} is from an earlier run (${run.runId}, started ${run.startedAt}): this run wrote no report`);
    return false;
  }
  const cases = expandProfile(loadProfile(run.profile));
  const exp = loadBaseline(o.expected, cases);
  if (exp.profile && exp.profile !== run.profile) {
    out(`FAILED: ${o.expected} is for profile "${exp.profile}", the run used "${run.profile}"`);
    return false;
  }
  let ok = true;
  out(`run ${run.runId}: ${run.summary.total} cells, ${run.summary.pass} pass, ${run.summary.fail} fail, ${run.summary.error} error, ${run.summary.skipped} skipped (${(run.durationMs / 1000).toFixed(1)} s)`);
  if (o.harnessExit !== undefined) {
    const want = exitCodeFor(run);
    if (o.harnessExit !== want) {
      out(`FAILED: the harness exited ${o.harnessExit}, but its results.json means exit ${want}`);
      ok = false;
    }
  }

  // (a) complete, with verdicts; errors only where expected.
  const incomplete = completenessProblems(run, cases);
  const errors = run.cases.filter((c) => c.verdict === 'error');
  const unexpectedErrors = errors.filter((c) => exp.cells[c.id]?.verdict !== 'error');
  if (incomplete.length || unexpectedErrors.length) {
    ok = false;
    for (const p of incomplete) out(`FAILED (a): ${p}`);
    for (const c of unexpectedErrors) out(`FAILED (a): unexpected ERROR ${c.id}: ${c.reason}`);
  } else {
    out(`ok (a): all ${cases.length} cells judged; ${errors.length} ERROR cells, each listed as expected`);
  }

  // (b) nothing left under the run's prefix (the endpoint must still be up).
  const prefix = `${RUN_PREFIX_ROOT}${run.runId}/`;
  try {
    const left = await leftoversUnder(o.envFile, prefix);
    if (left.keys.length || left.uploads.length) {
      ok = false;
      out(`FAILED (b): left under ${prefix}: ${left.keys.length} objects, ${left.uploads.length} open multipart uploads`);
      for (const k of left.keys.slice(0, 20)) out(`    object ${k}`);
      for (const u of left.uploads.slice(0, 20)) out(`    upload ${u.key} (${u.uploadId})`);
    } else {
      out(`ok (b): nothing left under ${prefix} (0 objects, 0 open multipart uploads)`);
    }
  } catch (e) {
    ok = false;
    out(`FAILED (b): could not list ${prefix}: ${(e as Error).message}`);
  }

  // (d) the stored bytes were looked at, by a probe that passed its own check.
  if (o.requireAtRest) {
    const unverified = run.cases.filter((c) => c.verdict === 'pass' && c.expected === 'accept' && c.atRest !== 'verified');
    if (!run.atRest) {
      ok = false;
      out('FAILED (d): the run was not probed at rest (--at-rest)');
    } else if (!run.atRest.ok) {
      ok = false;
      out(`FAILED (d): the at-rest probe ${run.atRest.probe} was declared broken: ${run.atRest.problem ?? ''}`);
    } else if (unverified.length) {
      ok = false;
      out(`FAILED (d): ${unverified.length} passing accept cells were not verified at rest (e.g. ${unverified.slice(0, 3).map((c) => c.id).join(', ')})`);
    } else {
      const plain = run.cases.filter((c) => c.atRest === 'plaintext').length;
      const verified = run.cases.filter((c) => c.atRest === 'verified').length;
      out(`ok (d): probed at rest with ${run.atRest.probe}: ${run.atRest.objects} objects, ${verified} cells verified at rest, ${plain} stored in plaintext`);
    }
  }

  // (c) the cells that do not pass are exactly the expected ones.
  const diffs = differences(run.cases, exp);
  const listed = Object.values(exp.cells);
  if (diffs.length) {
    ok = false;
    out(`FAILED (c): ${diffs.length} cells differ from ${o.expected} ("-" expected, "+" this run):`);
    out(renderDifferences(diffs));
    const entries = Object.fromEntries(diffs.filter((d) => d.kind !== 'gone').flatMap((d) => {
      const e = entryFor(d.actual);
      return e ? [[d.id, e]] : [];
    }));
    const skeleton = JSON.stringify(entries, null, 2);
    if (skeleton !== '{}') {
      out('\nIf a difference is the endpoint\'s real behaviour, list it with the reason seen in the evidence (never to quieten a check):');
      out(skeleton);
    }
  } else {
    const fails = listed.filter((e) => e.verdict === 'fail').length;
    out(`ok (c): the ${listed.length} cells that do not pass match ${o.expected} (${fails} FAIL, ${listed.length - fails} ERROR)`);
  }

  // Verdicts that are the harness's fault stay visible on every run, grouped by cause.
  const bugs = new Map<string, string[]>();
  for (const [id, e] of Object.entries(exp.cells)) if (e.harnessBug) bugs.set(e.harnessBug, [...(bugs.get(e.harnessBug) ?? []), `${id} ${describeCell(e)}`]);
  if (bugs.size) {
    const n = [...bugs.values()].reduce((a, ids) => a + ids.length, 0);
    out(`\nwarning: ${n} expected cells are the HARNESS's fault, not the endpoint's (harnessBug in ${o.expected}):`);
    for (const [bug, ids] of bugs) out(`  ${ids.join(', ')}:\n    ${bug}`);
  }
  return ok;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'report-dir': { type: 'string' },
      'env-file': { type: 'string' },
      expected: { type: 'string' },
      'not-before': { type: 'string' },
      'harness-exit': { type: 'string' },
      'require-at-rest': { type: 'boolean' },
    },
    strict: true,
  });
  for (const k of ['report-dir', 'env-file', 'expected'] as const) {
    if (!values[k]) {
      process.stderr.write(`check-run: --${k} is required\n`);
      return 2;
    }
  }
  const ok = await checkRun({
    reportDir: values['report-dir']!,
    envFile: values['env-file']!,
    expected: values.expected!,
    notBefore: values['not-before'] ? Number(values['not-before']) : undefined,
    harnessExit: values['harness-exit'] ? Number(values['harness-exit']) : undefined,
    requireAtRest: values['require-at-rest'] ?? false,
  });
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`check-run: ${e.message}\n`);
      process.exit(2);
    },
  );
}
