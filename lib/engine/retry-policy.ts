// Which ERRORs `--retries` judges again, and how long it waits first. Only an ERROR whose cause is
// passing (no answer, a 5xx, throttling) is retried: a FAIL or a PASS is the endpoint's answer and
// is never asked again, and an ERROR the endpoint would repeat (an authentication failure, a
// redirect, 501 NotImplemented, a blind witness) would only cost time.
import { throttled, type Answer } from '../verdict/rules';
import type { Exchange } from '../verdict/types';
import { sdkStatus, TrustedStepError } from './trusted-ops';
import { TrustedBoundError } from './trusted-client';

/**
 * A status or code that says the endpoint could not answer this time: 5xx (501 excepted: not
 * implemented is not passing), 429, 408, or a throttling code (S3 also sends them with 200 or 400).
 */
export function isTransientStatus(status: number | undefined, code?: string): boolean {
  return throttled(status ?? 0, code) || (status !== undefined && status >= 500 && status !== 501);
}

/** An answer to a signed request (the request under test, its control): no answer at all is transient. */
export function isTransientAnswer(a: Answer | { kind: 'arrange-error' } | undefined): boolean {
  if (!a) return false;
  if (a.kind === 'transport') return true;
  if (a.kind !== 'response') return false;
  return isTransientStatus(a.status, a.errorCode);
}

/**
 * A trusted step that threw. No status: no answer at all (a reset, a refused connection, past the
 * deadline). A step that got a deterministic answer (403, 404, 200 without what it needs) is not.
 */
export function isTransientThrown(e: unknown): boolean {
  if (e instanceof TrustedStepError) return e.status === undefined || isTransientStatus(e.status, e.code);
  if (e instanceof TrustedBoundError) return e.kind === 'deadline';
  if (e && typeof e === 'object' && '$metadata' in e) {
    const s = sdkStatus(e);
    return s.status === undefined || isTransientStatus(s.status, s.code);
  }
  return false;
}

/** A recorded exchange that got no answer, or a transient one. */
export function isTransientExchange(e: Exchange | undefined): boolean {
  if (!e) return false;
  if (!e.response) return e.error !== undefined;
  return isTransientStatus(e.response.status);
}

export const RETRY_BASE_MS = 200;
export const RETRY_CAP_MS = 5000;

/**
 * The wait after try `n` (1-based) failed: exponential with full jitter (a uniform draw in
 * [0, min(cap, base * 2^(n-1)))), so that cells throttled together do not come back together.
 */
export function backoffMs(n: number, random: () => number = Math.random, base = RETRY_BASE_MS, cap = RETRY_CAP_MS): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(n - 1, 30)));
  const draw = random();
  return Math.floor((Number.isFinite(draw) ? Math.min(0.999999, Math.max(0, draw)) : 0) * ceiling);
}

/** Waits `ms`, or less when `signal` aborts (then resolves at once: the caller checks the signal). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
