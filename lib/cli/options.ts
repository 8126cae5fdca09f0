import { InvalidArgumentError, Option, type Command } from 'commander';
import picomatch from 'picomatch';
import { AUTHS, PROTOCOLS, TABLE_IDS } from '../profile/types';
import {
  CONCURRENCY_RANGE,
  DEFAULT_CONCURRENCY,
  DEFAULT_PROFILE,
  DEFAULT_REPORT_DIR,
  DEFAULT_SETTLE_MS,
  DEFAULT_TIMEOUT_MS,
  SETTLE_MS_RANGE,
  TIMEOUT_MS_RANGE,
} from '../config/defaults';

/** Commander parsers: each wrong value becomes a one-line error naming the flag (exit 2). */
export function intIn(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function oneOf(allowed: readonly string[]) {
  return (v: string, prev: string[] | undefined): string[] => {
    const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
    for (const p of parts) if (!allowed.includes(p)) throw new InvalidArgumentError(`"${p}" is not one of ${allowed.join(', ')}`);
    return [...(prev ?? []), ...parts];
  };
}

function glob(v: string, prev: string[] | undefined): string[] {
  try {
    picomatch.makeRe(v);
  } catch {
    throw new InvalidArgumentError(`"${v}" is not a valid glob`);
  }
  return [...(prev ?? []), v];
}

export function shardSpec(v: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new InvalidArgumentError('must be i/n with 1 <= i <= n, e.g. 2/3');
  return v;
}

/** Filters shared by run and list. */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--only <glob>', 'case id glob, e.g. "sse-c/get-object/*" (repeatable)').argParser(glob))
    .addOption(new Option('--table <id>', `table: ${TABLE_IDS.join(', ')} (repeatable)`).argParser(oneOf(TABLE_IDS)))
    .addOption(new Option('--protocol <p>', 'http or https').argParser(oneOf(PROTOCOLS)))
    .addOption(new Option('--auth <a>', 'v2 or v4').argParser(oneOf(AUTHS)))
    .option('--profile <name|file>', `rule profile: a name under config/profiles or a JSON file (default: SSE_PROFILE or ${DEFAULT_PROFILE})`);
}

export interface FilterFlags {
  only?: string[];
  table?: string[];
  protocol?: string[];
  auth?: string[];
  profile?: string;
}

// Flags more than one command takes, built in one place so that their parser, range and default
// are the same wherever they appear (the defaults live in lib/config/defaults.ts).

/** --timeout: per-request timeout; no commander default, so that SSE_TIMEOUT_MS applies when it is absent. */
export function timeoutOption(): Option {
  return new Option('--timeout <ms>', `per-request timeout in ms (default: SSE_TIMEOUT_MS or ${DEFAULT_TIMEOUT_MS})`).argParser(intIn(TIMEOUT_MS_RANGE.min, TIMEOUT_MS_RANGE.max));
}

/** --concurrency: cells judged at once; absent means SSE_CONCURRENCY or the default. */
export function concurrencyOption(): Option {
  return new Option('--concurrency <n>', `cells judged at once (default: SSE_CONCURRENCY or ${DEFAULT_CONCURRENCY})`).argParser(intIn(CONCURRENCY_RANGE.min, CONCURRENCY_RANGE.max));
}

/** --settle: the wait before the late-write sweep. */
export function settleOption(): Option {
  // No commander default: the embedded endpoint has nothing to wait for (see lib/run/run.ts).
  return new Option('--settle <ms>', `wait before the final re-check of refused cells' side effects, in ms (default: ${DEFAULT_SETTLE_MS}; 0 against the embedded endpoint)`)
    .argParser(intIn(SETTLE_MS_RANGE.min, SETTLE_MS_RANGE.max));
}

/** --report-dir of run: where reports/<run-id>/ and latest/ go. */
export function reportDirOption(): Option {
  return new Option('--report-dir <dir>', 'where reports/<run-id>/ and latest/ go').default(DEFAULT_REPORT_DIR);
}

/** --env-file: the settings file, read exactly as run reads it (lib/config/settings.ts loadSettings). */
export function envFileOption(): Option {
  return new Option('--env-file <file>', 'settings file (default: .env when present)');
}
