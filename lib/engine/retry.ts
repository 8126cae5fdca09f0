import type { Attempt, CaseResult } from '../verdict/types';
import type { CaseScope } from './case-scope';
import { abortableSleep, backoffMs } from './retry-policy';

/** One try at a cell (lib/verdict/judge.ts judgeAttempt). */
export interface Tried {
  result: CaseResult;
  /** The try ended in an ERROR whose cause is passing (no answer, 5xx, throttling). */
  retryable: boolean;
  scope: CaseScope;
}

export interface RetryOptions {
  /** Extra tries after the first (`--retries`, 0..10). */
  retries: number;
  /** Aborted on SIGINT: no further try starts, a backoff in progress ends at once. */
  signal?: AbortSignal;
  /** Injected by unit tests; default Math.random and a real (abortable) sleep. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** How an earlier try's evidence is told apart from the final try's: `attempt 1: act`. */
export function attemptStep(n: number, step: string): string {
  return `attempt ${n}: ${step}`;
}

/**
 * Tries a cell until it ends in anything but a retryable ERROR, or `retries` extra tries are spent,
 * or the run is aborted. A FAIL or a PASS is never tried again. The result is the last try's, with
 * the earlier tries in `attempts` (each with the backoff that followed it) and their evidence ahead
 * of its own, each step marked with its try; `requests` counts every try, `durationMs` is the last try's.
 */
export async function withRetries(tryOnce: (n: number) => Promise<Tried>, o: RetryOptions): Promise<CaseResult> {
  const earlier: { attempt: Attempt; result: CaseResult }[] = [];
  const sleep = o.sleep ?? abortableSleep;
  for (let n = 1; ; n++) {
    const t = await tryOnce(n);
    const again = t.retryable && t.result.verdict === 'error' && n <= o.retries && !o.signal?.aborted;
    if (again) {
      const wait = backoffMs(n, o.random);
      await sleep(wait, o.signal);
      // Interrupted while waiting: this try is the last, as if no retry had been allowed.
      if (!o.signal?.aborted) {
        const r = t.result;
        earlier.push({ attempt: { verdict: r.verdict, observed: r.observed, reason: r.reason, durationMs: r.durationMs, backoffMs: wait }, result: r });
        continue;
      }
    }
    return joinAttempts(t.result, earlier);
  }
}

function joinAttempts(last: CaseResult, earlier: { attempt: Attempt; result: CaseResult }[]): CaseResult {
  if (earlier.length === 0) return last;
  return {
    ...last,
    attempts: earlier.map((e) => e.attempt),
    requests: earlier.reduce((n, e) => n + e.result.requests, last.requests),
    evidence: [...earlier.flatMap((e, i) => e.result.evidence.map((x) => ({ ...x, step: attemptStep(i + 1, x.step) }))), ...last.evidence],
  };
}
