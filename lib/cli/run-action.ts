import * as path from 'node:path';
import { checkReportDir } from '../report/report-dir';
import { printable } from '../report/sanitize';
import { renderTerminalMatrix } from '../report/terminal';
import { runConformance, type RunRequest } from '../run/run';
import { cleanupWarning } from './cleanup-warning';
import { cellLine, summaryLine } from './json-lines';
import { exitCodeFor } from './exit-code';
import type { RunFlags } from './run';

/** 128 + the signal's number, as a shell reports a process that the signal ended. */
const signalExit = (s: NodeJS.Signals): number => (s === 'SIGTERM' ? 143 : 130);

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

  // SIGINT (Ctrl-C) and SIGTERM (CI runners, `timeout`, `kill`) stop the run the same way: the cells in
  // flight finish, cleanup runs, a partial report is written; exit 128 + the signal's number. A second
  // signal of either kind quits at once, cleanup or not.
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(signalExit(signal));
    signalled = signal;
    controller.abort();
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : 'signal again';
    process.stderr.write(`\ninterrupted${signal === 'SIGINT' ? '' : ` by ${signal}`}: finishing the cells in flight, cleaning up, writing a partial report (${again} to quit now)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { results: res, reportDir, latestWritten } = await runConformance(request, {
      signal: controller.signal,
      // --json: the lines are the progress; stdout carries nothing else.
      progress: flags.json ? 'off' : process.stderr.isTTY ? 'tty' : 'lines',
      ...(flags.json ? { onResult: (r) => process.stdout.write(`${cellLine(r)}\n`) } : {}),
    });
    const code = signalled ? signalExit(signalled) : exitCodeFor(res);
    if (flags.json) {
      process.stdout.write(`${summaryLine(res, code, reportDir)}\n`);
      if (res.cleanup && !res.cleanup.ok) process.stderr.write(`${cleanupWarning(res.cleanup, res.runId, flags)}\n`);
      return code;
    }
    process.stdout.write(`${renderTerminalMatrix(res, { color: process.stdout.isTTY })}\n`);
    for (const c of res.cases.filter((x) => x.verdict === 'fail' || x.verdict === 'error')) {
      process.stdout.write(`${c.verdict.toUpperCase()}${c.severity ? ` (${c.severity})` : ''} ${printable(c.id)}: ${printable(c.reason)}\n`);
    }
    if (reportDir) process.stdout.write(`report: ${path.join(path.relative(process.cwd(), reportDir) || '.', 'index.html')}\n`);
    if (reportDir && !latestWritten) process.stderr.write(`${path.join(request.reportRoot!, 'latest')} was not written by sse-conformance: left as it is; the report is in ${reportDir}\n`);
    if (res.cleanup && !res.cleanup.ok) process.stderr.write(`${cleanupWarning(res.cleanup, res.runId, flags)}\n`);
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
