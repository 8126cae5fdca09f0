import { Option, type Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { WIDE_LISTING_BOUNDS } from '../engine/listing-bounds';
import { keyRootOf, RUN_PREFIX_ROOT } from '../engine/prefix';
import { envFileOption, timeoutOption } from './options';

export function parseDuration(v: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(v);
  if (!m) throw new InvalidArgumentError('must be a number and a unit, e.g. 30m, 12h, 7d');
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** The start time a run id encodes (`20261124T053000Z-abc123`), or null for a key not made by a run. */
export function runStartedAt(runId: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[a-z0-9]+$/.exec(runId);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : null;
}

function runIdArg(v: string): string {
  if (runStartedAt(v) === null) throw new InvalidArgumentError('must be a run id, e.g. 20261124T053850Z-fjx82k');
  return v;
}

export function cleanupCommand(program: Command): void {
  program
    .command('cleanup')
    .description(`delete leftovers of earlier runs (objects and multipart uploads under ${RUN_PREFIX_ROOT}, or SSE_KEY_PREFIX, only)`)
    .addOption(new Option('--older-than <age>', 'only runs started before this age, e.g. 1h, 7d').argParser(parseDuration).default(3600e3, '1h'))
    .addOption(envFileOption())
    .option('--ca-file <file>', 'CA bundle (PEM) to trust for HTTPS')
    .option('--insecure', 'do not verify the HTTPS certificate')
    .addOption(timeoutOption())
    .addOption(new Option('--run <run-id>', 'only this run (any age), e.g. the one a run said it left behind').argParser(runIdArg))
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .action(async (o: { olderThan: number; envFile?: string; caFile?: string; insecure?: boolean; timeout?: number; dryRun?: boolean; run?: string }) => {
      // Loaded on demand: the AWS SDK is not needed for --help.
      /* eslint-disable @typescript-eslint/no-require-imports -- a synchronous lazy load, typed by the cast */
      const { ConfigError, loadSettings } = require('../config/settings') as typeof import('../config/settings');
      const { openBucketClient } = require('../engine/bucket-client') as typeof import('../engine/bucket-client');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const settings = loadSettings({ envFile: o.envFile, caFile: o.caFile, insecure: o.insecure });
      if (!settings.target) throw new ConfigError('cleanup needs an endpoint: set S3_ENDPOINT_HTTP and S3_ENDPOINT_HTTPS (the embedded endpoint keeps nothing between runs)');
      // --timeout, else SSE_TIMEOUT_MS, else the default: as `run` decides it.
      const bucket = openBucketClient({ ...settings.target, embedded: false }, { timeoutMs: o.timeout ?? settings.timeoutMs });
      const root = keyRootOf(settings.target);
      try {
        const runs = new Set<string>(o.run ? [o.run] : []);
        if (!o.run) for (const k of [...(await bucket.listKeys(root, WIDE_LISTING_BOUNDS)), ...(await bucket.listUploads(root, WIDE_LISTING_BOUNDS)).map((u) => u.key)]) {
          runs.add(k.slice(root.length).split('/')[0]);
        }
        const cutoff = Date.now() - o.olderThan;
        let total = 0;
        let skipped = 0;
        for (const run of [...runs].sort()) {
          const started = runStartedAt(run);
          if (started === null || (!o.run && started > cutoff)) continue;
          if (o.dryRun) {
            process.stdout.write(`would delete run ${run}\n`);
            continue;
          }
          const r = await bucket.cleanupPrefix(`${root}${run}/`);
          total += r.deleted;
          skipped += r.skipped;
          const refused = r.skipped ? `, skipped ${r.skipped} listed keys with dot or empty segments, control characters or another prefix` : '';
          process.stdout.write(`run ${run}: deleted ${r.deleted} objects, aborted ${r.aborted} uploads${refused}\n`);
        }
        process.stdout.write(`${o.dryRun ? 'dry run' : `${total} objects deleted`}; ${runs.size} run prefixes found\n`);
        if (skipped) {
          process.stderr.write(`sse-conformance: ${skipped} listed keys were not deleted: they are not plain keys under a run prefix\n`);
          process.exitCode = 2;
        }
      } finally {
        bucket.close();
      }
    });
}
