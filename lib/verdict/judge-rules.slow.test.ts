import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { targetOf } from '../engine/embedded-target';
import { isTrustedMarked } from '../engine/trusted-mark';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { runAgainst } from '../self-check/run-against';
import type { CaseResult } from './types';

// Misbehaviours the reference endpoint cannot be told to have, put between the harness and its
// HTTP listener by a small proxy that touches only requests under test (not the SDK's).
jest.setTimeout(120000);

type Mode = 'throttle' | 'leak' | 'head-403';
const KEY_HEADER = 'x-amz-server-side-encryption-customer-key';
const httpCases = expandProfile(loadProfile('obs')).filter((c) => c.protocol === 'http');

let ep: ReferenceEndpoint;
beforeAll(async () => {
  ep = await startReferenceEndpoint({ profile: 'obs' });
});
afterAll(() => ep.close());

async function runThrough(mode: Mode): Promise<CaseResult[]> {
  const upstream = new URL(ep.http);
  const proxy = http.createServer((req, res) => {
    // Only the test mark tells the trusted path (runAgainst marks it) from the requests under test.
    const underTest = !isTrustedMarked(req.headers);
    const sse = Object.keys(req.headers).some((h) => h.startsWith('x-amz-server-side-encryption'));
    if (underTest && sse && mode === 'throttle') {
      req.resume();
      res.writeHead(429, { 'content-type': 'application/xml' }).end('<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      return;
    }
    if (underTest && sse && mode === 'head-403' && req.method === 'HEAD') {
      req.resume();
      res.writeHead(403).end();
      return;
    }
    const fwd = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const headers = { ...up.headers };
      const key = req.headers[KEY_HEADER] ?? req.headers[`x-amz-copy-source-server-side-encryption-customer-key`];
      if (underTest && mode === 'leak' && key) headers['x-debug-echo-key'] = key;
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    req.pipe(fwd);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  try {
    const target = { ...targetOf(ep), http: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
    return (await runAgainst(target, httpCases)).results;
  } finally {
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
  }
}

test('a refusal that only says "slow down" proves nothing: inconclusive, never PASS', async () => {
  const results = await runThrough('throttle');
  const throttled = results.filter((r) => r.observed.status === 429);
  expect(throttled.length).toBeGreaterThan(20);
  for (const r of throttled) {
    // Busy is not a refusal by the rule: ERROR on both kinds of cell (never PASS, never a FAIL the endpoint did not earn).
    expect({ id: r.id, verdict: r.verdict }).toEqual({ id: r.id, verdict: 'error' });
    if (r.expected === 'reject') expect(r.reason).toMatch(/^inconclusive/);
  }
});

test('an answer that carries the SSE-C key back is an exposure, accepted or refused', async () => {
  const results = await runThrough('leak');
  const carrying = results.filter((r) => r.evidence.some((e) => e.step === 'act' && (e.request.headers[KEY_HEADER] || e.request.headers['x-amz-copy-source-server-side-encryption-customer-key'])));
  expect(carrying.length).toBeGreaterThan(10);
  for (const r of carrying) expect({ id: r.id, verdict: r.verdict, severity: r.severity }).toEqual({ id: r.id, verdict: 'fail', severity: 'exposure' });
});

test('a bodiless 403 to an SSE-C HEAD cannot be told from an authentication failure: inconclusive', async () => {
  const results = await runThrough('head-403');
  for (const r of results.filter((x) => x.id.startsWith('sse-c/head-object/'))) {
    expect({ id: r.id, verdict: r.verdict, inconclusive: r.reason.startsWith('inconclusive') }).toEqual({ id: r.id, verdict: 'error', inconclusive: true });
  }
});
