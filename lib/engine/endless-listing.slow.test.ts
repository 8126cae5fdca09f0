import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envTextFor, serveLineOf } from '../cli/serve-line';
import { expandProfile } from '../matrix/expand';
import { loadProfile } from '../profile/load';
import { startReferenceEndpoint, type ReferenceEndpoint } from '../reference-endpoint';
import { runConformance } from '../run/run';
import { startDishonestProxy, type DishonestProxy } from '../verdict/test-support/dishonest-proxy';
import { endlessListing, repeatedToken, type ListingBehaviour } from '../verdict/test-support/listing-answers';
import type { RunResults } from '../verdict/types';

// Issue 19: an endpoint whose ListObjectsV2 never ends (IsTruncated forever, each page 1,000
// made-up keys under the prefix, a fresh token each time) or repeats its continuation token kept a
// one-cell run asking for pages for minutes: no report, no exit code. Every listing is now bounded
// (./listing-bounds.ts): the run ends in seconds, the cell whose verdict rested on a listing is
// ERROR, the cleanup says which listing failed, and the CLI writes its report and exits 2.

jest.setTimeout(120_000);

const ALL = expandProfile(loadProfile('obs'));
/** A reject cell (its proven look lists the cell's folder) and an accept cell (judged by read-backs). */
const REJECT = 'sse-kms/put-object/http-v4';
const ACCEPT = 'sse-kms/put-object/https-v4';
const CASES = ALL.filter((c) => c.id === REJECT || c.id === ACCEPT);
/** What "well under 60 s" is held to (the old code took minutes). */
const RUN_LIMIT_MS = 30_000;
const BIN = path.resolve(__dirname, '../../bin/sse-conformance.js');

const variants: [string, () => ListingBehaviour, RegExp][] = [
  ['fresh tokens forever, 1,000 made-up keys a page', () => endlessListing(1000), new RegExp(`the listing returned more than \\d+ keys under the prefix`)],
  ['the same continuation token again and again', repeatedToken, /the listing repeated a continuation token/],
];

/** The promise, or an error once `ms` have passed (the proxy is then closed by afterAll, which ends the run). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1000} s`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

describe.each(variants)('a listing with %s', (_label, make, reason) => {
  let ep: ReferenceEndpoint;
  let proxy: DishonestProxy;
  let listing: ListingBehaviour;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-endless-'));
    ep = await startReferenceEndpoint({ profile: 'obs' });
    listing = make();
    proxy = await startDishonestProxy(ep, listing.behave);
  });

  afterAll(async () => {
    await proxy?.close();
    await ep?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the run ends in seconds, memory bounded: the cell that rested on the listing is ERROR, the cleanup names the listing', async () => {
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const t0 = performance.now();
    let results: RunResults;
    try {
      ({ results } = await within(
        runConformance({ runId: `endless-${Math.random().toString(36).slice(2, 8)}`, timeoutMs: 5000, strict: false, concurrency: 8, settleMs: 0 }, { target: proxy.target, cases: CASES, writeReports: false }),
        60_000,
        'the run',
      ));
    } finally {
      clearInterval(sampler);
    }
    const ms = performance.now() - t0;
    const pages = listing.pages;
    process.stdout.write(`${_label}: run ${Math.round(ms)} ms, ${pages} listing pages answered, heap peak +${Math.round((peak - base) / 2 ** 20)} MiB\n`);
    expect(ms).toBeLessThan(RUN_LIMIT_MS);
    // Each listing (the witness's, the sweep's, the cleanup's) stops after at most bound/1,000 + 1 pages.
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThan(100);
    // 10,000 made-up keys at a time at most; the old code kept ten million.
    expect(peak - base).toBeLessThan(256 * 2 ** 20);

    const byId = new Map(results.cases.map((r) => [r.id, r]));
    const rejected = byId.get(REJECT)!;
    expect(rejected.verdict).toBe('error');
    expect(rejected.reason).toMatch(reason);
    expect(rejected.reason).toMatch(/list objects/);
    // The accept cell's verdict rests on read-backs, not on a listing.
    expect(byId.get(ACCEPT)!.verdict).toBe('pass');
    expect(results.cleanup).toMatchObject({ ok: false, left: null });
    expect(results.cleanup!.failures.join('\n')).toMatch(reason);
    expect(results.cleanup!.failures.every((f) => /^[\x20-\x7e]+$/.test(f))).toBe(true);
  });

  test('the CLI writes its report and exits 2, with the cleanup warning naming the listing', async () => {
    const envFile = path.join(dir, 'target.env');
    fs.writeFileSync(envFile, envTextFor(serveLineOf(ep), { http: proxy.target.http, https: proxy.target.https }));
    const reports = path.join(dir, 'reports');
    const t0 = performance.now();
    const r = await new Promise<{ code: number | null; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'run', '--env-file', envFile, '--only', REJECT, '--only', ACCEPT, '--settle', '0', '--report-dir', reports], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', CI: 'true' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, err });
      });
    });
    const ms = performance.now() - t0;
    process.stdout.write(`${_label}: CLI run ${Math.round(ms)} ms, exit ${r.code}\n`);
    expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: expect.stringMatching(reason) });
    expect(r.err).toMatch(/warning: cleanup did not finish/);
    expect(ms).toBeLessThan(RUN_LIMIT_MS);
    const results = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
    expect(results.cleanup?.ok).toBe(false);
    expect(results.cases.find((c) => c.id === REJECT)?.verdict).toBe('error');
    for (const f of ['junit.xml', 'summary.md', 'index.html']) expect(fs.existsSync(path.join(reports, 'latest', f))).toBe(true);
  });
});
