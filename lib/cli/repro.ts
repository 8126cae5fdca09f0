import { Option, type Command } from 'commander';
import { loadSettings } from '../config/settings';
import { prewarmEndpointWorker } from '../reference-endpoint/in-worker';
import { envFileOption, intIn, settleOption, timeoutOption } from './options';
import { MAX_SEED } from './run';

export interface ReproFlags {
  from?: string;
  curl?: boolean;
  envFile?: string;
  caFile?: string;
  insecure?: boolean;
  profile?: string;
  strict?: boolean;
  seed?: number;
  timeout?: number;
  settle?: number;
}

/** Whether the settings name an endpoint; true when they cannot be read (the repro then says what is wrong). */
function endpointConfigured(envFile: string | undefined): boolean {
  try {
    return !!loadSettings({ envFile }).target;
  } catch {
    return true;
  }
}

export function reproCommand(program: Command): void {
  program
    .command('repro')
    .description('judge one cell again against the configured endpoint and print its exchanges as an HTTP transcript, then its verdict and cause')
    .argument('<case-id>', 'the cell, <table>/<row>/<protocol>-<auth>, e.g. sse-kms/put-object/https-v4 (`list` prints them)')
    .option('--from <dir>', "a run's report folder (or its results.json): its seed, profile and strict; the settings (keys) still come from .env / --env-file and must name the run's endpoint")
    .option('--curl', 'also print the request under test as a curl command to send it by hand (secrets from environment variables); leaves the run\'s objects in place')
    .addOption(envFileOption())
    .option('--ca-file <file>', 'CA bundle (PEM) to trust for HTTPS')
    .option('--insecure', 'do not verify the HTTPS certificate')
    .option('--profile <name|file>', 'rule profile (default: --from\'s, else SSE_PROFILE or obs)')
    .option('--strict', 'a rejection must also carry the error code the profile names (default: --from\'s)')
    .addOption(new Option('--seed <n>', "seed recorded in the results (default: --from's, else random)").argParser(intIn(0, MAX_SEED)))
    .addOption(timeoutOption())
    .addOption(settleOption())
    .action(async (caseId: string, flags: ReproFlags) => {
      // As `run`: with no endpoint configured the embedded endpoint's thread starts while the run path loads.
      if (!flags.curl && !endpointConfigured(flags.envFile)) prewarmEndpointWorker();
      // Loaded on demand: the AWS SDK is not needed for --help.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, typed by the cast
      const { repro } = require('./repro-action') as typeof import('./repro-action');
      process.exitCode = await repro(caseId, flags);
    });
}
