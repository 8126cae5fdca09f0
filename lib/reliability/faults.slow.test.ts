import * as fs from 'node:fs';
import type { Target } from '../config/settings';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import type { CaseResult, Exchange } from '../verdict/types';
import { closedPort, isSdkRequest, proxyCertificate, startFaultProxy, type Fault, type FaultProxy, type FaultProxyOptions } from './fault-proxy';
import { faultBench } from './fault-bench';
import { caBundle, hostPort, runUnderFault, type FaultRun } from './fault-run';

// Real sockets on loopback: a fault proxy sits in front of one listener of the reference endpoint and
// the real engine runs through it. A fault must turn exactly the cells it touches into ERROR (never a
// PASS, never a FAIL: a broken answer is not a rejection), leave the rest PASS, make the run exit 2,
// and cleanup must still leave nothing under the run prefix.

const profile = loadProfile('obs');
const cases = expandProfile(profile);
const isHttp = (r: { protocol: string }) => r.protocol === 'http';
const httpCount = cases.filter(isHttp).length;

jest.setTimeout(30_000);

const bench = faultBench('faults', profile);

async function proxy(listener: 'http' | 'https', o: Omit<FaultProxyOptions, 'upstream'>): Promise<FaultProxy> {
  const p = await startFaultProxy({ upstream: hostPort(bench.ep[listener]), ...o });
  bench.proxies.push(p);
  return p;
}

/** A TLS-terminating proxy in front of the HTTPS listener, and a target trusting it. */
async function httpsRequestProxy(onRequest: FaultProxyOptions['onRequest']): Promise<{ p: FaultProxy; target: Target }> {
  const cert = await proxyCertificate();
  const p = await proxy('https', { mode: 'http', terminateTls: { ...cert, upstreamCa: fs.readFileSync(bench.direct.caFile!, 'utf8') }, onRequest });
  return { p, target: { ...bench.direct, https: p.url('https'), caFile: caBundle(bench.dir, [cert.cert]) } };
}

const acts = (r: CaseResult): Exchange[] => r.evidence.filter((e) => e.step === 'act');

/** Every cell `affected` says is touched is ERROR with a reason matching `why`; every other cell PASSes. */
function expectOnly(run: FaultRun, affected: (r: CaseResult) => boolean, why: RegExp): void {
  expect(run.results).toHaveLength(cases.length);
  const got = run.results.map((r) => ({ id: r.id, verdict: r.verdict, reason: r.reason }));
  const want = run.results.map((r) => ({ id: r.id, ...(affected(r) ? { verdict: 'error', reason: expect.stringMatching(why) } : { verdict: 'pass', reason: r.reason }) }));
  expect(got).toEqual(want);
}

function expectCouldNotJudge(run: FaultRun): void {
  expect(run.summary.fail).toBe(0);
  expect(run.summary.error).toBeGreaterThan(0);
  expect(run.exitCode).toBe(2);
  expect(run.cleanupError).toBeUndefined();
  expect(run.leftovers).toBe(0);
}

test('pass-through proxies in front of both listeners (HTTP parsed per request, TLS terminated) change nothing: 128 PASS', async () => {
  const http = await proxy('http', { mode: 'http' });
  const { p: https, target } = await httpsRequestProxy(undefined);
  let seen = 0;
  const run = await runUnderFault({ ...target, http: http.url('http') }, bench.direct, cases, {
    timeoutMs: 5000,
    concurrency: 8,
    beforeCleanup: () => (seen = http.stats.requests + https.stats.requests),
  });
  expect(run.summary).toEqual({ total: 128, pass: 128, fail: 0, error: 0, skipped: 0 });
  expect(run.exitCode).toBe(0);
  expect(run.leftovers).toBe(0);
  // Every request the cells counted went over the wire through a proxy, and nothing else did.
  expect(seen).toBe(run.results.reduce((n, r) => n + r.requests, 0));
  expect(http.stats.requests).toBeGreaterThanOrEqual(httpCount);
});

describe('faults on the act path (the HTTP listener proxied; fixtures over HTTPS directly)', () => {
  const cellsHttp = { concurrency: 8, timeoutMs: 1500 };

  test('reset mid-response: every HTTP cell is ERROR (reset), every HTTPS cell PASSes', async () => {
    const p = await proxy('http', { mode: 'http', onRequest: () => ({ kind: 'reset', afterBytes: 40 }) });
    const run = await runUnderFault({ ...bench.direct, http: p.url('http') }, bench.direct, cases, cellsHttp);
    expectOnly(run, isHttp, /^no answer to the request under test: reset: /);
    for (const r of run.results.filter(isHttp)) expect(acts(r).map((e) => e.error?.split(':')[0])).toEqual(['reset']);
    expect(p.stats.injected.reset).toBe(httpCount);
    expectCouldNotJudge(run);
  });

  test('stall past the timeout: every HTTP cell is ERROR (timeout) after about the timeout, every HTTPS cell PASSes', async () => {
    const p = await proxy('http', { mode: 'http', onRequest: () => ({ kind: 'stall' }) });
    const run = await runUnderFault({ ...bench.direct, http: p.url('http') }, bench.direct, cases, { concurrency: 32, timeoutMs: 1500 });
    expectOnly(run, isHttp, /^no answer to the request under test: timeout: no complete answer within 1500 ms/);
    for (const r of run.results.filter(isHttp)) {
      expect(acts(r)).toHaveLength(1);
      expect(acts(r)[0]!.durationMs).toBeGreaterThanOrEqual(1400);
    }
    expect(p.stats.injected.stall).toBe(httpCount);
    expectCouldNotJudge(run);
  });

  test('500 InternalError: every HTTP cell is ERROR (endpoint error, not a rejection), every HTTPS cell PASSes', async () => {
    const p = await proxy('http', { mode: 'http', onRequest: () => ({ kind: 'error-500' }) });
    const run = await runUnderFault({ ...bench.direct, http: p.url('http') }, bench.direct, cases, cellsHttp);
    expectOnly(run, isHttp, /^endpoint error 500 Internal Server Error( InternalError)?: neither an acceptance nor a rejection/);
    for (const r of run.results.filter(isHttp)) expect(r.observed).toEqual({ status: 500, ...(r.id.includes('/head-object/') ? {} : { code: 'InternalError' }) });
    expectCouldNotJudge(run);
  });

  test('503 SlowDown: the act is never retried: ERROR with exactly one act exchange, one request on the wire per HTTP cell', async () => {
    const p = await proxy('http', { mode: 'http', onRequest: () => ({ kind: 'slowdown' }) });
    const run = await runUnderFault({ ...bench.direct, http: p.url('http') }, bench.direct, cases, cellsHttp);
    expectOnly(run, isHttp, /^endpoint error 503 Slow Down/);
    for (const r of run.results.filter(isHttp)) {
      expect(acts(r).map((e) => e.response?.status)).toEqual([503]);
      expect(r.evidence.filter((e) => e.step === 'control')).toEqual([]);
    }
    expect(p.stats.requests).toBe(httpCount);
    expect(p.stats.log.every((l) => !l.sdk)).toBe(true);
    expectCouldNotJudge(run);
  });

  test('closed port: every HTTP cell is ERROR (refused), every HTTPS cell PASSes', async () => {
    const port = await closedPort();
    const run = await runUnderFault({ ...bench.direct, http: `http://127.0.0.1:${port}` }, bench.direct, cases, cellsHttp);
    expectOnly(run, isHttp, /^no answer to the request under test: refused: ECONNREFUSED/);
    expectCouldNotJudge(run);
  });
});

describe('faults on the HTTPS listener (the trusted path and HTTPS acts)', () => {
  // Every request is answered at once here: the deadline only has to outlast a busy machine. (A
  // trusted request crosses the proxy and the endpoint, both in this jest worker; at 1.5 s, one
  // fresh-clone CI run had an arrange step time out while the other worker ran the load test.)
  const ANSWERED = { concurrency: 8, timeoutMs: 5000 };

  test('503 SlowDown on the first 3 trusted requests: fixtures retry with backoff, every cell still PASSes, the retries are in the evidence', async () => {
    let sdkSeen = 0;
    const { p, target } = await httpsRequestProxy((r) => (isSdkRequest(r) && ++sdkSeen <= 3 ? { kind: 'slowdown' } : { kind: 'pass' }));
    const run = await runUnderFault(target, bench.direct, cases, ANSWERED);
    expect(run.summary).toEqual({ total: 128, pass: 128, fail: 0, error: 0, skipped: 0 });
    expect(run.exitCode).toBe(0);
    expect(run.leftovers).toBe(0);
    expect(p.stats.injected.slowdown).toBe(3);
    const throttled = run.results.filter((r) => r.evidence.some((e) => e.step === 'trusted' && e.response?.status === 503));
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.flatMap((r) => r.evidence).filter((e) => e.response?.status === 503)).toHaveLength(3);
    for (const r of throttled) {
      const trusted = r.evidence.filter((e) => e.step === 'trusted');
      const first503 = trusted.findIndex((e) => e.response?.status === 503);
      // The same request again after the 503 (the SDK's retries: the next one may be throttled too, when
      // it was among the first 3 trusted requests), and the last of them got through.
      const retries = trusted.slice(first503 + 1).filter((e) => e.request.method === trusted[first503]!.request.method && e.request.url === trusted[first503]!.request.url);
      const retry = retries.at(-1);
      // (Any answer but 503: a HEAD that checks for an object rightly gets 404.)
      expect({ id: r.id, retried: retry?.response?.status }).toEqual({ id: r.id, retried: expect.any(Number) });
      expect(retry!.response!.status).not.toBe(503);
      expect(r.requests).toBe(r.evidence.length);
    }
    // Acts are the harness's own requests: none of them was answered 503.
    expect(p.stats.log.filter((l) => l.fault === 'slowdown').every((l) => l.sdk)).toBe(true);
  });

  test('503 SlowDown on every HTTPS act (trusted requests pass): HTTPS cells are ERROR with exactly one act, HTTP cells PASS', async () => {
    const { p, target } = await httpsRequestProxy((r) => (isSdkRequest(r) ? { kind: 'pass' } : { kind: 'slowdown' }));
    const run = await runUnderFault(target, bench.direct, cases, ANSWERED);
    expectOnly(run, (r) => !isHttp(r), /^endpoint error 503 Slow Down/);
    for (const r of run.results.filter((x) => !isHttp(x))) expect(acts(r).map((e) => e.response?.status)).toEqual([503]);
    expect(p.stats.log.filter((l) => !l.sdk)).toHaveLength(cases.length - httpCount);
    expectCouldNotJudge(run);
  });

  test.each<[Fault['kind'], RegExp]>([
    ['tls-garbage', /^tls: /],
    ['tls-close', /^reset: /],
  ])('TLS handshake failure (%s) on every connection: every cell is ERROR, none a rejection; cleanup works once TLS is back', async (kind, actError) => {
    const p = await proxy('https', { mode: 'raw', onConnection: () => ({ kind }) as Fault });
    const run = await runUnderFault({ ...bench.direct, https: p.url('https') }, bench.direct, cases, {
      concurrency: 32,
      timeoutMs: 1500,
      beforeCleanup: () => p.setPolicy({}),
    });
    expectOnly(run, () => true, /./);
    // PUT Object, POST Object and initiate upload arrange nothing: their HTTPS acts meet the broken handshake themselves.
    const selfArranged = new Set(['put-object', 'post-object', 'initiate-multipart-upload']);
    const op = new Map(cases.map((c) => [c.id, c.operation]));
    const reached = run.results.filter((r) => selfArranged.has(op.get(r.id)!) && r.protocol === 'https');
    expect(reached).toHaveLength(12);
    for (const r of reached) {
      expect(r.reason).toMatch(/^no answer to the request under test: /);
      expect(acts(r).map((e) => e.error)).toEqual([expect.stringMatching(actError)]);
    }
    // Every other cell stopped at a trusted step (arrange, or verification after an HTTP act) that could not connect.
    for (const r of run.results.filter((x) => !selfArranged.has(op.get(x.id)!))) expect(r.reason).toMatch(/^arrange: /);
    expect(p.stats.injected[kind]).toBeGreaterThan(0);
    expectCouldNotJudge(run);
  });
});
