import { Option, type Command } from 'commander';
import { DEFAULT_RETRIES, RETRIES_RANGE } from '../config/defaults';
import { loadSettings } from '../config/settings';
import { prewarmEndpointWorker } from '../reference-endpoint/in-worker';
import { addFilterOptions, concurrencyOption, envFileOption, intIn, reportDirOption, settleOption, shardSpec, timeoutOption, type FilterFlags } from './options';

export interface RunFlags extends FilterFlags {
  strict?: boolean;
  concurrency?: number;
  timeout?: number;
  reportDir: string;
  envFile?: string;
  caFile?: string;
  insecure?: boolean;
  shard?: string;
  settle?: number;
  seed?: number;
  json?: boolean;
  expect?: string;
  writeExpect?: string;
  retries?: number;
  atRest?: string;
}

/** Whether .env (or --env-file) names an endpoint; true when the settings cannot be read (nothing is started for a run that will not happen). */
function endpointConfigured(flags: RunFlags): boolean {
  try {
    return !!loadSettings({ envFile: flags.envFile, profile: flags.profile }).target;
  } catch {
    return true;
  }
}

/** Largest --seed: the judging order's shuffle is seeded with 32 bits. */
export const MAX_SEED = 2 ** 32 - 1;

export function runCommand(program: Command): void {
  addFilterOptions(program.command('run').description('judge the selected cells against the configured endpoint (the embedded one when .env names none)'))
    .option('--strict', 'a rejection must also carry the error code the profile names')
    .addOption(concurrencyOption())
    .addOption(timeoutOption())
    .addOption(reportDirOption())
    .addOption(envFileOption())
    .option('--ca-file <file>', 'CA bundle (PEM) to trust for HTTPS')
    .option('--insecure', 'do not verify the HTTPS certificate')
    .addOption(settleOption())
    .addOption(new Option('--seed <n>', 'seed of the order cells are judged in (default: random, written to results.json)').argParser(intIn(0, MAX_SEED)))
    .addOption(new Option('--shard <i/n>', 'judge only the i-th of n balanced slices of the selected cells; join with `merge`').argParser(shardSpec))
    .option('--json', 'stdout: one JSON line per cell as it is judged, then a summary line, and nothing else')
    .option('--expect <file>', 'baseline: the cells known not to pass; exit 0 when exactly those do not pass, with the same verdicts')
    .option('--write-expect <file>', 'write the baseline of this run (every cell that did not pass) to FILE')
    .addOption(new Option('--retries <n>', 'judge again, up to N times, a cell that ended in ERROR for transport, 5xx or throttling').argParser(intIn(RETRIES_RANGE.min, RETRIES_RANGE.max)).default(DEFAULT_RETRIES))
    .option('--at-rest <cmd>', 'probe of the stored bytes: "builtin" (the reference endpoint) or a command run with the bucket and key (default: SSE_AT_REST)')
    .action(async (flags: RunFlags) => {
      // No endpoint configured: the embedded endpoint's thread starts now, while the run path (the
      // AWS SDK among it) loads, and is ready about when the harness is. (A setting that cannot be
      // read starts nothing here; the run says what is wrong with it.)
      if (!endpointConfigured(flags)) prewarmEndpointWorker();
      // Loaded on demand: the AWS SDK is not needed for --help.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, typed by the cast
      const { run } = (require('./run-action') as typeof import('./run-action'));
      process.exitCode = await run(flags);
    });
}

