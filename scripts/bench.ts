/**
 * npm run bench: measures whole-process runs of `sse-conformance run` (jest start included).
 * The endpoint runs as its own `serve` process so that the harness's and the endpoint's peak RSS
 * are measured apart. Writes reports/bench.json. Against another endpoint: --env-file FILE.
 *
 *   npm run bench -- [--runs N] [--concurrency 1,4,8,16] [--env-file FILE]
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { envTextFor, type ServeLine } from '../lib/cli/serve-line';
import type { RunResults } from '../lib/verdict/types';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin/sse-conformance.js');

interface Sample {
  wallMs: number;
  cells: number;
  requestsPerCell: number;
  harnessPeakRssMiB: number;
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

/** VmHWM: the process's peak resident set so far. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function runOnce(envFile: string, concurrency: number, reportDir: string): Sample {
  const statsFile = path.join(reportDir, 'rusage.json');
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'run', '--env-file', envFile, '--concurrency', String(concurrency), '--report-dir', reportDir], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', SSE_RUSAGE_FILE: statsFile },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  const res = JSON.parse(fs.readFileSync(path.join(reportDir, 'latest', 'results.json'), 'utf8')) as RunResults;
  const requests = res.cases.reduce((n, c) => n + c.requests, 0);
  const maxRssKiB = JSON.parse(fs.readFileSync(statsFile, 'utf8')).maxRSS as number;
  return {
    wallMs,
    cells: res.cases.length,
    requestsPerCell: requests / res.cases.length,
    harnessPeakRssMiB: maxRssKiB / 1024,
    verdicts: res.summary,
    exitCode: r.status,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '1,4,8,16' }, 'env-file': { type: 'string' } } });
  const runs = Number(values.runs);
  const levels = values.concurrency!.split(',').map(Number);
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-bench-reports-'));
  const served = values['env-file'] ? null : await startServe();
  const envFile = values['env-file'] ?? served!.envFile;
  const out: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version }, target: values['env-file'] ? 'env-file' : 'embedded (serve process)', runs, levels: {} };
  try {
    runOnce(envFile, 8, reportDir); // warm-up: disk cache, TLS session, JIT of the endpoint
    for (const c of levels) {
      const samples = Array.from({ length: runs }, () => runOnce(envFile, c, reportDir));
      const level = {
        wallMs: stats(samples.map((s) => s.wallMs)),
        cellsPerSecond: stats(samples.map((s) => (s.cells * 1000) / s.wallMs)),
        requestsPerCell: stats(samples.map((s) => s.requestsPerCell)),
        harnessPeakRssMiB: stats(samples.map((s) => s.harnessPeakRssMiB)),
        cells: samples[0].cells,
        verdicts: samples[samples.length - 1].verdicts,
        exitCodes: [...new Set(samples.map((s) => s.exitCode))],
      };
      (out.levels as Record<string, unknown>)[`concurrency-${c}`] = level;
      process.stdout.write(
        `concurrency ${String(c).padStart(2)}: wall ${level.wallMs.median} ms (min ${level.wallMs.min}, max ${level.wallMs.max}); ` +
          `${level.cellsPerSecond.median} cells/s; ${level.requestsPerCell.median} requests/cell; harness peak RSS ${level.harnessPeakRssMiB.median} MiB; ` +
          `exit ${level.exitCodes.join(',')}; ${JSON.stringify(level.verdicts)}\n`,
      );
    }
  } finally {
    if (served) {
      out.endpointPeakRssMiB = await served.stop();
      process.stdout.write(`endpoint peak RSS ${out.endpointPeakRssMiB} MiB\n`);
    }
  }
  fs.mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'reports', 'bench.json'), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write('wrote reports/bench.json\n');
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(2);
});
