import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { ConfigError, type Target } from '../config/settings';
import type { Case } from '../matrix/types';
import { Redactor } from '../redact/redact';
import { createAgents } from '../transport/agents';
import { unjudged } from '../verdict/case-identity';
import { judgeAttempt } from '../verdict/judge';
import { judgementOf, rejudged } from '../verdict/causes';
import { afterAccounting } from '../verdict/rules';
import { redactCase } from '../report/redact-results';
import type { CaseResult } from '../verdict/types';
import type { CaseScope } from './case-scope';
import type { EngineContext, OnSigned } from './context';
import { keyRootOf, RUN_PREFIX_ROOT } from './prefix';
import { account, newAccounts } from './account';
import { fillKeyPool, opaqueName } from './keys';
import { withRetries } from './retry';
import { randomSeed, shuffled } from './shuffle';
import { newSseCKey, type SseCKey } from './sse';
import { DEFAULT_SETTLE_MS, sweepLateWrites } from './sweep';
import { cleanupPrefix, sdkStatus } from './trusted-ops';
import { createTrustedClient } from './trusted-client';
import { userAgentOf, useUserAgent } from './user-agent';

function withUserAgent(client: S3Client, target: Target): S3Client {
  useUserAgent(client, userAgentOf(target));
  return client;
}

export { RUN_PREFIX_ROOT };

export interface EngineOptions {
  runId: string;
  timeoutMs: number;
  strict: boolean;
  concurrency: number;
  /** Wait before the final re-check of every refused cell's side effects (default 2000; 0 skips the wait, not the re-check). */
  settleMs?: number;
  /** Seed of the shuffled judging order (default: random, reported in results). */
  seed?: number;
  /** Extra tries for a cell that ended in a retryable ERROR (`--retries`, default 0). */
  retries?: number;
  /**
   * While the settle time passes, delete what is outside the refused cells' folders (the final
   * cleanup then has those alone left). Off when something still reads the objects after the run
   * (the at-rest probe).
   */
  tidyWhileSettling?: boolean;
  /** Tests only: every trusted request carries x-sse-conformance-trusted (./trusted-mark.ts). */
  markTrusted?: boolean;
  /**
   * `repro`: SSE-C keys given instead of drawn, so that a person can send the request under test again
   * (SSE_CUSTOMER_KEY): `fixtures` replaces the run's fixture key (what a read or a copy source
   * carries), `cell` is the own key of the first cell judged (repro judges one).
   */
  ssec?: { fixtures?: SseCKey; cell?: SseCKey };
  /** `repro --curl`: told the request under test as it goes out (./context.ts onSigned). */
  onSigned?: OnSigned;
}

/** SSE-C keys made at once when retries have used up the pool. */
const RETRY_KEY_BATCH = 32;

export class Engine {
  readonly ctx: EngineContext;
  private readonly limit: ReturnType<typeof pLimit>;
  /** Ends a backoff between tries at once on abort. */
  private readonly stopped = new AbortController();
  /** The cleanup started during the settle time, if any: what it deleted and aborted. */
  private tidying: Promise<{ deleted: number; aborted: number } | null> | null = null;

  constructor(target: Target, readonly options: EngineOptions) {
    // Every encoding of every secret of the run (more SSE-C keys are registered as they are made).
    const redactor = new Redactor();
    redactor.addSecretKey(target.secretAccessKey);
    const ssec = options.ssec?.fixtures ?? newSseCKey();
    redactor.addKeyB64(ssec.keyB64);
    const agents = createAgents({ caFile: target.caFile, insecure: target.tlsInsecure }, Math.max(8, options.concurrency * 2));
    this.ctx = {
      target,
      agents,
      trusted: withUserAgent(createTrustedClient(target, agents, options.timeoutMs, redactor, { markTrusted: options.markTrusted }), target),
      redactor,
      timeoutMs: options.timeoutMs,
      strict: options.strict,
      // Opaque below the run id: nothing in a key names the table or the cell.
      prefix: `${keyRootOf(target)}${options.runId}/${opaqueName(4)}/`,
      ssec,
      aborted: { value: false },
      fixtures: new Map(),
      witnessChecks: new Map(),
      keyPool: [],
      refused: [],
      accounts: newAccounts(),
      ...(options.onSigned ? { onSigned: options.onSigned } : {}),
    };
    this.limit = pLimit(options.concurrency);
  }

  /**
   * Judges every case, `concurrency` at a time, in an order shuffled from the seed; a case not
   * started before an abort is 'skipped'. Then, after the settle time, every refused cell is looked
   * at once more (late writes). Results come back in the order of `cases`.
   */
  async run(cases: Case[], onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
    const byId = new Map<string, CaseResult>();
    fillKeyPool(this.ctx, cases.length);
    // A given cell key goes last into the pool: the first cell judged takes it (cellSseCKey pops).
    const given = this.options.ssec?.cell;
    if (given) {
      this.ctx.redactor.addKeyB64(given.keyB64);
      this.ctx.keyPool.push(given);
    }
    // Which try of its cell each scope was: the late-write sweep re-checks the refused earlier tries too.
    const tryOf = new Map<CaseScope, number>();
    const judge = (c: Case) =>
      withRetries(
        async (n) => {
          // A retry needs a fresh SSE-C key: made in batches, as the first tries' were.
          if (n > 1 && this.ctx.keyPool.length === 0) fillKeyPool(this.ctx, RETRY_KEY_BATCH);
          const t = await judgeAttempt(this.ctx, c);
          tryOf.set(t.scope, n);
          return t;
        },
        { retries: this.options.retries ?? 0, signal: this.stopped.signal },
      );
    await Promise.all(
      shuffled(cases, this.options.seed ?? randomSeed()).map((c) =>
        this.limit(async () => {
          const r = this.ctx.aborted.value ? unjudged(c, 'skipped', 'not run: the run was interrupted') : await judge(c);
          byId.set(c.id, r);
          onResult?.(r);
        }),
      ),
    );
    const settleMs = this.ctx.aborted.value ? 0 : (this.options.settleMs ?? DEFAULT_SETTLE_MS);
    if (settleMs > 0 && this.options.tidyWhileSettling && this.ctx.refused.length) this.tidyOutsideRefused();
    await sweepLateWrites(this.ctx, byId, settleMs, this.limit, tryOf, this.tidying ?? undefined);
    return this.accountFor(cases.map((c) => byId.get(c.id)!));
  }

  /**
   * Each cell whose folder a listing of the run showed holding what the harness never wrote, judged
   * by that (rules.ts afterAccounting). Called after the sweep, and again after the cleanup (whose
   * listings see the folders too).
   */
  accountFor(results: CaseResult[]): CaseResult[] {
    const byCell = new Map<string, string[]>();
    for (const [folder, cell] of this.ctx.accounts.cells) {
      const found = this.ctx.accounts.strangers.get(folder);
      if (found?.size) byCell.set(cell.id, [...(byCell.get(cell.id) ?? []), ...found]);
    }
    if (byCell.size === 0) return results;
    return results.map((r) => {
      const found = byCell.get(r.id);
      if (!found || r.verdict === 'skipped') return r;
      const j = afterAccounting(judgementOf(r), found, r.expected);
      if (j.reason === r.reason) return r;
      return redactCase(rejudged(r, j), this.ctx.redactor, { evidenceRedacted: true });
    });
  }

  /** What the run's listings found under its prefix, outside every cell's folder, that the harness never wrote. */
  unattributed(): string[] {
    return [...this.ctx.accounts.unattributed];
  }

  /**
   * The settle time is idle: the objects and uploads of every cell that no re-check will look at go
   * meanwhile. The fixtures stay too: a late copy needs its source to land. A failure here is left
   * to the final cleanup, which lists the whole prefix again.
   */
  private tidyOutsideRefused(): void {
    const folders = [...new Set(this.ctx.refused.map((r) => r.folder))];
    const tidy = async () => {
      const fixtures = new Set<string>();
      for (const f of await Promise.allSettled(this.ctx.fixtures.values())) if (f.status === 'fulfilled') fixtures.add(f.value.key);
      return cleanupPrefix(this.ctx, this.ctx.prefix, { keep: (key) => fixtures.has(key) || folders.some((f) => key.startsWith(f)), onListed: this.onListed });
    };
    this.tidying = tidy().catch(() => null);
  }

  /**
   * No new case starts: cells in flight finish, queued cells come out 'skipped' at once. (The queue
   * is not cleared: p-limit drops cleared tasks without settling them, and run() would never return.)
   */
  abort(): void {
    this.ctx.aborted.value = true;
    this.stopped.abort();
  }

  /** A cleanup's listings are witnesses too: they account for what they show before it is deleted. */
  private readonly onListed = (objects: string[], uploads: { key: string }[]): void => {
    account(this.ctx, objects, uploads);
  };

  /** Deletes what this engine created (its prefix only). */
  async cleanup(): Promise<{ deleted: number; aborted: number }> {
    const early = await this.tidying;
    const rest = await cleanupPrefix(this.ctx, this.ctx.prefix, { onListed: this.onListed });
    return { deleted: rest.deleted + (early?.deleted ?? 0), aborted: rest.aborted + (early?.aborted ?? 0) };
  }

  close(): void {
    this.ctx.trusted.destroy();
    this.ctx.agents.destroy();
  }
}

/** One trusted request before anything else: a wrong setting fails here with a clear message, not 128 times. */
export async function preflight(target: Target, timeoutMs: number): Promise<void> {
  const agents = createAgents({ caFile: target.caFile, insecure: target.tlsInsecure });
  const client = createTrustedClient(target, agents, timeoutMs, new Redactor([target.secretAccessKey]));
  try {
    await client.send(new HeadBucketCommand({ Bucket: target.bucket }));
  } catch (e) {
    const s = sdkStatus(e);
    const where = `${target.https} bucket "${target.bucket}"`;
    if (!s.status) throw new ConfigError(`cannot reach ${where} over HTTPS: ${s.message}`);
    if (s.status === 404) throw new ConfigError(`S3_BUCKET: bucket "${target.bucket}" does not exist at ${target.https}`);
    if (s.status === 403) throw new ConfigError(`S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: ${where} refused them (403 ${s.code ?? ''})`);
    throw new ConfigError(`${where}: HEAD bucket answered ${s.status} ${s.code ?? ''}`);
  } finally {
    client.destroy();
    agents.destroy();
  }
}
