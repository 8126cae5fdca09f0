import { InvalidArgumentError, Option, type Command } from 'commander';
import picomatch from 'picomatch';
import { AUTHS, PROTOCOLS, TABLE_IDS } from '../profile/types';

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
    .option('--profile <name|file>', 'rule profile: a name under config/profiles or a JSON file (default: SSE_PROFILE or obs)');
}

export interface FilterFlags {
  only?: string[];
  table?: string[];
  protocol?: string[];
  auth?: string[];
  profile?: string;
}
