import type { CleanupOutcome } from '../verdict/types';

/** The lines printed when a run's cleanup left things in the bucket: what, where, and the command that deletes it. */
export function cleanupWarning(c: CleanupOutcome, runId: string, flags: { envFile?: string; caFile?: string; insecure?: boolean }): string {
  const what = c.left === null ? 'an unknown number of objects and uploads (the listing failed too)' : `${c.left} object${c.left === 1 ? '' : 's'} or upload${c.left === 1 ? '' : 's'}`;
  const lines = [`warning: cleanup did not finish: ${what} left under ${c.prefix}`];
  if (c.failures.length) lines.push(`  failed: ${c.failures.join('; ')}`);
  if (c.skipped) lines.push(`  ${c.skipped} listed key${c.skipped === 1 ? ' was' : 's were'} refused (dot or empty segments, control characters or another prefix) and not deleted`);
  const args = ['npx sse-conformance cleanup', `--run ${runId}`];
  if (flags.envFile) args.push(`--env-file ${shellQuote(flags.envFile)}`);
  if (flags.caFile) args.push(`--ca-file ${shellQuote(flags.caFile)}`);
  if (flags.insecure) args.push('--insecure');
  lines.push(`  delete them with: ${args.join(' ')}`);
  return lines.join('\n');
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
