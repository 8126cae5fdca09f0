import { HeadBucketCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { ConfigError, type Target } from '../config/settings';
import type { Case } from '../matrix/types';
import { Redactor } from '../redact/redact';
import { createAgents } from '../transport/agents';
import { unjudged } from '../verdict/case-identity';
import { judgeCase } from '../verdict/judge';
import type { CaseResult } from '../verdict/types';
import type { EngineContext } from './context';
import { RUN_PREFIX_ROOT } from './prefix';
import { newSseCKey } from './sse';
import { cleanupPrefix, sdkStatus } from './trusted-ops';
import { createTrustedClient } from './trusted-client';

export { RUN_PREFIX_ROOT };

export interface EngineOptions {
  runId: string;
  /** Sub-prefix for this engine (a suite), so that suites running side by side never share keys. */
  scope: string;
  timeoutMs: number;
  strict: boolean;
  concurrency: number;
}

export class Engine {
  readonly ctx: EngineContext;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(target: Target, readonly options: EngineOptions) {
    const redactor = new Redactor([target.secretAccessKey]);
    const ssec = newSseCKey();
    redactor.add(ssec.keyB64);
    const agents = createAgents({ caFile: target.caFile, insecure: target.tlsInsecure }, Math.max(8, options.concurrency * 2));
    this.ctx = {
      target,
      agents,
      trusted: createTrustedClient(target, agents, options.timeoutMs, redactor),
      redactor,
      timeoutMs: options.timeoutMs,
      strict: options.strict,
      prefix: `${RUN_PREFIX_ROOT}${options.runId}/${options.scope}/`,
      ssec,
      aborted: { value: false },
      fixtures: new Map(),
    };
    this.limit = pLimit(options.concurrency);
  }

  /** Judges every case, `concurrency` at a time; a case not started before an abort is 'skipped'. */
  async run(cases: Case[], onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
    return Promise.all(
      cases.map((c) =>
        this.limit(async () => {
          const r = this.ctx.aborted.value ? unjudged(c, 'skipped', 'not run: the run was interrupted') : await judgeCase(this.ctx, c);
          onResult?.(r);
          return r;
        }),
      ),
    );
  }

  /**
   * No new case starts: cells in flight finish, queued cells come out 'skipped' at once. (The queue
   * is not cleared: p-limit drops cleared tasks without settling them, and run() would never return.)
   */
  abort(): void {
    this.ctx.aborted.value = true;
  }

  /** Deletes what this engine created (its prefix only). */
  cleanup(): Promise<{ deleted: number; aborted: number }> {
    return cleanupPrefix(this.ctx, this.ctx.prefix);
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
