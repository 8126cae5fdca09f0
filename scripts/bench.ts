/**
 * npm run bench: measures whole-process runs of `sse-conformance run` (start-up included).
 * The endpoint runs as its own `serve` process so that the harness's and the endpoint's peak RSS
 * are measured apart. Also measured: `npm run conformance` as a user runs it (the embedded endpoint
 * on a worker thread of the same process), one cell, and 128 cells with 50 ms added to every answer by the fault
 * proxy (compared with the critical-path limit that delay imposes). Writes reports/bench.json.
 * Against another endpoint: --env-file FILE. The CLI is built first (scripts/build.js) and runs
 * precompiled, as after `npm ci`; --sources measures it run from the TypeScript sources through tsx.
 * Without --settle every run takes the CLI's own default (0 against the embedded endpoint).
 *
 *   npm run bench -- [--runs N] [--concurrency 1,4,8,16] [--settle MS] [--env-file FILE] [--sources]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { envTextFor, type ServeLine } from '../lib/cli/serve-line';
import { startFaultProxy } from '../lib/reliability/fault-proxy';
import type { RunResults } from '../lib/verdict/types';

const ROOT = path.resolve(__dirname, '..');
/** The CLI of a copy of the project taken at start (see main). */
let BIN = path.join(ROOT, 'bin/sse-conformance.js');
/* eslint-disable @typescript-eslint/no-require-imports -- the build scripts are plain CommonJS */
const { build, copyProject } = require('./build.js') as { build: (root: string) => Promise<object | null>; copyProject: () => string };
const { freshBundle } = require('./build-state.js') as { freshBundle: (root: string) => string | null };
/* eslint-enable @typescript-eslint/no-require-imports */
/** The node flags `npm run conformance` starts the CLI with (package.json): a run here is the run a user starts. */
const NODE_FLAGS = nodeFlagsOf((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.conformance ?? '');
/** Set by --sources: every measured run starts from the TypeScript sources (tsx). */
let sourcesEnv: Record<string, string> = {};
/** `--settle MS` when given; otherwise the CLI's default. */
let settleArgs: string[] = [];

interface Sample {
  wallMs: number;
  cells: number;
  requestsPerCell: number;
  harnessPeakRssMiB: number;
  /** User + system CPU of the harness process: a run that takes as long as its CPU is CPU-bound, not waiting. */
  harnessCpuMs: number;
  verdicts: RunResults['summary'];
  exitCode: number | null;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { median: r(mid), min: r(s[0]), max: r(s[s.length - 1]) };
}

async function startServe(): Promise<{ envFile: string; pid: number; stop: () => Promise<number> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--http-port', '0', '--https-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const ep = JSON.parse(line) as ServeLine;
  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sse-bench-')), '.env');
  fs.writeFileSync(envFile, envTextFor(ep));
  const pid = child.pid!;
  return {
    envFile,
    pid,
    stop: async () => {
      const peak = peakRssMiB(pid);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      return peak;
    },
  };
}

/** `node --a --b -- bin/sse-conformance.js run` -> ['--a', '--b']. */
function nodeFlagsOf(script: string): string[] {
  const m = /^node\s+(.*?)\s*--\s+bin\/sse-conformance\.js\b/.exec(script);
  return m ? m[1]!.split(/\s+/).filter(Boolean) : [];
}

/** VmHWM: the process's peak resident set so far. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** One whole-process run. Asynchronous: a proxy of this process (the delayed runs) must keep serving meanwhile. */
async function runOnce(envFile: string | null, concurrency: number, reportDir: string, extra: string[] = []): Promise<Sample> {
  const statsFile = path.join(reportDir, 'rusage.json');
  const started = performance.now();
  const args = [BIN, 'run', ...(envFile ? ['--env-file', envFile] : []), '--concurrency', String(concurrency), '--report-dir', reportDir, ...extra];
  // With no env file the embedded endpoint runs in the harness's process: no .env of the user's may interfere.
  fs.rmSync(path.join(reportDir, 'latest'), { recursive: true, force: true });
  const child = spawn(process.execPath, [...NODE_FLAGS, '--', ...args], {
    cwd: envFile ? ROOT : fs.mkdtempSync(path.join(os.tmpdir(), 'sse-bench-cwd-')),
    env: { ...process.env, CI: 'true', SSE_RUSAGE_FILE: statsFile, ...sourcesEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = performance.now() - started;
  // A run that wrote no report is a failed measurement, never last run's figures.
  if (!fs.existsSync(path.join(reportDir, 'latest', 'results.json'))) throw new Error(`run wrote no report (exit ${status}): ${stderr.slice(-500)}`);
  const res = JSON.parse(fs.readFileSync(path.join(reportDir, 'latest', 'results.json'), 'utf8')) as RunResults;
  const requests = res.cases.reduce((n, c) => n + c.requests, 0);
  const usage = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as { maxRSS: number; userCPUTime?: number; systemCPUTime?: number };
  const maxRssKiB = usage.maxRSS;
  return {
    wallMs,
    cells: res.cases.length,
    requestsPerCell: requests / res.cases.length,
    harnessPeakRssMiB: maxRssKiB / 1024,
    harnessCpuMs: ((usage.userCPUTime ?? NaN) + (usage.systemCPUTime ?? NaN)) / 1000,
    verdicts: res.summary,
    exitCode: status,
  };
}

/** `n` runs one after the other. */
async function series(n: number, once: () => Promise<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) out.push(await once());
  return out;
}

function summarizeSamples(samples: Sample[]) {
  return {
    wallMs: stats(samples.map((s) => s.wallMs)),
    cellsPerSecond: stats(samples.map((s) => (s.cells * 1000) / s.wallMs)),
    requestsPerCell: stats(samples.map((s) => s.requestsPerCell)),
    harnessPeakRssMiB: stats(samples.map((s) => s.harnessPeakRssMiB)),
    harnessCpuMs: stats(samples.map((s) => s.harnessCpuMs)),
    cells: samples[0]!.cells,
    verdicts: samples[samples.length - 1]!.verdicts,
    exitCodes: [...new Set(samples.map((s) => s.exitCode))],
  };
}

function say(label: string, level: ReturnType<typeof summarizeSamples>): void {
  process.stdout.write(
    `${label}: wall ${level.wallMs.median} ms (min ${level.wallMs.min}, max ${level.wallMs.max}); ` +
      `${level.cellsPerSecond.median} cells/s; ${level.requestsPerCell.median} requests/cell; harness peak RSS ${level.harnessPeakRssMiB.median} MiB; harness CPU ${level.harnessCpuMs.median} ms; ` +
      `exit ${level.exitCodes.join(',')}; ${JSON.stringify(level.verdicts)}\n`,
  );
}

/** 128 cells through a proxy that holds every answer chunk back `delayMs`, at `concurrency`: wall time and the critical-path limit. */
async function delayed(envFile: string, reportDir: string, runs: number, concurrency = 32, delayMs = 50) {
  const served = Object.fromEntries(fs.readFileSync(envFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const hp = (u: string) => ({ host: new URL(u).hostname, port: Number(new URL(u).port) });
  const proxies = await Promise.all(
    [served.S3_ENDPOINT_HTTP!, served.S3_ENDPOINT_HTTPS!].map((u) => startFaultProxy({ upstream: hp(u), mode: 'raw', onConnection: () => ({ kind: 'delay', ms: delayMs }) })),
  );
  const slowEnv = path.join(path.dirname(envFile), 'delayed.env');
  const lines = fs.readFileSync(envFile, 'utf8').replace(/^S3_ENDPOINT_HTTP=.*$/m, `S3_ENDPOINT_HTTP=${proxies[0]!.url('http')}`).replace(/^S3_ENDPOINT_HTTPS=.*$/m, `S3_ENDPOINT_HTTPS=${proxies[1]!.url('https')}`);
  fs.writeFileSync(slowEnv, lines);
  try {
    const samples = await series(runs, () => runOnce(slowEnv, concurrency, reportDir, settleArgs));
    const res = JSON.parse(fs.readFileSync(path.join(reportDir, 'latest', 'results.json'), 'utf8')) as RunResults;
    const settle = res.settleMs ?? 0;
    // Each request costs at least one delay; a cell's requests are sequential; `concurrency` cells at once.
    const perCell = res.cases.map((c) => c.requests * delayMs);
    const throughputBound = perCell.reduce((a, b) => a + b, 0) / concurrency;
    const chainBound = Math.max(...perCell);
    const limitMs = Math.round(Math.max(throughputBound, chainBound) + Number(settle));
    return { ...summarizeSamples(samples), delayMs, concurrency, criticalPathLimitMs: limitMs, limit: 'max(sum of requests x delay / concurrency, longest cell x delay) + settle' };
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '1,4,8,16' }, settle: { type: 'string' }, 'env-file': { type: 'string' }, sources: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  settleArgs = values.settle === undefined ? [] : ['--settle', values.settle];
  // The sources as they are now, copied: an edit made in the tree during the bench would otherwise
  // send later runs through tsx (bin never runs a stale build). Then, as after `npm ci`, built.
  const snapshot = copyProject();
  BIN = path.join(snapshot, 'bin/sse-conformance.js');
  const cli = values.sources ? 'sources (tsx)' : (await build(snapshot)) && freshBundle(snapshot) ? 'precompiled' : 'sources (tsx): the build failed';
  if (values.sources) sourcesEnv = { SSE_CONFORMANCE_SOURCES: '1' };
  process.stdout.write(`CLI: ${cli}; node ${[...NODE_FLAGS, '--'].join(' ')} bin/sse-conformance.js\n`);
  const levels = values.concurrency!.split(',').map(Number);
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-bench-reports-'));
  const served = values['env-file'] ? null : await startServe();
  const envFile = values['env-file'] ?? served!.envFile;
  const out: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version }, target: values['env-file'] ? 'env-file' : 'embedded (serve process)', runs, cli, nodeFlags: NODE_FLAGS, settleMs: values.settle === undefined ? 'CLI default' : Number(values.settle), levels: {} };
  try {
    await runOnce(envFile, 8, reportDir, settleArgs); // warm-up: disk cache, TLS session, JIT of the endpoint
    for (const c of levels) {
      const level = summarizeSamples(await series(runs, () => runOnce(envFile, c, reportDir, settleArgs)));
      (out.levels as Record<string, unknown>)[`concurrency-${c}`] = level;
      say(`concurrency ${String(c).padStart(2)}`, level);
    }
    // One cell that must be accepted (no late-write wait): the start-up cost, whole process.
    const oneCell = summarizeSamples(await series(runs, () => runOnce(envFile, 8, reportDir, ['--only', 'sse-c/put-object/https-v4', ...settleArgs])));
    out.oneCell = oneCell;
    say('one cell', oneCell);
    if (!values['env-file']) {
      // As a user runs it: `npm run conformance`, the embedded endpoint on a worker thread of the same
      // process (its memory is in the peak RSS). (bench.json keeps the key `embeddedInProcess`.)
      const embedded = summarizeSamples(await series(runs, () => runOnce(null, 8, reportDir, settleArgs)));
      out.embeddedInProcess = embedded;
      say('embedded, same process (npm run conformance)', embedded);
      const slow = await delayed(envFile, reportDir, runs);
      out.delayed50msConcurrency32 = slow;
      say(`50 ms per answer, concurrency 32 (critical-path limit ${slow.criticalPathLimitMs} ms)`, slow);
    }
  } finally {
    if (served) {
      out.endpointPeakRssMiB = await served.stop();
      process.stdout.write(`endpoint peak RSS ${out.endpointPeakRssMiB} MiB\n`);
    }
    fs.rmSync(snapshot, { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'reports', 'bench.json'), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write('wrote reports/bench.json\n');
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(2);
});
