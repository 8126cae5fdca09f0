import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { caseIdentity } from '../verdict/case-identity';
import type { CaseResult, Exchange } from '../verdict/types';
import { withRetries, type Tried } from './retry';
import { backoffMs, isTransientAnswer, isTransientExchange, isTransientStatus, isTransientThrown, RETRY_CAP_MS } from './retry-policy';
import { TrustedStepError } from './trusted-ops';
import { TrustedBoundError } from './trusted-client';

const exchange = (step: string, status?: number): Exchange => ({
  step,
  request: { method: 'PUT', url: 'http://127.0.0.1/x', headers: {} },
  ...(status === undefined ? { error: 'reset: socket hang up' } : { response: { status, headers: {} } }),
  durationMs: 1,
});

// The identity of a real reject cell, as the judge writes it.
const IDENTITY = caseIdentity(expandProfile(loadProfile('obs')).find((c) => c.id === 'sse-kms/put-object/http-v4')!);

function result(verdict: CaseResult['verdict'], reason: string, evidence: Exchange[] = [exchange('act', 503)]): CaseResult {
  return {
    ...IDENTITY,
    verdict,
    observed: { status: evidence[0]?.response?.status ?? 0 },
    reason,
    durationMs: 10,
    requests: evidence.length,
    evidence,
  };
}

const tried = (r: CaseResult, retryable: boolean): Tried => ({ result: r, retryable, scope: { requests: r.requests, evidence: r.evidence } });

/** Tries answering in turn from `seq`; records the waits asked for. */
function script(seq: Tried[]) {
  const waits: number[] = [];
  let calls = 0;
  return {
    tryOnce: async () => seq[Math.min(calls++, seq.length - 1)]!,
    sleep: async (ms: number) => void waits.push(ms),
    waits,
    calls: () => calls,
  };
}

const err503 = tried(result('error', 'endpoint error 503 Slow Down SlowDown'), true);
const pass = tried(result('pass', 'refused; nothing stored', [exchange('act', 400)]), false);

describe('withRetries', () => {
  test('a retryable ERROR is tried again until it passes; the earlier tries are recorded with their backoff and evidence', async () => {
    const s = script([err503, err503, pass]);
    const r = await withRetries(s.tryOnce, { retries: 2, sleep: s.sleep, random: () => 0.5 });
    expect(r.verdict).toBe('pass');
    expect(s.calls()).toBe(3);
    expect(s.waits).toEqual([100, 200]);
    expect(r.attempts).toEqual([
      { verdict: 'error', observed: { status: 503 }, reason: 'endpoint error 503 Slow Down SlowDown', durationMs: 10, backoffMs: 100 },
      { verdict: 'error', observed: { status: 503 }, reason: 'endpoint error 503 Slow Down SlowDown', durationMs: 10, backoffMs: 200 },
    ]);
    expect(r.evidence.map((e) => e.step)).toEqual(['attempt 1: act', 'attempt 2: act', 'act']);
    expect(r.requests).toBe(3);
  });

  test('no more than `retries` extra tries: the last ERROR stands', async () => {
    const s = script([err503]);
    const r = await withRetries(s.tryOnce, { retries: 2, sleep: s.sleep, random: () => 0 });
    expect(s.calls()).toBe(3);
    expect(r.verdict).toBe('error');
    expect(r.attempts).toHaveLength(2);
  });

  test('--retries 0: one try, no attempts field', async () => {
    const s = script([err503, pass]);
    const r = await withRetries(s.tryOnce, { retries: 0, sleep: s.sleep });
    expect(s.calls()).toBe(1);
    expect(r).toEqual(err503.result);
    expect('attempts' in r).toBe(false);
  });

  test.each<[string, Tried]>([
    ['a FAIL', tried(result('fail', 'accepted a request the rule says must be refused'), false)],
    ['a FAIL even if marked retryable', tried(result('fail', 'x'), true)],
    ['a PASS', pass],
    ['an ERROR that is not retryable (an authentication failure)', tried(result('error', 'inconclusive: refused with SignatureDoesNotMatch'), false)],
  ])('%s is never tried again', async (_name, t) => {
    const s = script([t, pass]);
    const r = await withRetries(s.tryOnce, { retries: 5, sleep: s.sleep });
    expect(s.calls()).toBe(1);
    expect(r).toBe(t.result);
  });

  test('aborted during a backoff: no further try, the ERROR stands without the unfinished retry recorded', async () => {
    const stop = new AbortController();
    let calls = 0;
    const r = await withRetries(
      async () => {
        calls++;
        return err503;
      },
      { retries: 5, signal: stop.signal, random: () => 0.9, sleep: async () => stop.abort() },
    );
    expect(calls).toBe(1);
    expect(r.verdict).toBe('error');
    expect(r.attempts).toBeUndefined();
  });

  test('aborted before: no retry at all', async () => {
    const stop = new AbortController();
    stop.abort();
    const s = script([err503, pass]);
    await withRetries(s.tryOnce, { retries: 5, signal: stop.signal, sleep: s.sleep });
    expect(s.calls()).toBe(1);
    expect(s.waits).toEqual([]);
  });
});

describe('backoff: exponential, full jitter, capped', () => {
  test.each([
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [1, 0, 0],
    [4, 0.999, 1598],
    [10, 0.5, RETRY_CAP_MS / 2],
    [1000, 0.999, 4995],
  ])('try %i, draw %d: %i ms', (n, draw, ms) => {
    expect(backoffMs(n, () => draw)).toBe(ms);
  });

  test('never negative, never at or past the cap, whatever the draw', () => {
    for (const draw of [-1, 0, 0.3, 1, 2, NaN]) {
      const ms = backoffMs(20, () => draw);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(RETRY_CAP_MS);
    }
  });
});

describe('which causes are passing', () => {
  test.each<[string, Parameters<typeof isTransientAnswer>[0], boolean]>([
    ['no answer (reset)', { kind: 'transport', error: 'reset: socket hang up' }, true],
    ['no answer (timeout)', { kind: 'transport', error: 'timeout: no complete answer within 1500 ms' }, true],
    ['500 InternalError', { kind: 'response', status: 500, errorCode: 'InternalError' }, true],
    ['503 SlowDown', { kind: 'response', status: 503, errorCode: 'SlowDown' }, true],
    ['502 without a body', { kind: 'response', status: 502 }, true],
    ['429', { kind: 'response', status: 429 }, true],
    ['200 with a SlowDown error document (copy)', { kind: 'response', status: 200, errorCode: 'SlowDown' }, true],
    ['400 RequestTimeout', { kind: 'response', status: 400, errorCode: 'RequestTimeout' }, true],
    ['501 NotImplemented', { kind: 'response', status: 501, errorCode: 'NotImplemented' }, false],
    ['403 SignatureDoesNotMatch', { kind: 'response', status: 403, errorCode: 'SignatureDoesNotMatch' }, false],
    ['404 NoSuchKey', { kind: 'response', status: 404, errorCode: 'NoSuchKey' }, false],
    ['400 InvalidRequest', { kind: 'response', status: 400, errorCode: 'InvalidRequest' }, false],
    ['301 redirect', { kind: 'response', status: 301 }, false],
    ['200', { kind: 'response', status: 200 }, false],
    ['a control that could not be arranged (cause unknown here)', { kind: 'arrange-error' }, false],
    ['nothing', undefined, false],
  ])('%s', (_name, a, want) => {
    expect(isTransientAnswer(a)).toBe(want);
  });

  test.each<[string, unknown, boolean]>([
    ['trusted step without an answer', new TrustedStepError('arrange: PUT sse-kms object', undefined, undefined, 'socket hang up'), true],
    ['trusted step 503 SlowDown', new TrustedStepError('arrange: PUT', 503, 'SlowDown', '503 SlowDown'), true],
    ['trusted step 500', new TrustedStepError('witness: HEAD', 500, 'InternalError', '500'), true],
    ['trusted step 403', new TrustedStepError('arrange: PUT', 403, 'AccessDenied', '403'), false],
    ['trusted step 200 without an UploadId', new TrustedStepError('arrange: initiate', 200, undefined, 'no UploadId'), false],
    ['trusted deadline', new TrustedBoundError('deadline', 'no complete answer within 10 ms'), true],
    ['trusted size cap', new TrustedBoundError('size', 'answer larger than 8 bytes'), false],
    ['SDK error 503', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 }, name: 'SlowDown' }), true],
    ['SDK error 404', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 404 }, name: 'NotFound' }), false],
    ['a harness bug', new TypeError('x is undefined'), false],
  ])('thrown: %s', (_name, e, want) => {
    expect(isTransientThrown(e)).toBe(want);
  });

  test('exchanges and statuses', () => {
    expect(isTransientExchange(exchange('trusted'))).toBe(true);
    expect(isTransientExchange(exchange('trusted', 503))).toBe(true);
    expect(isTransientExchange(exchange('trusted', 400))).toBe(false);
    expect(isTransientExchange(undefined)).toBe(false);
    expect(isTransientStatus(undefined)).toBe(false);
    expect(isTransientStatus(0)).toBe(false);
  });
});
