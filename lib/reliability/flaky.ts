import { isSdkRequest, type Fault, type RequestInfo } from './fault-proxy';

/**
 * An endpoint that fails now and then: every `every`-th request under test or control (the
 * harness's own signed requests, counted across every proxy given this policy) is dropped mid-answer
 * (the request reaches the endpoint, the connection is cut before the first byte of the answer) or,
 * in turn, answered 503 SlowDown without reaching it; with `trustedEvery`, every such trusted (SDK)
 * request is answered 503 SlowDown too, `trustedMax` times at most (throttling that never stops
 * slows the SDK's adaptive mode down to half a request a second, by design). Deterministic for a given order of requests: with one cell
 * at a time, a cell judged again right after a fault starts on a request that is not faulted.
 */
export function flakyPolicy(o: { every: number; trustedEvery?: number; trustedMax?: number }) {
  let signed = 0;
  let trusted = 0;
  const stats = { dropped: 0, slowdown: 0, trustedSlowdown: 0 };
  const onRequest = (r: RequestInfo): Fault => {
    if (isSdkRequest(r)) {
      if (o.trustedEvery && ++trusted % o.trustedEvery === 0 && stats.trustedSlowdown < (o.trustedMax ?? Infinity)) {
        stats.trustedSlowdown++;
        return { kind: 'slowdown' };
      }
      return { kind: 'pass' };
    }
    if (++signed % o.every !== 0) return { kind: 'pass' };
    // Alternately a dropped connection and a throttled answer.
    if ((signed / o.every) % 2 === 1) {
      stats.dropped++;
      return { kind: 'reset', afterBytes: 0 };
    }
    stats.slowdown++;
    return { kind: 'slowdown' };
  };
  return { onRequest, stats };
}
