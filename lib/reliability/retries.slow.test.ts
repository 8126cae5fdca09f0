import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Target } from '../config/settings';
import { envTextFor } from '../cli/serve-line';
import { checkResults } from '../report/load-results';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { targetOf } from '../self-check/run-against';
import type { CaseResult } from '../verdict/types';
import { TRUSTED_MARK_ENV } from '../engine/trusted-mark';
import { isSdkRequest, proxyCertificate, startFaultProxy, type FaultProxyOptions } from './fault-proxy';
import { faultBench } from './fault-bench';
import { caBundle, hostPort, runUnderFault } from './fault-run';
import { flakyPolicy } from './flaky';

// `--retries` against an endpoint that drops a connection or throttles now and then (fault proxies
// in front of both listeners of the real reference endpoint, TLS terminated on the HTTPS side).
// Without retries the faults make ERRORs; with `--retries 2` every cell passes and each earlier try
// is recorded; a FAIL, or an ERROR the endpoint would repeat, is never judged again. One cell at a
// time, so that which requests the faults hit is the same from run to run.

const profile = loadProfile('obs');
const cases = expandProfile(profile);
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/sse-conformance.js');

jest.setTimeout(120_000);

const bench = faultBench('retries', profile);

/** Proxies in front of both listeners of `of`, deciding every request with `onRequest`; a target through them. */
async function flakyTarget(of: ReferenceEndpoint, onRequest: FaultProxyOptions['onRequest']): Promise<{ target: Target; requests: () => number }> {
  const http = await startFaultProxy({ upstream: hostPort(of.http), mode: 'http', onRequest });
  const cert = await proxyCertificate();
  const https = await startFaultProxy({
    upstream: hostPort(of.https),
    mode: 'http',
    terminateTls: { ...cert, upstreamCa: fs.readFileSync(of.caFile, 'utf8') },
    onRequest,
  });
  bench.proxies.push(http, https);
  return {
    target: { ...targetOf(of), http: http.url('http'), https: https.url('https'), caFile: caBundle(bench.dir, [cert.cert, fs.readFileSync(of.caFile, 'utf8')]) },
    requests: () => http.stats.requests + https.stats.requests,
  };
}

/** What a passing fault makes of a try: no answer, or the 503 (on the act or on the control). */
const PASSING = /no answer|503 Slow Down|Slow Down SlowDown|reset|socket hang up/;

test('without --retries: an endpoint that drops a connection now and then gives ERRORs (never a FAIL), none re-judged', async () => {
  const policy = flakyPolicy({ every: 3 });
  const { target } = await flakyTarget(bench.ep, policy.onRequest);
  const run = await runUnderFault(target, bench.direct, cases, { timeoutMs: 5000, concurrency: 1 });
  const errors = run.results.filter((r) => r.verdict === 'error');
  // One faulted request ends the try it belongs to: as many ERRORs as faults.
  expect({ ...run.summary, error: errors.length }).toEqual({ total: 128, pass: 128 - errors.length, fail: 0, error: policy.stats.dropped + policy.stats.slowdown, skipped: 0 });
  expect(errors.length).toBeGreaterThan(20);
  for (const r of errors) expect({ id: r.id, reason: r.reason }).toEqual({ id: r.id, reason: expect.stringMatching(PASSING) });
  expect(run.results.filter((r) => r.attempts !== undefined)).toEqual([]);
  expect(run.maxAttempts).toBeUndefined();
  expect(run.exitCode).toBe(2);
  expect(run.leftovers).toBe(0);
});

test('with --retries 2: the same endpoint (and a few throttled trusted requests): 128 PASS, every earlier try recorded with its backoff and evidence', async () => {
  const policy = flakyPolicy({ every: 3, trustedEvery: 50, trustedMax: 4 });
  const { target, requests } = await flakyTarget(bench.ep, policy.onRequest);
  let seen = 0;
  const run = await runUnderFault(target, bench.direct, cases, { timeoutMs: 5000, concurrency: 1, retries: 2, beforeCleanup: () => (seen = requests()) });
  expect(run.summary).toEqual({ total: 128, pass: 128, fail: 0, error: 0, skipped: 0 });
  expect(run.exitCode).toBe(0);
  expect(run.leftovers).toBe(0);
  expect(run.maxAttempts).toBe(3);
  const retried = run.results.filter((r) => r.attempts !== undefined);
  const earlier = retried.flatMap((r) => r.attempts!);
  // Every fault on a signed request cost exactly one try, recorded; the trusted path's own throttling was absorbed by the SDK.
  expect(earlier).toHaveLength(policy.stats.dropped + policy.stats.slowdown);
  expect(policy.stats.trustedSlowdown).toBe(4);
  expect(retried.length).toBeGreaterThan(20);
  for (const a of earlier) {
    expect(a).toEqual({ verdict: 'error', observed: expect.any(Object), reason: expect.stringMatching(PASSING), durationMs: expect.any(Number), backoffMs: expect.any(Number) });
    expect(a.backoffMs).toBeGreaterThanOrEqual(0);
    expect(a.backoffMs).toBeLessThan(5000);
  }
  for (const r of retried) expectEarlierTriesInEvidence(r);
  // Every request of every try, the sweep's included, is counted in its cell, and nothing else went over the wire.
  expect(seen).toBe(run.results.reduce((n, r) => n + r.requests, 0));
});

/** Each earlier try's requests come first in the evidence, marked with the try, in a folder of its own. */
function expectEarlierTriesInEvidence(r: CaseResult): void {
  const tries = r.attempts!.length + 1;
  for (let n = 1; n < tries; n++) {
    const own = r.evidence.filter((e) => e.step.startsWith(`attempt ${n}: `));
    expect({ id: r.id, n, steps: own.length > 0 }).toEqual({ id: r.id, n, steps: true });
    const act = own.find((e) => e.step === `attempt ${n}: act`);
    // The final try used fresh keys: nothing of an earlier try is in its folder.
    if (act) expect(act.request.url).not.toContain(r.keys!.folder);
  }
  expect(r.evidence.filter((e) => e.step === 'act')).toHaveLength(1);
}

test('a FAIL, and an ERROR the endpoint would repeat, are never judged again (endpoint refusing Signature V2, --retries 2)', async () => {
  const refusing = await startReferenceEndpoint({ profile, fault: 'refuse-v2' });
  try {
    let signed = 0;
    const { target } = await flakyTarget(refusing, (r) => {
      if (!isSdkRequest(r)) signed++;
      return { kind: 'pass' };
    });
    const v2 = cases.filter((c) => c.auth === 'v2' && c.table === 'sse-kms');
    const run = await runUnderFault(target, targetOf(refusing), v2, { timeoutMs: 5000, concurrency: 2, retries: 2 });
    const fails = run.results.filter((r) => r.verdict === 'fail');
    const errors = run.results.filter((r) => r.verdict === 'error');
    expect(fails.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    for (const r of fails) expect(r).toMatchObject({ severity: 'interop', reason: expect.stringMatching(/^refused \(403 Forbidden/) });
    // The unencrypted control is refused too: inconclusive, and asking again would get the same answer.
    for (const r of errors) expect(r.reason).toMatch(/^inconclusive: the same request without encryption got 403/);
    for (const r of run.results) {
      expect({ id: r.id, attempts: r.attempts }).toEqual({ id: r.id, attempts: undefined });
      expect(r.evidence.filter((e) => e.step === 'act')).toHaveLength(1);
    }
    // One act per cell and one control per refused cell: nothing was sent twice.
    expect(signed).toBe(v2.length + errors.length);
    expect(run.leftovers).toBe(0);
  } finally {
    await refusing.close();
  }
});

test('the CLI: run --retries 2 --json against a flaky endpoint: exit 0, the tries in results.json and on the cell lines', async () => {
  const policy = flakyPolicy({ every: 3 });
  const { target } = await flakyTarget(bench.ep, policy.onRequest);
  const envFile = path.join(bench.dir, 'flaky.env');
  fs.writeFileSync(envFile, envTextFor({ ...bench.ep, caFile: target.caFile! }, { http: target.http, https: target.https }));
  const reports = path.join(bench.dir, 'cli');
  // Asynchronous: the proxies live in this process and must keep answering while the CLI runs.
  const child = spawn(
    process.execPath,
    [BIN, 'run', '--env-file', envFile, '--only', 'sse-kms/**', '--retries', '2', '--concurrency', '1', '--settle', '0', '--json', '--report-dir', reports],
    // The flaky policy faults requests under test only: the CLI's trusted path is marked for it (nothing else tells them apart).
    { cwd: bench.dir, env: { ...process.env, CI: 'true', [TRUSTED_MARK_ENV]: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect({ code, err }).toEqual({ code: 0, err: expect.any(String) });
  // As written, it is a valid results.json (the schema has the attempts).
  const res = checkResults(JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')), 'results.json');
  expect(res.maxAttempts).toBe(3);
  expect(res.summary.error).toBe(0);
  const retried = res.cases.filter((c) => c.attempts);
  expect(retried.length).toBeGreaterThan(0);
  expect(retried.flatMap((c) => c.attempts!)).toHaveLength(policy.stats.dropped + policy.stats.slowdown);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; id?: string; attempts?: number });
  const cells = lines.filter((l) => l.type === 'cell');
  expect(cells).toHaveLength(res.cases.length);
  const tries = new Map(res.cases.map((c) => [c.id, c.attempts ? c.attempts.length + 1 : undefined]));
  for (const l of cells) expect({ id: l.id, attempts: l.attempts }).toEqual({ id: l.id, attempts: tries.get(l.id!) });
});
