// A conformance run, in process, as one step: settings -> profile -> matrix -> filter and shard ->
// target (the embedded endpoint when .env names none) -> one preflight -> engine -> cleanup ->
// results -> reports. The CLI, jest's face (suites/), the self-check, the bench and the peer
// stages all run through here.
import { DEFAULT_CONCURRENCY, DEFAULT_PROFILE, DEFAULT_REPORT_DIR, DEFAULT_SETTLE_MS, DEFAULT_TIMEOUT_MS } from '../config/defaults';
import { clientIdentityOf, loadSettings, type Target } from '../config/settings';
import { markTrustedByEnv } from '../engine/trusted-mark';
import { targetOf } from '../engine/embedded-target';
import { Engine, preflight, type EngineOptions } from '../engine/engine';
import type { OnSigned } from '../engine/context';
import { progressPrinter } from '../engine/progress';
import { randomSeed } from '../engine/shuffle';
import { BaselineError, loadBaseline, type Baseline } from '../baseline/baseline';
import { markBaseline } from '../baseline/mark';
import { resolveProbe, type AtRestProbe } from '../at-rest/probe';
import { probeStoredBytes } from '../at-rest/run-probe';
import { expandProfile } from '../matrix/expand';
import { checkGlobs, filterCases, type CaseFilter } from '../matrix/filter';
import type { Case } from '../matrix/types';
import { loadProfile } from '../profile/load';
import type { ReferenceEndpoint } from '../reference-endpoint';
import { dropPrewarmedWorker, startReferenceEndpointInWorker } from '../reference-endpoint/in-worker';
import { summarize } from '../report/summarize';
import { groupCauses } from '../verdict/causes';
import type { CaseResult, CleanupOutcome, RunResults } from '../verdict/types';
import { cleanUp } from './cleanup-outcome';
import { newRunId } from './run-id';
import { writeRunReports } from './run-reports';
import { parseShard, shardOf } from './shard';

/** What a run is asked to do: the CLI's flags (all optional: defaults and .env fill the rest). */
export interface RunRequest {
  envFile?: string;
  profile?: string;
  strict?: boolean;
  concurrency?: number;
  timeoutMs?: number;
  filter?: CaseFilter;
  /** Root of the report folders: <reportRoot>/<runId>/ and <reportRoot>/latest/ (default "reports"). */
  reportRoot?: string;
  caFile?: string;
  insecure?: boolean;
  runId?: string;
  /** `i/n`: judge only that slice of the selected cells. */
  shard?: string;
  /** Wait before the final late-write sweep (ms). */
  settleMs?: number;
  /** Seed of the judging order (drawn at random when absent, and reported). */
  seed?: number;
  /** Baseline file (`--expect`): read and validated before any request. */
  expect?: string;
  /** Extra tries for a cell that ended in a retryable ERROR (`--retries`, default 0). */
  retries?: number;
  /** At-rest probe (`--at-rest`, SSE_AT_REST): "builtin" or a command. */
  atRest?: string;
}

export interface RunHooks {
  /** Aborted by SIGINT/SIGTERM: no new cell starts, cells in flight finish, cleanup and reports still happen. */
  signal?: AbortSignal;
  /** Each cell as it is judged. */
  onResult?: (r: CaseResult) => void;
  /** Live progress on stderr. */
  progress?: 'tty' | 'lines' | 'off';
  /** A target already resolved (tests): .env is not read and no endpoint is started. */
  target?: Target;
  /** An explicit selection instead of the profile's filtered, sharded matrix. */
  cases?: Case[];
  /** Write the report files (default true). */
  writeReports?: boolean;
  /** An at-rest probe for a target given by a test (instead of resolving `atRest`). */
  atRestProbe?: AtRestProbe;
  /** Called after the last cell, before cleanup (tests: the fault goes away). */
  beforeCleanup?: () => void;
  /**
   * Tests only: every trusted request carries x-sse-conformance-trusted (lib/engine/trusted-mark.ts), so
   * that a proxy can tell the trusted path from the requests under test, which nothing else does.
   */
  markTrusted?: boolean;
  /** `repro`: SSE-C keys given instead of drawn (lib/engine/engine.ts EngineOptions.ssec). */
  ssec?: EngineOptions['ssec'];
  /** `repro --curl`: told the request under test as it goes out, unredacted, in memory only (lib/engine/context.ts). */
  onSigned?: OnSigned;
  /**
   * `repro --curl`: the run's prefix is left in place for a person to send the request again (no
   * tidying during the settle time, no cleanup; results carry no `cleanup`): `cleanup --run` deletes it.
   */
  keepPrefix?: boolean;
}

export interface RunOutcome {
  results: RunResults;
  /** The baseline the run was compared with (`expect`), as read. */
  baseline?: Baseline;
  /** <reportRoot>/<runId>/, when reports were written. */
  reportDir?: string;
  /** Whether <reportRoot>/latest/ was replaced (it is not when it holds a folder this tool did not write). */
  latestWritten?: boolean;
}

export async function runConformance(req: RunRequest, hooks: RunHooks = {}): Promise<RunOutcome> {
  try {
    return await judgeRun(req, hooks);
  } finally {
    // A worker `run` started ahead and nothing took (the run ended before its endpoint started).
    dropPrewarmedWorker();
  }
}

async function judgeRun(req: RunRequest, hooks: RunHooks): Promise<RunOutcome> {
  // .env (or --env-file) with the flags laid over it; a test's own target reads no file.
  const settings = hooks.target ? null : loadSettings(req);
  const profileName = req.profile ?? settings?.profile ?? DEFAULT_PROFILE;
  // The profile's whole matrix, expanded once: for the selection, and for checking a baseline's cell ids.
  let matrix: Case[] | undefined;
  const all = (): Case[] => (matrix ??= expandProfile(loadProfile(profileName)));
  let cases = hooks.cases;
  if (!cases) {
    checkGlobs(all(), req.filter?.only);
    cases = filterCases(all(), req.filter ?? {});
    if (req.shard) cases = shardOf(cases, parseShard(req.shard));
  }
  // A baseline that cannot be used is one clear line before any request.
  const baseline = req.expect ? loadRunBaseline(req.expect, profileName, all()) : undefined;
  const timeoutMs = req.timeoutMs ?? settings?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let embedded: ReferenceEndpoint | undefined;
  let target: Target | null = hooks.target ?? (settings?.target ? { ...settings.target, embedded: false } : null);
  if (!target) {
    // On its own thread: the run is bound by one thread's CPU. (Its modules load in that thread: a
    // run against a live endpoint never loads the reference endpoint nor its certificate library.)
    embedded = await startReferenceEndpointInWorker({ profile: profileName });
    // The clients the requests go out as (S3_USER_AGENT, ...) hold for the embedded endpoint too.
    target = { ...targetOf(embedded), ...(settings ? clientIdentityOf(settings) : {}) };
  } else {
    // `run` may have started one ahead, not knowing yet: no need to keep it until the run ends.
    dropPrewarmedWorker();
  }
  let engine: Engine | undefined;
  try {
    // One trusted request first: a wrong setting is one clear line, not 128 errors.
    if (!hooks.target) await preflight(target, timeoutMs);
    // The at-rest probe (--at-rest, SSE_AT_REST): a bad setting is one line before any cell.
    const atRestSpec = req.atRest ?? settings?.atRest;
    const atRestProbe =
      hooks.atRestProbe ?? (atRestSpec ? resolveProbe(atRestSpec, { embedded, http: target.http, token: settings?.atRestToken, timeoutMs }) : undefined);
    const startedAt = new Date();
    const runId = req.runId ?? newRunId(startedAt);
    const seed = req.seed ?? randomSeed();
    // The embedded endpoint is this process's own reference endpoint: it finishes every write before it
    // answers, so a late write cannot happen there and the wait would only cost time. The sweep still runs.
    const settleMs = req.settleMs ?? (embedded ? 0 : DEFAULT_SETTLE_MS);
    engine = new Engine(target, {
      runId,
      timeoutMs,
      strict: req.strict ?? false,
      concurrency: req.concurrency ?? settings?.concurrency ?? DEFAULT_CONCURRENCY,
      settleMs,
      seed,
      retries: req.retries ?? 0,
      // The probe reads the objects after the run: nothing may go before it.
      tidyWhileSettling: !atRestProbe && !hooks.keepPrefix,
      ...(hooks.markTrusted || markTrustedByEnv() ? { markTrusted: true } : {}),
      ...(hooks.ssec ? { ssec: hooks.ssec } : {}),
      ...(hooks.onSigned ? { onSigned: hooks.onSigned } : {}),
    });
    const stop = () => engine!.abort();
    if (hooks.signal?.aborted) stop();
    hooks.signal?.addEventListener('abort', stop, { once: true });
    const progress = progressPrinter(hooks.progress ?? 'off', 'cells', cases.length);
    let judged: CaseResult[];
    try {
      judged = await engine.run(cases, (r) => {
        progress(r);
        // Probed cells are told once the probe has had its say (their verdict may change).
        if (!atRestProbe) hooks.onResult?.(r);
      });
    } finally {
      hooks.signal?.removeEventListener('abort', stop);
    }
    hooks.beforeCleanup?.();
    // Before cleanup: the objects must still be there to be read at rest.
    let atRest: RunResults['atRest'];
    if (atRestProbe && !hooks.signal?.aborted) {
      ({ cases: judged, run: atRest } = await probeStoredBytes(engine.ctx, judged, atRestProbe, { concurrency: engine.options.concurrency }));
    }
    if (atRestProbe) for (const r of judged) hooks.onResult?.(r);
    const cleanup: CleanupOutcome | undefined = hooks.keepPrefix ? undefined : await cleanUp(engine);
    // The cleanup's listings saw every folder once more: what they found that the harness never wrote counts too.
    judged = engine.accountFor(judged);
    const unattributed = engine.unattributed();
    const results: RunResults = {
      schemaVersion: 1,
      runId,
      endpoint: { embedded: target.embedded, http: target.http, https: target.https, bucket: target.bucket, region: target.region },
      profile: profileName,
      strict: req.strict ?? false,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      seed,
      settleMs,
      ...(req.shard ? { shard: req.shard } : {}),
      ...(hooks.signal?.aborted ? { interrupted: true } : {}),
      ...(cleanup ? { cleanup } : {}),
      ...(unattributed.length ? { unattributed } : {}),
      ...((req.retries ?? 0) > 0 ? { maxAttempts: req.retries! + 1 } : {}),
      summary: summarize(judged),
      causes: groupCauses(judged),
      ...(atRest ? { atRest } : {}),
      ...(baseline ? { baseline: markBaseline(judged, baseline, req.expect!) } : {}),
      cases: judged,
    };
    if (hooks.writeReports === false) return { results, baseline };
    return { results, baseline, ...(await writeRunReports(results, req.reportRoot ?? DEFAULT_REPORT_DIR, engine.ctx.redactor)) };
  } finally {
    engine?.close();
    await embedded?.close();
  }
}

/** The baseline, checked against the profile's whole matrix (it may list cells outside this selection). */
function loadRunBaseline(file: string, profileName: string, matrix: readonly Case[]): Baseline {
  const baseline = loadBaseline(file, matrix);
  if (baseline.profile !== undefined && baseline.profile !== profileName) {
    throw new BaselineError(`${file} is a baseline for profile "${baseline.profile}", but the run uses "${profileName}"`);
  }
  return baseline;
}
