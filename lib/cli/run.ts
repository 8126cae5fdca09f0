import { Option, type Command } from 'commander';
import { addFilterOptions, intIn, shardSpec, type FilterFlags } from './options';

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
}

/** Largest --seed: the judging order's shuffle is seeded with 32 bits. */
export const MAX_SEED = 2 ** 32 - 1;

export function runCommand(program: Command): void {
  addFilterOptions(program.command('run').description('judge the selected cells against the configured endpoint (the embedded one when .env names none)'))
    .option('--strict', 'a rejection must also carry the error code the profile names')
    .addOption(new Option('--concurrency <n>', 'cells judged at once (default: SSE_CONCURRENCY or 8)').argParser(intIn(1, 256)))
    .addOption(new Option('--timeout <ms>', 'per-request timeout in ms (default: SSE_TIMEOUT_MS or 15000)').argParser(intIn(100, 600000)))
    .option('--report-dir <dir>', 'where reports/<run-id>/ and latest/ go', 'reports')
    .option('--env-file <file>', 'settings file (default: .env when present)')
    .option('--ca-file <file>', 'CA bundle (PEM) to trust for HTTPS')
    .option('--insecure', 'do not verify the HTTPS certificate')
    .addOption(new Option('--settle <ms>', 'wait before the final re-check of refused cells\' side effects, in ms').argParser(intIn(0, 600000)).default(2000))
    .addOption(new Option('--seed <n>', 'seed of the order cells are judged in (default: random, written to results.json)').argParser(intIn(0, MAX_SEED)))
    .addOption(new Option('--shard <i/n>', 'judge only the i-th of n balanced slices of the selected cells; join with `merge`').argParser(shardSpec))
    .action(async (flags: RunFlags) => {
      // Loaded on demand: the AWS SDK is not needed for --help.
      const { run } = (require('./run-action') as typeof import('./run-action'));
      process.exitCode = await run(flags);
    });
}

