import * as fs from 'node:fs';
import * as path from 'node:path';
import { preflight } from '../engine/engine';
import { liveTarget, settingsFor } from '../engine/resolve-target';
import { newRunId, REQUEST_ENV } from '../engine/run-options';
import type { RunRequest } from '../engine/run-request';
import { renderTerminalMatrix } from '../report/terminal';
import type { RunResults } from '../verdict/types';
import { INTERRUPTED_ENV } from '../../suites/support/results-reporter';
import { interruptFlag } from '../engine/parts';
import { exitCodeFor } from './exit-code';
import { checkReportDir } from './report-dir';
import type { RunFlags } from './run';
import { loadProfile } from '../profile/load';
import { expandProfile } from '../matrix/expand';
import { checkGlobs } from '../matrix/filter';
import { printable, printableBlock } from '../report/sanitize';
import { cleanupWarning } from './cleanup-warning';

const ROOT = path.resolve(__dirname, '../..');
/** 128 + the signal's number, as a shell reports a process that the signal ended. */
const signalExit = (s: NodeJS.Signals): number => (s === 'SIGTERM' ? 143 : 130);

/** Validates, reaches the endpoint, runs the conformance project through jest, prints the matrix. */
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
    progress: process.stderr.isTTY ? 'tty' : 'lines',
    runId: newRunId(),
    shard: flags.shard,
    settleMs: flags.settle,
    seed: flags.seed,
  };
  // Validate settings, the profile, the globs and the report folder, and reach a live endpoint, all
  // before jest starts: each mistake is one clear line, exit 2, with no runner noise around it.
  const settings = settingsFor(request);
  checkGlobs(expandProfile(loadProfile(settings.profile)), request.filter?.only);
  checkReportDir(request.reportRoot!);
  const live = liveTarget(settings);
  if (live) await preflight(live, request.timeoutMs ?? settings.timeoutMs);

  process.env[REQUEST_ENV] = JSON.stringify(request);
  // SIGINT (Ctrl-C) and SIGTERM (CI runners, `timeout`, `kill`) stop the run the same way: the cells in
  // flight finish, cleanup runs, a partial report is written; exit 128 + the signal's number. A second
  // signal of either kind quits at once, cleanup or not.
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(signalExit(signal));
    signalled = signal;
    process.env[INTERRUPTED_ENV] = '1';
    // The suites run inside jest's sandbox, which does not pass signals on: they watch this file.
    try {
      const flag = interruptFlag(request.reportRoot!, request.runId!);
      fs.mkdirSync(path.dirname(flag), { recursive: true });
      fs.writeFileSync(flag, '');
    } catch (e) {
      process.stderr.write(`could not tell the suites to stop: ${(e as Error).message}\n`);
    }
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : 'signal again';
    process.stderr.write(`\ninterrupted${signal === 'SIGINT' ? '' : ` by ${signal}`}: finishing the cells in flight, cleaning up, writing a partial report (${again} to quit now)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // jest requires its global teardown only at the end. A Ctrl-C in a terminal signals the whole process
  // group, esbuild's service process too (tsx compiles .ts files through it): a .ts file first required
  // after that fails ("The service is no longer running") and the interrupted run would end in exit 2
  // without its partial report. Load it now; jest's require then finds it in the module cache.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../suites/global-teardown');

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCLI } = require('jest') as typeof import('jest');
  // The conformance project of jest.config.ts, handed over whole: jest then neither loads the
  // config file again nor announces the project it selected.
  const { default: jestConfig } = require('../../jest.config') as { default: { projects: Record<string, unknown>[] } };
  const project = jestConfig.projects.find((p) => p.displayName === 'conformance');
  const { results } = await runCLI(
    {
      _: [],
      $0: 'sse-conformance',
      config: JSON.stringify({ ...project, rootDir: ROOT, reporters: [path.join(ROOT, 'suites/support/results-reporter.js')] }),
      runInBand: true,
      silent: true,
      // jest's own lines go to stderr: stdout carries the matrix and the report path only.
      useStderr: true,
      ...(flags.shard ? { shard: flags.shard } : {}),
      passWithNoTests: true,
    } as unknown as Parameters<typeof runCLI>[0],
    [ROOT],
  );
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // A Ctrl-C after the reporter finished must not leave its flag file in the report folder.
  fs.rmSync(path.dirname(interruptFlag(request.reportRoot!, request.runId!)), { recursive: true, force: true });
  for (const suite of results.testResults) {
    if (suite.testExecError) process.stderr.write(`${path.relative(ROOT, suite.testFilePath)}: ${printableBlock(suite.testExecError.message, 8192)}\n`);
  }
  const file = path.join(request.reportRoot!, request.runId!, 'results.json');
  if (!fs.existsSync(file) && flags.shard && results.numTotalTestSuites === 0) {
    // jest hands out whole suite files (one per table): with more shards than tables some get none.
    process.stdout.write(`shard ${flags.shard} has no suite to run (there are four, one per table); nothing to judge\n`);
    return 0;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write('no results were written: the suites did not run (see the messages above)\n');
    return signalled ? signalExit(signalled) : 2;
  }
  const res = JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
  process.stdout.write(`${renderTerminalMatrix(res, { color: process.stdout.isTTY })}\n`);
  for (const c of res.cases.filter((x) => x.verdict === 'fail' || x.verdict === 'error')) {
    process.stdout.write(`${c.verdict.toUpperCase()}${c.severity ? ` (${c.severity})` : ''} ${printable(c.id)}: ${printable(c.reason)}\n`);
  }
  process.stdout.write(`report: ${path.join(path.relative(process.cwd(), path.dirname(file)) || '.', 'index.html')}\n`);
  if (res.cleanup && !res.cleanup.ok) process.stderr.write(`${cleanupWarning(res.cleanup, res.runId, flags)}\n`);
  if (signalled) return signalExit(signalled);
  return exitCodeFor(res);
}
