import { Command, CommanderError } from 'commander';
import { BaselineError } from '../baseline/baseline';
import { ConfigError } from '../config/settings';
import { ProfileError } from '../profile/load';
import { FilterError } from '../matrix/filter';
import { printableBlock } from '../report/sanitize';
import { ReportDirError } from '../report/report-dir';
import { listCommand } from './list';
import { runCommand } from './run';
import { serveCommand } from './serve';
import { cleanupCommand } from './cleanup';
import { mergeCommand } from './merge';
import { compareCommand } from './compare';
import { reproCommand } from './repro';
import { processRedactor } from '../redact/process';
import { ShardError } from '../run/shard';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json is data read at run time, outside lib/
const { version } = require('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('sse-conformance')
    .description('Judges, cell by cell, whether an S3-compatible endpoint enforces the server-side-encryption transport rules')
    .version(version)
    .exitOverride();
  program.configureHelp({ sortSubcommands: false });
  for (const add of [runCommand, reproCommand, listCommand, serveCommand, cleanupCommand, mergeCommand, compareCommand]) add(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** Exit codes: 0 conformant, 1 non-conformant, 2 could not judge or bad usage, 130 interrupted. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every usage error (unknown flag, bad value) exits 2.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    const known = e instanceof BaselineError || e instanceof ConfigError || e instanceof ProfileError || e instanceof FilterError || e instanceof ReportDirError || e instanceof ShardError;
    // A message may quote what an endpoint or a file said: no escape sequence reaches the terminal.
    process.stderr.write(`sse-conformance: ${known ? '' : 'error: '}${printableBlock(processRedactor.text((e as Error).message), 64 * 1024)}\n`);
    process.exitCode = 2;
  }
}
