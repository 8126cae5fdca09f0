import * as path from 'node:path';
import { checkReportDir } from '../report/report-dir';
import { printable } from '../report/sanitize';
import { renderTerminalCauses, renderTerminalMatrix } from '../report/terminal';
import { runConformance, type RunRequest } from '../run/run';
import type { Baseline } from '../baseline/baseline';
import { baselineHeadline, baselineLines } from '../baseline/render';
import { baselineOf, writeBaseline } from '../baseline/write';
import type { RunResults } from '../verdict/types';
import { cleanupWarning } from './cleanup-warning';
import { causeLines, cellLine, summaryLine } from './json-lines';
import { exitCodeFor } from './exit-code';
import { signalExit, stopOnSignals } from './signals';
import type { RunFlags } from './run';

/**
 * --write-expect: the run's baseline, for the user to edit. Written only from a run that judged
 * cells to the end; the exit code is then that of the run against the baseline just written (0,
 * unless cleanup failed), since the written file is what the next `--expect` will hold it to.
 */
function writeExpect(file: string, res: RunResults, previous: Baseline | undefined, code: number): number {
  if (res.interrupted || res.summary.total === 0) {
    process.stderr.write(`sse-conformance: ${printable(file, 300)} not written: the run ${res.interrupted ? 'was interrupted' : 'judged no cell'}\n`);
    return code;
  }
  const written = baselineOf(res, previous);
  writeBaseline(file, written);
  const n = Object.keys(written.cells).length;
  process.stderr.write(`baseline written to ${printable(file, 300)}: ${n} cell${n === 1 ? '' : 's'} that did not pass; rewrite each "because" as what the endpoint does\n`);
  return exitCodeFor({ ...res, baseline: { file, known: res.summary.fail + res.summary.error, regressions: 0, fixed: 0 } });
}

/** Runs the selected cells in this process (lib/run), prints the matrix, returns the exit code. */
export async function run(flags: RunFlags): Promise<number> {
  const request: RunRequest = {
    envFile: flags.envFile,
    profile: flags.profile,
    strict: flags.strict ?? false,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    filter: { only: flags.only, table: flags.table, protocol: flags.protocol, auth: flags.auth },
    reportRoot: path.resolve(flags.reportDir),
    caFile: flags.caFile,
    insecure: flags.insecure,
    shard: flags.shard,
    settleMs: flags.settle,
    seed: flags.seed,
    expect: flags.expect,
    retries: flags.retries,
    atRest: flags.atRest,
  };
  // Before any request: a report folder we cannot write is one line, exit 2.
  checkReportDir(request.reportRoot!);

  // A first signal finishes the cells in flight, cleans up and writes a partial report; a second quits.
  const stop = stopOnSignals((signal) => `finishing the cells in flight, cleaning up, writing a partial report (${signal === 'SIGINT' ? 'Ctrl-C again' : 'signal again'} to quit now)`);
  try {
    const { results: res, reportDir, latestWritten, baseline } = await runConformance(request, {
      signal: stop.signal,
      // --json: the lines are the progress; stdout carries nothing else.
      progress: flags.json ? 'off' : process.stderr.isTTY ? 'tty' : 'lines',
      ...(flags.json ? { onResult: (r) => process.stdout.write(`${cellLine(r)}\n`) } : {}),
    });
    const signalled = stop.signalled();
    let code = signalled ? signalExit(signalled) : exitCodeFor(res);
    if (flags.writeExpect) code = writeExpect(flags.writeExpect, res, baseline, code);
    // --at-rest: a probe that failed its own check made every at-rest verdict ERROR; say why once.
    // Writes under the run's prefix that no cell owns: the exit code says non-conformant; this says why.
    if (res.unattributed?.length) process.stderr.write(`sse-conformance: the run's prefix holds ${res.unattributed.length === 1 ? 'a thing' : `${res.unattributed.length} things`} outside every cell's folder that no request asked for: ${printable(res.unattributed[0], 300)}\n`);
    if (res.atRest && !res.atRest.ok) process.stderr.write(`sse-conformance: at rest: the probe (${printable(res.atRest.probe, 100)}) is broken for this run: ${printable(res.atRest.problem ?? '', 1000)}\n`);
    if (flags.json) {
      for (const line of causeLines(res)) process.stdout.write(`${line}\n`);
      process.stdout.write(`${summaryLine(res, code, reportDir)}\n`);
      if (res.cleanup && !res.cleanup.ok) process.stderr.write(`${cleanupWarning(res.cleanup, res.runId, flags)}\n`);
      return code;
    }
    process.stdout.write(`${renderTerminalMatrix(res, { color: process.stdout.isTTY })}\n`);
    // Against a baseline only what changed is listed (regressions, fixed cells); the known ones are counted.
    const headline = baselineHeadline(res);
    if (headline) {
      process.stdout.write(`${headline}\n`);
      for (const line of baselineLines(res.cases, baseline, res.baseline!.file)) process.stdout.write(`${line}\n`);
    }
    // The run ends with its causes, largest first. They replace the line per failing cell printed
    // before: every such cell is named in exactly one cause, 70 lines of reasons (radosgw) pushed the
    // matrix off the screen, and each cell's reason is one click away in the report named next.
    const causes = renderTerminalCauses(res, { color: process.stdout.isTTY });
    if (causes) process.stdout.write(`${headline ? '\n' : ''}${causes}`);
    if (reportDir) process.stdout.write(`report: ${path.join(path.relative(process.cwd(), reportDir) || '.', 'index.html')}\n`);
    if (reportDir && !latestWritten) process.stderr.write(`${path.join(request.reportRoot!, 'latest')} was not written by sse-conformance: left as it is; the report is in ${reportDir}\n`);
    if (res.cleanup && !res.cleanup.ok) process.stderr.write(`${cleanupWarning(res.cleanup, res.runId, flags)}\n`);
    return code;
  } finally {
    stop.dispose();
  }
}
