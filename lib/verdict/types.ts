import type { Case } from '../matrix/types';

export type Verdict = 'pass' | 'fail' | 'error' | 'skipped';
/**
 * exposure: accepted where it must be refused (keys or data exposed in transit);
 * downgrade: accepted but not encrypted as asked; interop: refused where it must be accepted.
 */
export type Severity = 'exposure' | 'downgrade' | 'interop';

/** One HTTP exchange as evidence, already redacted (see lib/redact). */
export interface Exchange {
  /** What the step was: "act", "control", "verify: GET without key", ... */
  step: string;
  request: { method: string; url: string; headers: Record<string, string>; bodyExcerpt?: string };
  response?: { status: number; statusText?: string; headers: Record<string, string>; bodyExcerpt?: string };
  /** Transport failure instead of a response: timeout, ECONNRESET, TLS error... */
  error?: string;
  durationMs: number;
  /** Set when the step was tried more than once (fixture retries on 503/reset). */
  attempts?: number;
}

export interface CaseResult {
  id: string;
  table: Case['table'];
  row: string;
  rowIndex: number;
  protocol: Case['protocol'];
  auth: Case['auth'];
  expected: Case['expected'];
  requirement: string;
  /** The row's rule as data (absent in results written before it was recorded: reports then infer it). */
  rule?: Case['rule'];
  /** The profile table's title, e.g. "PUT Object - Copy" (absent in older results). */
  title?: string;
  verdict: Verdict;
  severity?: Severity;
  /** What the act request got back (status 0 when it got no answer). */
  observed: { status: number; code?: string };
  /** Why the verdict is what it is, in one or two sentences; "inconclusive: ..." for unprovable rejections. */
  reason: string;
  /** Which check decided a verdict that is not a PASS, and the answer that showed it (lib/verdict/causes.ts). */
  cause?: import('./causes').CellCause;
  /** Notes that do not change the verdict, e.g. an SSE-C key travelling over plain HTTP. */
  notes?: string[];
  /** The opaque keys this cell used: its folder under the run prefix, the request under test's key, its control's. */
  keys?: { folder: string; act?: string; control?: string };
  /** What the at-rest probe found for the objects this cell verified (`--at-rest`; absent when the run was not probed). */
  atRest?: AtRestFinding;
  /** The earlier tries of this cell when it was re-judged (`--retries`): each ended in a retryable ERROR. */
  attempts?: Attempt[];
  /** How this cell stands against the run's baseline (`--expect`); absent when the run had none. */
  baseline?: BaselineMark;
  durationMs: number;
  /** Number of HTTP requests the case cost (arrange + act + control + verify). */
  requests: number;
  evidence: Exchange[];
}

export interface RunResults {
  schemaVersion: 1;
  runId: string;
  endpoint: { embedded: boolean; http: string; https: string; bucket: string; region: string };
  profile: string;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  /** Seed of the shuffled order the cells were judged in (`--seed N` repeats it). */
  seed?: number;
  /** How long the final side-effect sweep waited after the last cell (`--settle MS`). */
  settleMs?: number;
  /** `i/n` when this run judged one shard of the selected cells (`--shard`). */
  shard?: string;
  /** True when the run was stopped (SIGINT) before every case was judged. */
  interrupted?: boolean;
  /** What the end-of-run cleanup left under the run's prefix (absent in results written before it was recorded). */
  cleanup?: CleanupOutcome;
  /**
   * What the run's listings found under its prefix, outside every cell's folder, that the harness
   * never wrote (at most 20, redacted): a write no request of the run asked for. Absent when none.
   */
  unattributed?: string[];
  summary: { total: number; pass: number; fail: number; error: number; skipped: number };
  /** The non-passing cells folded into the endpoint's distinct problems, largest first (each cell in exactly one). */
  causes?: import('./causes').CauseGroup[];
  /** Whether and how the stored bytes were probed (`--at-rest`); absent when they were not. */
  atRest?: AtRestRun;
  /** The baseline the run was compared with (`--expect`) and what came of it. */
  baseline?: BaselineRun;
  /** The most tries a cell was allowed (`--retries` + 1); absent when 1. */
  maxAttempts?: number;
  cases: CaseResult[];
}

/**
 * verified: stored at rest as asked (encrypted: no 32-byte window of the plaintext in the stored
 * bytes; unencrypted: the plaintext is there); plaintext: an object written encrypted holds its
 * plaintext at rest; not-found: the probe found nothing (inconclusive); not-probed: nothing of the
 * cell was probed (a reject cell), or the probe failed on it (the verdict is then ERROR).
 */
export type AtRestFinding = 'verified' | 'plaintext' | 'not-found' | 'not-probed';

export interface AtRestRun {
  /** The probe as configured ("builtin" or the command's first word, never its arguments). */
  probe: string;
  /** False when the probe failed its own check (the plaintext of unencrypted objects not found). */
  ok: boolean;
  /** One line on why the probe was declared broken. */
  problem?: string;
  /** Objects probed, and how many of each finding. */
  objects: number;
}

/** One earlier try of a cell that ended in a retryable ERROR. */
export interface Attempt {
  verdict: Verdict;
  observed: { status: number; code?: string };
  reason: string;
  durationMs: number;
  /** Wait before the next try (backoff with jitter). */
  backoffMs: number;
}

/** known: listed in the baseline with this verdict; regression: not passing and not listed (or listed otherwise); fixed: listed but passing now. */
export type BaselineMark = 'known' | 'regression' | 'fixed';

export interface BaselineRun {
  /** The baseline file as given (a path, shown to the user). */
  file: string;
  known: number;
  regressions: number;
  fixed: number;
}

/** The end-of-run cleanup of the run's prefix, joined over the suites. */
export interface CleanupOutcome {
  /** True when every object was deleted and every upload aborted. */
  ok: boolean;
  /** The run's prefix in the bucket, e.g. `sse-conformance-runs/<run-id>/`. */
  prefix: string;
  /** Objects and uploads still under the prefix after cleanup (counted by listing; null when that listing failed too). */
  left: number | null;
  /** Keys from a listing that cleanup refused to touch (dot or empty segments, control characters, another prefix). */
  skipped: number;
  /** Which steps failed, e.g. `delete objects: 403 AccessDenied` (step, status and code only). */
  failures: string[];
}
